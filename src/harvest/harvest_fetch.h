// SPDX-License-Identifier: Apache-2.0
// Fetching a harvest source: what a run reads before it imports, by the source's type.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "core/result.h"
#include "harvest/harvest_ckan.h"
#include "harvest/harvest_datajson.h"
#include "harvest/harvest_source.h"
#include "net/fetch.h"
#include "rdf/graph.h"

namespace samverka::harvest {

struct FetchedSource {
  std::string failure;     // set: why nothing can be imported (for the run's message)
  bool unchanged = false;  // the source answered 304 to the conditional GET
  size_t pages = 0;
  size_t parts = 0;  // dcat: sub-catalogues read (dct:hasPart)
  // dcat: sub-catalogues that could not be read; the run then withdraws nothing.
  std::vector<std::string> part_failures;
  // The validators to keep for the next conditional GET (one-page DCAT sources only).
  std::string etag;
  std::string last_modified;
  int64_t fetch_ms = 0;  // time spent fetching, and parsing
  int64_t parse_ms = 0;
  rdf::Graph graph;                         // dcat: the pages, parsed apart and merged
  std::optional<CkanPackages> ckan;         // ckan: the packages
  std::optional<DataJsonCatalog> datajson;  // datajson: the catalogue
};

// dcat: the URL as a conditional GET with the source's validators, then the Hydra pages after
// it (hydra:next), then the sub-catalogues it names with dct:hasPart at their own IRIs (one
// level deep, at most 200, each with its Hydra pages), each page parsed on its own and merged
// with their blank nodes kept apart, bounded in pages (10,000), bytes (options.max_bytes) and
// triples (5 million).
// ckan: fetch_ckan_packages. datajson: the URL as a conditional GET, read as data.json.
// An error only when `cancelled` stopped it; every other problem is
// a failure that says what went wrong, and which page.
Result<FetchedSource> fetch_source(const HarvestSource& source, const net::FetchOptions& options,
                                   const std::function<bool()>& cancelled);

}  // namespace samverka::harvest
