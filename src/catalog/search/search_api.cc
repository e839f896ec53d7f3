// SPDX-License-Identifier: Apache-2.0
#include <set>

#include "catalog/catalog_api.h"
#include "catalog/search/search_service.h"
#include "core/text.h"
#include "http/problem.h"

namespace samverka::catalog {

namespace bj = boost::json;
using http::Request;
using http::Response;

using text::split_commas;

Result<SearchRequest> search_request_from(const http::Request& request) {
  static const std::set<std::string> kKnown = {
      "q",         "modified_since", "state",       "sort",           "limit",         "offset",
      "cursor",    "facets",         "facet_limit", "facet_mincount", "type",          "theme",
      "publisher", "publisher_type", "format",      "license",        "access_rights", "keyword",
      "language",  "hvd_category",   "frequency",   "exact",          "translate"};
  SearchRequest search;
  search.q = request.query_param("q").value_or("");
  for (const char* const* name = kSearchFilters; *name; ++name) {
    if (auto value = request.query_param(*name)) search.filters[*name] = split_commas(*value);
  }
  for (const auto& [key, value] : request.query) {
    if (!kKnown.count(key)) {
      return make_error(ErrorCode::kBadRequest, "unknown parameter '" + key + "'",
                        {{key, "unknown parameter"}});
    }
  }
  search.modified_since = request.query_param("modified_since");
  search.state = request.query_param("state");
  search.sort = request.query_param("sort").value_or("relevance");
  search.type = request.query_param("type");
  search.cursor = request.query_param("cursor");
  search.limit =
      static_cast<size_t>(TRY(http::integer_param(request, "limit", 1, 1000)).value_or(20));
  search.offset =
      static_cast<size_t>(TRY(http::integer_param(request, "offset", 0, 10000)).value_or(0));
  search.facet_limit =
      static_cast<size_t>(TRY(http::integer_param(request, "facet_limit", 1, 1000)).value_or(20));
  search.facet_mincount = static_cast<size_t>(
      TRY(http::integer_param(request, "facet_mincount", 1, 1000000)).value_or(1));
  if (auto facets = request.query_param("facets")) search.facets = split_commas(*facets);
  search.exact_counts = TRY(http::flag_param(request, "exact"));
  if (request.query_param("translate"))
    search.translate = TRY(http::flag_param(request, "translate"));
  return search;
}

namespace {

// {"items", "total", "total_is_estimate", "facets_are_estimates", "facets": {name: [{value,
// label_sv, label_en, count}]}, "suggestion", "next"}. Each hit's stored summary is already a
// JSON object: score and snippet are spliced into its text, so results are never parsed and
// serialised again.
std::string search_json(const SearchPage& page) {
  std::string items = "[";
  for (const auto& hit : page.hits) {
    if (hit.stored.size() < 2 || hit.stored.back() != '}') continue;
    if (items.size() > 1) items += ',';
    items.append(hit.stored, 0, hit.stored.size() - 1);
    items += ",\"score\":" + bj::serialize(bj::value(hit.score));
    if (hit.translated) items += ",\"matched_through_translation\":true";
    if (!hit.snippet.empty()) items += ",\"snippet\":" + bj::serialize(bj::value(hit.snippet));
    items += '}';
  }
  items += ']';
  bj::object facets;
  for (const auto& [name, counts] : page.facets) {
    bj::array values;
    for (const auto& count : counts) {
      values.push_back(bj::object{{"value", count.value},
                                  {"label_sv", count.label_sv},
                                  {"label_en", count.label_en},
                                  {"count", count.count}});
    }
    facets[name] = std::move(values);
  }
  bj::object out;
  out["total"] = page.total;
  out["total_is_estimate"] = page.total_is_estimate;
  out["facets_are_estimates"] = page.facets_are_estimates;
  out["facets"] = std::move(facets);
  out["suggestion"] = page.suggestion ? bj::value(*page.suggestion) : bj::value(nullptr);
  out["next"] = page.next ? bj::value(*page.next) : bj::value(nullptr);
  std::string body = bj::serialize(out);
  body.insert(1, "\"items\":" + items + ",");
  return body;
}

}  // namespace

void register_search_routes(http::Router& router, CatalogApi& api) {
  router.add("GET", "/api/v1/search", [&api](Request& request) -> Response {
    auto principal = accounts::principal_of(api.accounts, request);
    if (!principal.ok()) return http::problem(principal.error());
    auto search = search_request_from(request);
    if (!search.ok()) return http::problem(search.error());
    auto page = api.search->search(principal.value(), search.value());
    if (!page.ok()) return http::problem(page.error());
    return http::json_response(200, search_json(page.value()));
  });

  router.add("GET", "/api/v1/search/suggest", [&api](Request& request) -> Response {
    auto limit = http::integer_param(request, "limit", 1, 50);
    if (!limit.ok()) return http::problem(limit.error());
    auto words = api.search->suggest(request.query_param("q").value_or(""),
                                     static_cast<size_t>(limit->value_or(10)));
    if (!words.ok()) return http::problem(words.error());
    return http::json_response(200, bj::value(bj::object{{"items", std::move(words.value())}}));
  });
}

}  // namespace samverka::catalog

namespace samverka::catalog {

void wait_for_index_if_asked(const CatalogApi& api, const http::Request& request,
                             http::Response& response) {
  if (response.status >= 300 || api.indexer == nullptr) return;
  auto flag = request.query_param("wait_for_index");
  if (!flag || (*flag != "true" && *flag != "1")) return;
  if (!api.indexer->wait_for_latest(std::chrono::seconds(10))) {
    response.set_header("Index-Wait", "timeout");
  }
}

}  // namespace samverka::catalog
