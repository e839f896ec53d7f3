// SPDX-License-Identifier: Apache-2.0
#include "quality/quality_api.h"

#include <boost/json.hpp>

#include "accounts/accounts_api.h"
#include "http/json_api.h"
#include "http/problem.h"

namespace samverka::quality {

namespace bj = boost::json;
using http::Request;
using http::Response;

namespace {
Response scope_response(QualityApi& api, Request& request, const std::string& organization) {
  auto history = http::integer_param(request, "history", 1, 3650);
  if (!history.ok()) return http::problem(history.error());
  auto quality = api.quality.scope_quality(organization, static_cast<int>(history->value_or(90)));
  if (!quality.ok()) return http::problem(quality.error());
  return http::json_response(200, bj::value(std::move(quality.value())));
}
}  // namespace

void register_quality_routes(http::Router& router, QualityApi& api) {
  router.add("GET", "/api/v1/datasets/{id}/quality", [&api](Request& request) -> Response {
    auto principal = accounts::principal_of(api.accounts, request);
    if (!principal.ok()) return http::problem(principal.error());
    auto quality = api.quality.dataset_quality(principal.value(), std::string(request.param("id")));
    if (!quality.ok()) return http::problem(quality.error());
    return http::json_response(200, bj::value(std::move(quality.value())));
  });
  router.add("GET", "/api/v1/organizations/{id}/quality", [&api](Request& request) -> Response {
    return scope_response(api, request, std::string(request.param("id")));
  });
  router.add("GET", "/api/v1/quality",
             [&api](Request& request) -> Response { return scope_response(api, request, ""); });
  router.add("POST", "/api/v1/quality/runs", [&api](Request& request) -> Response {
    auto principal = accounts::principal_of(api.accounts, request);
    if (!principal.ok()) return http::problem(principal.error());
    bool links = true;
    if (!request.body.empty()) {
      auto body = http::json_body(request);
      if (!body.ok()) return http::problem(body.error());
      if (!body->is_object()) {
        return http::problem(
            make_error(ErrorCode::kValidation, "the run is not valid",
                       {{"", "must be a JSON object such as {\"links\": false}"}}));
      }
      const bj::value* given = body->as_object().if_contains("links");
      if (given != nullptr && !given->is_bool()) {
        return http::problem(make_error(ErrorCode::kValidation, "the run is not valid",
                                        {{"links", "must be true or false"}}));
      }
      if (given != nullptr) links = given->get_bool();
    }
    auto job = api.quality.start(principal.value(), links);
    if (!job.ok()) return http::problem(job.error());
    Response response = http::json_response(
        202, bj::value(bj::object{{"job", "/api/v1/jobs/" + job->id}, {"id", job->id}}));
    response.set_header("Location", "/api/v1/jobs/" + job->id);
    return response;
  });
}

}  // namespace samverka::quality
