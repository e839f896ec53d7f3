// SPDX-License-Identifier: Apache-2.0
#include "catalog/catalog_api.h"
#include "core/ids.h"
#include "http/problem.h"

namespace samverka::catalog {

namespace bj = boost::json;
using http::Request;
using http::Response;

namespace {

// The dataset JSON, with the warnings of the write that produced it, if any.
Response dataset_response(int status, const DatasetView& view) {
  bj::object body = to_json(view.record);
  if (!view.warnings.empty()) {
    bj::array warnings;
    for (const auto& warning : view.warnings) {
      warnings.push_back(bj::object{{"field", warning.field}, {"message", warning.message}});
    }
    body["warnings"] = std::move(warnings);
  }
  Response response = http::json_response(status, bj::value(std::move(body)));
  response.set_header("ETag", http::etag_for(view.record.revision));
  return response;
}

Response cached_response(const http::Request& request, const CachedDataset& dataset) {
  if (http::if_none_match(request, dataset.revision)) return http::not_modified(dataset.revision);
  Response response;
  response.body = dataset.json;
  response.set_header("ETag", http::etag_for(dataset.revision));
  return response;
}

}  // namespace

void register_dataset_routes(http::Router& router, CatalogApi& api) {
  router.add("GET", "/api/v1/datasets", [&api](Request& request) -> Response {
    auto principal = accounts::principal_of(api.accounts, request);
    if (!principal.ok()) return http::problem(principal.error());
    auto limit = http::integer_param(request, "limit", 1, api.limits.max_page_size);
    if (!limit.ok()) return http::problem(limit.error());
    DatasetListQuery query;
    query.limit = static_cast<int>(limit->value_or(api.limits.default_page_size));
    query.cursor = request.query_param("cursor");
    query.publisher = request.query_param("publisher");
    query.modified_since = request.query_param("modified_since");
    query.state = request.query_param("state");
    auto page = api.datasets.list(principal.value(), query);
    if (!page.ok()) return http::problem(page.error());
    std::string body = "{\"items\":[";
    for (size_t index = 0; index < page->items.size(); ++index) {
      if (index) body += ',';
      body += bj::serialize(to_json(page->items[index]));
    }
    body += "],\"total\":" + std::to_string(page->total) + ",\"next\":" +
            (page->next ? bj::serialize(bj::value(*page->next)) : std::string("null")) + "}";
    return http::json_response(200, std::move(body));
  });

  router.add("GET", "/api/v1/datasets/{id}", [&api](Request& request) -> Response {
    auto principal = accounts::principal_of(api.accounts, request);
    if (!principal.ok()) return http::problem(principal.error());
    std::string id(request.param("id"));
    // The hot path: a dataset read before is answered with its serialised bytes, if the service
    // says this caller may read it. Only ids are cached (a slug is looked up every time).
    bool by_id = ids::is_uuid(id);
    if (by_id) {
      if (auto cached = api.dataset_cache.find(id)) {
        if (!api.datasets.may_read(principal.value(), cached->publisher_id, cached->state,
                                   cached->is_private)) {
          return http::problem(make_error(ErrorCode::kNotFound, "no dataset '" + id + "'"));
        }
        return cached_response(request, *cached);
      }
    }
    uint64_t generation = api.dataset_cache.generation(id);
    auto view = api.datasets.get(principal.value(), id);
    if (!view.ok()) return http::problem(view.error());
    const DatasetRecord& record = view->record;
    auto entry = std::make_shared<CachedDataset>(
        CachedDataset{record.id, record.publisher_id, record.state, record.is_private,
                      record.revision, bj::serialize(to_json(record))});
    Response response = cached_response(request, *entry);
    // Only under the id it was asked by: a slug shaped like an id names another dataset, whose
    // shard's generation was not the one read above.
    if (by_id && record.id == id) api.dataset_cache.put(std::move(entry), generation);
    return response;
  });

  router.add("POST", "/api/v1/datasets", [&api](Request& request) -> Response {
    auto principal = accounts::principal_of(api.accounts, request);
    if (!principal.ok()) return http::problem(principal.error());
    auto body = http::json_body(request);
    if (!body.ok()) return http::problem(body.error());
    auto view = api.datasets.create(principal.value(), body.value());
    if (!view.ok()) return http::problem(view.error());
    Response response = dataset_response(201, view.value());
    response.set_header("Location", "/api/v1/datasets/" + view->record.id);
    return response;
  });

  auto update = [&api](DatasetService::UpdateKind kind) {
    return [&api, kind](Request& request) -> Response {
      auto principal = accounts::principal_of(api.accounts, request);
      if (!principal.ok()) return http::problem(principal.error());
      auto body = http::json_body(request);
      if (!body.ok()) return http::problem(body.error());
      auto view = api.datasets.update(principal.value(), std::string(request.param("id")),
                                      body.value(), kind, http::if_match_revision(request));
      if (!view.ok()) return http::problem(view.error());
      return dataset_response(200, view.value());
    };
  };
  router.add("PUT", "/api/v1/datasets/{id}", update(DatasetService::UpdateKind::kReplace));
  router.add("PATCH", "/api/v1/datasets/{id}", update(DatasetService::UpdateKind::kMergePatch));

  router.add("DELETE", "/api/v1/datasets/{id}", [&api](Request& request) -> Response {
    auto principal = accounts::principal_of(api.accounts, request);
    if (!principal.ok()) return http::problem(principal.error());
    auto purge = http::flag_param(request, "purge");
    if (!purge.ok()) return http::problem(purge.error());
    Status removed = api.datasets.remove(principal.value(), std::string(request.param("id")),
                                         purge.value(), http::if_match_revision(request));
    if (!removed.ok()) return http::problem(removed.error());
    return http::no_content();
  });

  router.add("GET", "/api/v1/datasets/{id}/activity", [&api](Request& request) -> Response {
    auto principal = accounts::principal_of(api.accounts, request);
    if (!principal.ok()) return http::problem(principal.error());
    auto limit = http::integer_param(request, "limit", 1, 1000);
    if (!limit.ok()) return http::problem(limit.error());
    auto entries = api.datasets.activity(principal.value(), std::string(request.param("id")),
                                         static_cast<int>(limit->value_or(100)));
    if (!entries.ok()) return http::problem(entries.error());
    bj::object body{{"total", entries->size()}, {"items", std::move(entries.value())}};
    return http::json_response(200, bj::value(std::move(body)));
  });
}

}  // namespace samverka::catalog
