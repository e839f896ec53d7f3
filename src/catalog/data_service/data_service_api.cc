// SPDX-License-Identifier: Apache-2.0
#include "catalog/catalog_api.h"
#include "catalog/data_service/data_service_service.h"
#include "http/problem.h"

namespace samverka::catalog {

namespace bj = boost::json;
using http::Request;
using http::Response;

namespace {
Response written_response(int status, DataServiceService::Written written) {
  int64_t revision = written.service.revision;
  bj::object body = to_json(written.service);
  if (!written.warnings.empty()) {
    bj::array warnings;
    for (const auto& warning : written.warnings) {
      warnings.push_back(bj::object{{"field", warning.field}, {"message", warning.message}});
    }
    body["warnings"] = std::move(warnings);
  }
  Response response = http::json_response(status, bj::value(std::move(body)));
  response.set_header("ETag", http::etag_for(revision));
  return response;
}
}  // namespace

void register_data_service_routes(http::Router& router, CatalogApi& api) {
  router.add("GET", "/api/v1/data-services", [&api](Request& request) -> Response {
    auto limit = http::integer_param(request, "limit", 1, api.limits.max_page_size);
    if (!limit.ok()) return http::problem(limit.error());
    auto page =
        api.data_services.list(static_cast<int>(limit->value_or(api.limits.default_page_size)),
                               request.query_param("cursor"));
    if (!page.ok()) return http::problem(page.error());
    bj::array items;
    for (const auto& service : page->items) items.push_back(to_json(service));
    bj::object body{{"items", std::move(items)},
                    {"total", page->total},
                    {"next", page->next ? bj::value(*page->next) : bj::value(nullptr)}};
    return http::json_response(200, bj::value(std::move(body)));
  });
  router.add("GET", "/api/v1/data-services/{id}", [&api](Request& request) -> Response {
    auto service = api.data_services.get(std::string(request.param("id")));
    if (!service.ok()) return http::problem(service.error());
    int64_t revision = service->revision;
    if (http::if_none_match(request, revision)) {
      return http::not_modified(revision);
    }
    Response response = http::json_response(200, bj::value(to_json(service.value())));
    response.set_header("ETag", http::etag_for(revision));
    return response;
  });
  router.add("POST", "/api/v1/data-services", [&api](Request& request) -> Response {
    auto principal = accounts::principal_of(api.accounts, request);
    if (!principal.ok()) return http::problem(principal.error());
    auto body = http::json_body(request);
    if (!body.ok()) return http::problem(body.error());
    auto written = api.data_services.create(principal.value(), body.value());
    if (!written.ok()) return http::problem(written.error());
    std::string location = "/api/v1/data-services/" + written->service.id;
    Response response = written_response(201, std::move(written.value()));
    response.set_header("Location", location);
    return response;
  });
  auto update = [&api](DataServiceService::UpdateKind kind) {
    return [&api, kind](Request& request) -> Response {
      auto principal = accounts::principal_of(api.accounts, request);
      if (!principal.ok()) return http::problem(principal.error());
      auto body = http::json_body(request);
      if (!body.ok()) return http::problem(body.error());
      auto written = api.data_services.update(principal.value(), std::string(request.param("id")),
                                              body.value(), kind, http::if_match_revision(request));
      if (!written.ok()) return http::problem(written.error());
      return written_response(200, std::move(written.value()));
    };
  };
  router.add("PUT", "/api/v1/data-services/{id}", update(DataServiceService::UpdateKind::kReplace));
  router.add("PATCH", "/api/v1/data-services/{id}",
             update(DataServiceService::UpdateKind::kMergePatch));
  router.add("DELETE", "/api/v1/data-services/{id}", [&api](Request& request) -> Response {
    auto principal = accounts::principal_of(api.accounts, request);
    if (!principal.ok()) return http::problem(principal.error());
    Status removed = api.data_services.remove(principal.value(), std::string(request.param("id")),
                                              http::if_match_revision(request));
    if (!removed.ok()) return http::problem(removed.error());
    return http::no_content();
  });
}

}  // namespace samverka::catalog
