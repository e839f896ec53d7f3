// SPDX-License-Identifier: Apache-2.0
#include "harvest/harvest_fetch.h"

#include <chrono>
#include <set>

#include "rdf/rdf.h"

namespace samverka::harvest {

namespace {

constexpr size_t kMaxPages = 10000;
constexpr size_t kMaxTriples = 5'000'000;
constexpr const char* kHydraNext = "http://www.w3.org/ns/hydra/core#next";

int64_t ms_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                               start)
      .count();
}

Result<FetchedSource> fetch_dcat(const HarvestSource& source, const net::FetchOptions& limits,
                                 const std::function<bool()>& cancelled) {
  FetchedSource out;
  auto failed = [&out](std::string why) -> Result<FetchedSource> {
    out.failure = std::move(why) + "; nothing was imported";
    return std::move(out);
  };
  net::FetchOptions options = limits;
  options.accept = rdf::kAcceptRdf;
  // Only the first page is asked conditionally, and only a one-page source keeps validators:
  // an unchanged first page says nothing of the pages after it.
  options.if_none_match = source.etag;
  options.if_modified_since = source.last_modified;
  std::set<std::string> visited;
  std::string next = source.url;
  size_t bytes = 0;
  while (!next.empty()) {
    if (cancelled && cancelled())
      return make_error(ErrorCode::kUnavailable, "the harvest was stopped; nothing was written");
    const std::string page_name =
        out.pages == 0 ? std::string() : "page " + std::to_string(out.pages + 1) + ": ";
    if (out.pages == kMaxPages) {
      return failed("the catalogue has more than " + std::to_string(kMaxPages) +
                    " pages (hydra:next)");
    }
    if (bytes >= limits.max_bytes || out.graph.size() >= kMaxTriples) {
      return failed("the catalogue's pages hold more than " + std::to_string(limits.max_bytes) +
                    " bytes or " + std::to_string(kMaxTriples) + " triples");
    }
    visited.insert(next);
    options.max_bytes = limits.max_bytes - bytes;
    auto fetch_started = std::chrono::steady_clock::now();
    auto fetched = net::fetch(next, options);
    out.fetch_ms += ms_since(fetch_started);
    if (!fetched.ok()) return failed(page_name + fetched.error().message);
    if (fetched->not_modified) {
      out.unchanged = true;
      return out;
    }
    options.if_none_match.clear();
    options.if_modified_since.clear();
    if (out.pages == 0) {
      out.etag = fetched->etag;
      out.last_modified = fetched->last_modified;
    }
    bytes += fetched->body.size();
    std::string syntax = rdf::syntax_of_document(fetched->content_type, fetched->url);
    auto parse_started = std::chrono::steady_clock::now();
    auto page = rdf::parse_graph(fetched->body, syntax, kMaxTriples - out.graph.size());
    out.parse_ms += ms_since(parse_started);
    if (!page.ok()) return failed(page_name + page.error().message);
    ++out.pages;
    next.clear();
    for (const rdf::Graph::Edge& edge : page->edges()) {
      const rdf::Term& predicate = page->term(edge.predicate);
      const rdf::Term& object = page->term(edge.object);
      if (predicate.value == kHydraNext && object.kind == rdf::Term::Kind::kIri &&
          !visited.count(object.value)) {
        next = object.value;
        break;
      }
    }
    // Pages are parsed apart and merged, so that blank nodes of different pages never meet.
    auto merge_started = std::chrono::steady_clock::now();
    if (out.pages == 1 && next.empty())
      out.graph = std::move(page.value());
    else
      out.graph.merge(page.value(), "page" + std::to_string(out.pages) + "-");
    out.parse_ms += ms_since(merge_started);
  }
  if (out.pages > 1) {
    out.etag.clear();
    out.last_modified.clear();
  }
  return out;
}

Result<FetchedSource> fetch_datajson(const HarvestSource& source, const net::FetchOptions& limits) {
  FetchedSource out;
  net::FetchOptions options = limits;
  options.accept = "application/json";
  options.if_none_match = source.etag;
  options.if_modified_since = source.last_modified;
  auto started = std::chrono::steady_clock::now();
  auto fetched = net::fetch(source.url, options);
  out.fetch_ms = ms_since(started);
  if (!fetched.ok()) {
    out.failure = fetched.error().message + "; nothing was imported";
    return out;
  }
  if (fetched->not_modified) {
    out.unchanged = true;
    return out;
  }
  out.pages = 1;
  out.etag = fetched->etag;
  out.last_modified = fetched->last_modified;
  started = std::chrono::steady_clock::now();
  auto catalogue = read_datajson(fetched->body, fetched->url);
  out.parse_ms = ms_since(started);
  if (!catalogue.ok()) {
    out.failure = source.url + " is " + catalogue.error().message + "; nothing was imported";
    return out;
  }
  out.datajson = std::move(catalogue.value());
  return out;
}

}  // namespace

Result<FetchedSource> fetch_source(const HarvestSource& source, const net::FetchOptions& options,
                                   const std::function<bool()>& cancelled) {
  if (source.type == "datajson") return fetch_datajson(source, options);
  if (source.type != "ckan") return fetch_dcat(source, options, cancelled);
  FetchedSource out;
  auto started = std::chrono::steady_clock::now();
  auto packages = fetch_ckan_packages(source.url, options, cancelled);
  out.fetch_ms = ms_since(started);
  if (!packages.ok()) {
    if (cancelled && cancelled()) return std::move(packages).error();
    out.failure = packages.error().message + "; nothing was imported";
    return out;
  }
  out.pages = packages->pages;
  out.ckan = std::move(packages.value());
  return out;
}

}  // namespace samverka::harvest
