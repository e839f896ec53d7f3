// SPDX-License-Identifier: Apache-2.0
#include "jobs/jobs_api.h"

#include "accounts/accounts_api.h"
#include "http/json_api.h"
#include "http/problem.h"

namespace samverka::jobs {

namespace bj = boost::json;
using http::Request;
using http::Response;

namespace {

bj::value parsed_or_text(const std::string& text) {
  boost::system::error_code error;
  bj::value value = bj::parse(text, error);
  if (error) return bj::value(text);
  return value;
}

bj::value optional_text(const std::optional<std::string>& text) {
  return text ? bj::value(*text) : bj::value(nullptr);
}

}  // namespace

bj::object to_json(const Job& job) {
  bj::object out;
  out["id"] = job.id;
  out["type"] = job.type;
  out["state"] = state_name(job.state);
  out["parameters"] = parsed_or_text(job.parameters);
  out["organization"] =
      job.organization_id.empty() ? bj::value(nullptr) : bj::value(job.organization_id);
  out["created_by"] = job.created_by.empty() ? bj::value(nullptr) : bj::value(job.created_by);
  out["progress"] = bj::object{{"done", job.done}, {"total", job.total}, {"stage", job.stage}};
  out["result"] = job.result ? parsed_or_text(*job.result) : bj::value(nullptr);
  out["message"] = job.message;
  out["cancel_requested"] = job.cancel_requested;
  out["attempts"] = job.attempts;
  out["created"] = job.created;
  out["started"] = optional_text(job.started);
  out["finished"] = optional_text(job.finished);
  return out;
}

bj::object to_json(const JobLogLine& line) {
  return bj::object{{"at", line.at}, {"level", line.level}, {"message", line.message}};
}

void register_job_routes(http::Router& router, JobsApi& api) {
  router.add("GET", "/api/v1/jobs", [&api](Request& request) -> Response {
    auto principal = accounts::principal_of(api.accounts, request);
    if (!principal.ok()) return http::problem(principal.error());
    JobQuery query;
    if (auto state = request.query_param("state")) {
      query.state = state_from_name(*state);
      if (!query.state) {
        return http::problem(make_error(
            ErrorCode::kBadRequest, "state must be queued, running, succeeded, failed or cancelled",
            {{"state", "unknown state '" + *state + "'"}}));
      }
    }
    query.type = request.query_param("type");
    query.cursor = request.query_param("cursor").value_or("");
    auto limit = http::integer_param(request, "limit", 1, 100);
    if (!limit.ok()) return http::problem(limit.error());
    query.limit = static_cast<int>(limit->value_or(20));
    for (const auto& [name, value] : request.query) {
      if (name != "state" && name != "type" && name != "cursor" && name != "limit") {
        return http::problem(make_error(ErrorCode::kBadRequest, "unknown parameter '" + name + "'",
                                        {{name, "unknown parameter"}}));
      }
    }
    auto page = api.jobs.list(principal.value(), query);
    if (!page.ok()) return http::problem(page.error());
    bj::array items;
    for (const Job& job : page->items) items.push_back(to_json(job));
    bj::object body{{"items", std::move(items)},
                    {"next", page->next.empty() ? bj::value(nullptr) : bj::value(page->next)}};
    return http::json_response(200, bj::value(std::move(body)));
  });

  router.add("GET", "/api/v1/jobs/{id}", [&api](Request& request) -> Response {
    auto principal = accounts::principal_of(api.accounts, request);
    if (!principal.ok()) return http::problem(principal.error());
    std::string id(request.param("id"));
    auto job = api.jobs.get(principal.value(), id);
    if (!job.ok()) return http::problem(job.error());
    auto lines = api.jobs.log(principal.value(), id);
    if (!lines.ok()) return http::problem(lines.error());
    bj::object body = to_json(job.value());
    bj::array log;
    for (const JobLogLine& line : lines.value()) {
      log.push_back(to_json(line));
    }
    body["log"] = std::move(log);
    return http::json_response(200, bj::value(std::move(body)));
  });

  router.add("POST", "/api/v1/jobs/{id}/cancel", [&api](Request& request) -> Response {
    auto principal = accounts::principal_of(api.accounts, request);
    if (!principal.ok()) return http::problem(principal.error());
    auto job = api.jobs.cancel(principal.value(), std::string(request.param("id")));
    if (!job.ok()) return http::problem(job.error());
    return http::json_response(job->state == JobState::kCancelled ? 200 : 202,
                               bj::value(to_json(job.value())));
  });
}

}  // namespace samverka::jobs
