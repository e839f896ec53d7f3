// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <boost/json.hpp>
#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "accounts/principal.h"
#include "core/result.h"
#include "organization/organization_service.h"
#include "search/search_index.h"

namespace samverka::catalog {

// Filter values one request may give, per filter and in all: a search's cost grows with them,
// and no person or client needs more (a longer list is a query for an export).
inline constexpr size_t kMaxFilterValues = 100;
inline constexpr size_t kMaxFilterValuesInAll = 300;

struct SearchRequest {
  std::string q;
  std::map<std::string, std::vector<std::string>> filters;  // by filter name, values as given
  // Each (filter name, value) must hold, with the filters: CKAN's fq terms, which Solr ANDs
  // even on the same field.
  std::vector<std::pair<std::string, std::string>> required;
  std::optional<std::string> modified_since;
  std::optional<std::string> state;
  // Scored with q (CKAN's q as a tree) and required unscored (CKAN's fq): field names are
  // the filters, "name" (slug), "id", "visibility", and for ranges "modified" and "created".
  // Values are normalised as filter values are; a value no vocabulary knows matches nothing.
  std::optional<search::Condition> match;
  std::optional<search::Condition> condition;
  std::string sort = "relevance";          // relevance | modified | title
  std::vector<search::SortKey> sort_keys;  // when given, instead of sort
  size_t offset = 0;
  size_t max_offset = search::kMaxOffset;  // CKAN's start pages deeper (search::kMaxDeepOffset)
  size_t limit = 20;
  std::optional<std::string> cursor;
  std::vector<std::string> facets = {"theme",         "publisher", "format",   "license",
                                     "access_rights", "keyword",   "frequency"};
  size_t facet_limit = 20;
  size_t facet_mincount = 1;
  std::optional<std::string> type;  // dataset | data_service; both when absent
  bool exact_counts = false;        // see search::SearchQuery::exact_counts
  bool translate = true;            // see search::SearchQuery::translate
  // Only what everyone may read, even for a caller who may read more (CKAN's package_search
  // without include_private).
  bool public_only = false;
};

// A facet value with its labels, for display.
struct LabelledCount {
  std::string value;
  std::string label_sv;
  std::string label_en;
  size_t count = 0;
};

// One page of search results as the service gives it: hits (each with its stored summary, a
// JSON object the catalogue wrote at indexing time), totals, labelled facets and the cursor
// of the next page. The API serialises it; pages and CKAN read it.
struct SearchPage {
  std::vector<search::SearchHit> hits;
  size_t total = 0;
  bool total_is_estimate = false;
  bool facets_are_estimates = false;
  std::map<std::string, std::vector<LabelledCount>> facets;
  std::optional<std::string> suggestion;
  std::optional<std::string> next;  // cursor
};

// The filters a search accepts; each value may be a code or IRI where a vocabulary applies.
extern const char* const kSearchFilters[];

// Search over datasets and data services, restricted to what the caller may read (drafts and
// private datasets only for members of their organisation). Thread-safe.
class SearchService {
 public:
  SearchService(const search::IndexReader& reader, OrganizationService& organizations)
      : reader_(reader), organizations_(organizations) {}

  // A page of results for the principal, facets labelled, with the next page's cursor.
  Result<SearchPage> search(const accounts::Principal& principal, const SearchRequest& request);
  // Completions of a prefix, most frequent first.
  Result<boost::json::array> suggest(const std::string& prefix, size_t limit);

  // The hits, totals and facets, restricted to what the principal may read: every entry point
  // (the JSON API, CKAN, the DCAT catalogue's q) searches through here.
  Result<search::SearchResults> find(const accounts::Principal& principal,
                                     const SearchRequest& request);
  // The query the index runs for a request (visibility and normalised filters applied); the
  // search benchmark times the index with it.
  Result<search::SearchQuery> build_query(const accounts::Principal& principal,
                                          const SearchRequest& request);
  // Swedish and English labels of a facet value.
  std::pair<std::string, std::string> label(const std::string& facet, const std::string& value);

 private:
  const search::IndexReader& reader_;
  OrganizationService& organizations_;
  // Organisation names by slug or id for facet labels, refreshed every minute.
  std::mutex labels_mutex_;
  std::unordered_map<std::string, std::pair<std::string, std::string>> organization_labels_;
  std::chrono::steady_clock::time_point labels_loaded_;
};

}  // namespace samverka::catalog
