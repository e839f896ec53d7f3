// SPDX-License-Identifier: Apache-2.0
#include "harvest/harvest_api.h"

#include "accounts/accounts_api.h"
#include "http/json_api.h"
#include "http/problem.h"

namespace samverka::harvest {

namespace bj = boost::json;
using http::Request;
using http::Response;

namespace {
Response source_response(int status, const HarvestSource& source) {
  Response response = http::json_response(status, bj::value(to_json(source)));
  response.set_header("ETag", http::etag_for(source.revision));
  return response;
}
}  // namespace

void register_harvest_routes(http::Router& router, HarvestApi& api) {
  router.add("GET", "/api/v1/harvest/sources", [&api](Request&) -> Response {
    auto sources = api.harvests.list();
    if (!sources.ok()) return http::problem(sources.error());
    bj::array items;
    for (const HarvestSource& source : sources.value()) items.push_back(to_json(source));
    auto total = static_cast<int64_t>(items.size());
    return http::json_response(
        200, bj::value(bj::object{{"items", std::move(items)}, {"total", total}}));
  });
  router.add("POST", "/api/v1/harvest/sources", [&api](Request& request) -> Response {
    auto principal = accounts::principal_of(api.accounts, request);
    if (!principal.ok()) return http::problem(principal.error());
    auto body = http::json_body(request);
    if (!body.ok()) return http::problem(body.error());
    auto created = api.harvests.create(principal.value(), body.value());
    if (!created.ok()) return http::problem(created.error());
    Response response = source_response(201, created.value());
    response.set_header("Location", "/api/v1/harvest/sources/" + created->id);
    return response;
  });
  router.add("GET", "/api/v1/harvest/sources/{id}", [&api](Request& request) -> Response {
    auto source = api.harvests.get(std::string(request.param("id")));
    if (!source.ok()) return http::problem(source.error());
    if (http::if_none_match(request, source->revision)) return http::not_modified(source->revision);
    return source_response(200, source.value());
  });
  router.add("PATCH", "/api/v1/harvest/sources/{id}", [&api](Request& request) -> Response {
    auto principal = accounts::principal_of(api.accounts, request);
    if (!principal.ok()) return http::problem(principal.error());
    auto body = http::json_body(request);
    if (!body.ok()) return http::problem(body.error());
    auto updated = api.harvests.update(principal.value(), std::string(request.param("id")),
                                       body.value(), http::if_match_revision(request));
    if (!updated.ok()) return http::problem(updated.error());
    return source_response(200, updated.value());
  });
  router.add("DELETE", "/api/v1/harvest/sources/{id}", [&api](Request& request) -> Response {
    auto principal = accounts::principal_of(api.accounts, request);
    if (!principal.ok()) return http::problem(principal.error());
    Status removed = api.harvests.remove(principal.value(), std::string(request.param("id")));
    if (!removed.ok()) return http::problem(removed.error());
    return http::no_content();
  });
  router.add("GET", "/api/v1/harvest/sources/{id}/runs", [&api](Request& request) -> Response {
    auto limit = http::integer_param(request, "limit", 1, 100);
    if (!limit.ok()) return http::problem(limit.error());
    auto runs =
        api.harvests.runs(std::string(request.param("id")), static_cast<int>(limit->value_or(20)));
    if (!runs.ok()) return http::problem(runs.error());
    bj::array items;
    for (const HarvestRun& run : runs.value()) items.push_back(to_json(run));
    return http::json_response(200, bj::value(bj::object{{"items", std::move(items)}}));
  });
  router.add("POST", "/api/v1/harvest/sources/{id}/runs", [&api](Request& request) -> Response {
    auto principal = accounts::principal_of(api.accounts, request);
    if (!principal.ok()) return http::problem(principal.error());
    auto job = api.harvests.start(principal.value(), std::string(request.param("id")));
    if (!job.ok()) return http::problem(job.error());
    Response response = http::json_response(
        202, bj::value(bj::object{{"run", job->id},
                                  {"job", "/api/v1/jobs/" + job->id},
                                  {"location", "/api/v1/harvest/runs/" + job->id}}));
    response.set_header("Location", "/api/v1/harvest/runs/" + job->id);
    return response;
  });
  router.add("GET", "/api/v1/harvest/runs/{id}", [&api](Request& request) -> Response {
    auto run = api.harvests.run(std::string(request.param("id")));
    if (!run.ok()) return http::problem(run.error());
    return http::json_response(200, bj::value(to_json(run.value())));
  });
}

}  // namespace samverka::harvest
