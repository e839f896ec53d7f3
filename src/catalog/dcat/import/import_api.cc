// SPDX-License-Identifier: Apache-2.0
#include "catalog/catalog_api.h"
#include "http/problem.h"
#include "jobs/jobs_api.h"
#include "rdf/rdf.h"

namespace samverka::catalog {

using http::Request;
using http::Response;

void register_import_routes(http::Router& router, CatalogApi& api) {
  // The file is the body; its format comes from Content-Type, or from the content when the type
  // is missing or generic.
  router.add("POST", "/api/v1/import", [&api](Request& request) -> Response {
    if (api.imports == nullptr)
      return http::problem(make_error(ErrorCode::kUnavailable, "import is not available"));
    auto principal = accounts::principal_of(api.accounts, request);
    if (!principal.ok()) return http::problem(principal.error());
    ImportOptions options;
    std::string content_type(request.header("content-type"));
    options.syntax = rdf::syntax_for(content_type.substr(0, content_type.find(';')));
    if (!content_type.empty() && options.syntax == "guess" &&
        content_type.find("text/plain") == std::string::npos &&
        content_type.find("application/octet-stream") == std::string::npos &&
        content_type.find("application/xml") == std::string::npos &&
        content_type.find("text/xml") == std::string::npos &&
        content_type.find("application/json") == std::string::npos) {
      return http::problem(
          make_error(ErrorCode::kUnsupportedMediaType,
                     "import takes application/rdf+xml, text/turtle, application/n-triples or "
                     "application/ld+json, not " +
                         content_type));
    }
    auto dry_run = http::flag_param(request, "dry_run");
    auto partial = http::flag_param(request, "partial");
    auto queued = http::flag_param(request, "async");
    if (!dry_run.ok()) return http::problem(dry_run.error());
    if (!partial.ok()) return http::problem(partial.error());
    if (!queued.ok()) return http::problem(queued.error());
    options.dry_run = dry_run.value();
    options.partial = partial.value();
    options.publisher = request.query_param("publisher");
    options.source = request.query_param("source").value_or("upload");
    if (queued.value()) {
      // Large files: answered at once with the job; the import runs as a job, and its report
      // (/api/v1/imports/{job id}) says how it went.
      auto job = api.imports->enqueue(principal.value(), std::move(request.body), options);
      if (!job.ok()) return http::problem(job.error());
      boost::json::object body = jobs::to_json(job.value());
      body["report"] = "/api/v1/imports/" + job->id;
      Response response = http::json_response(202, boost::json::value(std::move(body)));
      response.set_header("Location", "/api/v1/jobs/" + job->id);
      return response;
    }
    auto report = api.imports->run(principal.value(), request.body, options);
    if (!report.ok()) return http::problem(report.error());
    const std::string status(report->at("status").get_string());
    int code = status == "applied" || status == "partial" ? 201 : status == "failed" ? 422 : 200;
    Response response = http::json_response(code, report.value());
    if (status != "dry_run") {
      response.set_header("Location",
                          "/api/v1/imports/" + std::string(report->at("id").get_string()));
    }
    return response;
  });

  router.add("GET", "/api/v1/imports/{id}", [&api](Request& request) -> Response {
    if (api.imports == nullptr)
      return http::problem(make_error(ErrorCode::kNotFound, "import is not available"));
    auto principal = accounts::principal_of(api.accounts, request);
    if (!principal.ok()) return http::problem(principal.error());
    auto report = api.imports->report(principal.value(), std::string(request.param("id")));
    if (!report.ok()) return http::problem(report.error());
    return http::json_response(200, report.value());
  });
}

}  // namespace samverka::catalog
