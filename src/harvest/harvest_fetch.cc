// SPDX-License-Identifier: Apache-2.0
#include "harvest/harvest_fetch.h"

#include <chrono>
#include <set>

#include "core/text.h"
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

constexpr size_t kMaxParts = 200;
constexpr const char* kHasPart = "http://purl.org/dc/terms/hasPart";
constexpr const char* kDataset = "http://www.w3.org/ns/dcat#dataset";
constexpr const char* kCatalog = "http://www.w3.org/ns/dcat#Catalog";
constexpr const char* kType = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";

// Reads a catalogue document and the Hydra pages after it into out.graph, each page parsed on
// its own and merged with its blank nodes kept apart. `name`: how messages name the document.
// Returns why it could not be read ("" when it was); a 304 to the conditional first request
// sets out.unchanged.
Result<std::string> read_pages(const std::string& start, const std::string& name,
                               net::FetchOptions options, const net::FetchOptions& limits,
                               FetchedSource& out, size_t& bytes, std::set<std::string>& visited,
                               const std::function<bool()>& cancelled) {
  std::string next = start;
  size_t pages = 0;
  while (!next.empty()) {
    if (cancelled && cancelled())
      return make_error(ErrorCode::kUnavailable, "the harvest was stopped; nothing was written");
    const std::string page_name =
        name + (pages == 0 ? std::string() : "page " + std::to_string(pages + 1) + ": ");
    if (out.pages == kMaxPages) {
      return "the catalogue has more than " + std::to_string(kMaxPages) +
             " pages (hydra:next, sub-catalogues)";
    }
    if (bytes >= limits.max_bytes || out.graph.size() >= kMaxTriples) {
      return "the catalogue's pages hold more than " + std::to_string(limits.max_bytes) +
             " bytes or " + std::to_string(kMaxTriples) + " triples";
    }
    visited.insert(next);
    options.max_bytes = limits.max_bytes - bytes;
    auto fetch_started = std::chrono::steady_clock::now();
    auto fetched = net::fetch(next, options);
    out.fetch_ms += ms_since(fetch_started);
    if (!fetched.ok()) return page_name + fetched.error().message;
    if (fetched->not_modified) {
      out.unchanged = true;
      return std::string();
    }
    if (out.pages == 0) {
      out.etag = fetched->etag;
      out.last_modified = fetched->last_modified;
    }
    options.if_none_match.clear();
    options.if_modified_since.clear();
    bytes += fetched->body.size();
    std::string syntax = rdf::syntax_of_document(fetched->content_type, fetched->url);
    auto parse_started = std::chrono::steady_clock::now();
    auto page = rdf::parse_graph(fetched->body, syntax, kMaxTriples - out.graph.size());
    out.parse_ms += ms_since(parse_started);
    if (!page.ok()) return page_name + page.error().message;
    ++out.pages;
    ++pages;
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
    if (out.graph.size() == 0 && out.pages == 1)
      out.graph = std::move(page.value());
    else
      out.graph.merge(page.value(), "page" + std::to_string(out.pages) + "-");
    out.parse_ms += ms_since(merge_started);
  }
  return std::string();
}

// The sub-catalogues a catalogue names with dct:hasPart whose datasets are not in the graph:
// they live at their own IRIs.
std::vector<std::string> parts_to_read(const rdf::Graph& graph,
                                       const std::set<std::string>& visited) {
  std::set<rdf::Graph::TermId> catalogues, described;
  rdf::Graph::TermId type = graph.find_iri(kType);
  rdf::Graph::TermId catalog = graph.find_iri(kCatalog);
  rdf::Graph::TermId dataset = graph.find_iri(kDataset);
  rdf::Graph::TermId has_part = graph.find_iri(kHasPart);
  if (has_part == rdf::Graph::kNone) return {};
  for (const rdf::Graph::Edge& edge : graph.edges()) {
    if (edge.predicate == type && edge.object == catalog) catalogues.insert(edge.subject);
    if (edge.predicate == dataset) described.insert(edge.subject);
  }
  std::vector<std::string> parts;
  std::set<std::string> seen;
  for (const rdf::Graph::Edge& edge : graph.edges()) {
    if (edge.predicate != has_part || !catalogues.count(edge.subject) ||
        described.count(edge.object))
      continue;
    const rdf::Term& part = graph.term(edge.object);
    if (part.kind != rdf::Term::Kind::kIri || !text::is_http_url(part.value) ||
        visited.count(part.value) || !seen.insert(part.value).second)
      continue;
    parts.push_back(part.value);
  }
  return parts;
}

Result<FetchedSource> fetch_dcat(const HarvestSource& source, const net::FetchOptions& limits,
                                 const std::function<bool()>& cancelled) {
  FetchedSource out;
  net::FetchOptions options = limits;
  options.accept = rdf::kAcceptRdf;
  // Only the first page is asked conditionally, and only a one-page source keeps validators:
  // an unchanged first page says nothing of the pages after it.
  options.if_none_match = source.etag;
  options.if_modified_since = source.last_modified;
  std::set<std::string> visited;
  size_t bytes = 0;
  std::string failure =
      TRY(read_pages(source.url, "", options, limits, out, bytes, visited, cancelled));
  if (!failure.empty()) {
    out.failure = failure + "; nothing was imported";
    return out;
  }
  if (out.unchanged) return out;
  // Sub-catalogues at their own IRIs (dct:hasPart), one level deep. One that cannot be read is
  // reported, and the run withdraws nothing: its datasets are not gone.
  options.if_none_match.clear();
  options.if_modified_since.clear();
  std::vector<std::string> parts = parts_to_read(out.graph, visited);
  if (parts.size() > kMaxParts) {
    out.part_failures.push_back("the catalogue names " + std::to_string(parts.size()) +
                                " sub-catalogues (dct:hasPart); the first " +
                                std::to_string(kMaxParts) + " were read");
    parts.resize(kMaxParts);
  }
  for (const std::string& part : parts) {
    std::string why = TRY(read_pages(part, "sub-catalogue " + part + ": ", options, limits, out,
                                     bytes, visited, cancelled));
    if (!why.empty()) out.part_failures.push_back(why);
    ++out.parts;
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
