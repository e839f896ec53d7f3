// SPDX-License-Identifier: Apache-2.0
#include "catalog/search/search_service.h"

#include <set>

#include "catalog/search/catalog_documents.h"
#include "catalog/vocabulary/vocabulary.h"
#include "core/ids.h"
#include "core/text.h"

namespace samverka::catalog {

namespace bj = boost::json;
using accounts::Principal;

const char* const kSearchFilters[] = {"theme",        "publisher",     "publisher_type", "format",
                                      "license",      "access_rights", "keyword",        "language",
                                      "hvd_category", "frequency",     nullptr};

namespace {

// The vocabulary behind a filter or facet, when there is one.
const char* vocabulary_of(const std::string& field) {
  if (field == "theme") return "data-theme";
  if (field == "format") return "file-type";
  if (field == "access_rights") return "access-right";
  if (field == "frequency") return "frequency";
  if (field == "language") return "language";
  if (field == "hvd_category") return "hvd-category";
  if (field == "publisher_type") return "publisher-type";
  if (field == "license") return "license";
  return nullptr;
}

Result<std::string> normalise(const std::string& field, const std::string& value) {
  if (field == "keyword") return search::fold(value);
  if (field == "license") return license_code(value);
  if (const char* name = vocabulary_of(field)) {
    const VocabularyEntry* entry = find_vocabulary(name)->find(value);
    if (entry == nullptr) {
      return make_error(ErrorCode::kBadRequest,
                        "'" + value + "' is not in the " + std::string(name) + " vocabulary",
                        {{field, "unknown value '" + value + "'"}});
    }
    return entry->code;
  }
  return value;
}

// A condition's values normalised as filters are, its fields checked; `leaves` counts the
// values against the bound on filter values.
Status normalise_condition(search::Condition& condition, size_t& leaves) {
  using Kind = search::Condition::Kind;
  switch (condition.kind) {
    case Kind::kAnd:
    case Kind::kOr:
    case Kind::kNot:
      for (auto& child : condition.children) TRY(normalise_condition(child, leaves));
      return {};
    case Kind::kTerm:
    case Kind::kPrefix:
    case Kind::kAny: {
      if (++leaves > kMaxFilterValuesInAll) {
        return make_error(
            ErrorCode::kBadRequest,
            "the query has more than " + std::to_string(kMaxFilterValuesInAll) + " field values",
            {{"q", "too many values"}});
      }
      const std::string& field = condition.field;
      bool known = field == "name" || field == "id" || field == "visibility" || field == "type" ||
                   field == "state" || field == "distribution";
      for (const char* const* name = kSearchFilters; *name && !known; ++name)
        known = field == *name;
      if (!known) {
        return make_error(ErrorCode::kBadRequest, "unknown field '" + field + "'",
                          {{field, "unknown field"}});
      }
      if (condition.kind == Kind::kTerm) {
        auto normalised = normalise(field, condition.value);
        if (normalised.ok())
          condition.value = std::move(normalised.value());
        else
          condition = search::Condition::leaf(Kind::kNothing);
      } else if (field == "keyword") {
        condition.value = search::fold(condition.value);
      }
      return {};
    }
    case Kind::kRange:
      if (condition.field != "modified" && condition.field != "created") {
        return make_error(ErrorCode::kBadRequest, "ranges are on modified or created",
                          {{condition.field, "not a range field"}});
      }
      return {};
    case Kind::kAll:
    case Kind::kNothing:
    case Kind::kText:
      return {};
  }
  return {};
}

}  // namespace

std::pair<std::string, std::string> SearchService::label(const std::string& facet,
                                                         const std::string& value) {
  if (facet == "publisher") {
    std::lock_guard lock(labels_mutex_);
    auto now = std::chrono::steady_clock::now();
    if (organization_labels_.empty() || now - labels_loaded_ > std::chrono::seconds(60)) {
      auto organizations = organizations_.list();
      if (organizations.ok()) {
        organization_labels_.clear();
        for (const auto& organization : organizations.value()) {
          std::pair<std::string, std::string> names{
              organization.name_sv, organization.name_en.value_or(organization.name_sv)};
          organization_labels_[organization.slug] = names;
          organization_labels_[organization.id] = names;
        }
        labels_loaded_ = now;
      }
    }
    auto found = organization_labels_.find(value);
    if (found != organization_labels_.end()) return found->second;
  } else if (facet == "type") {
    if (value == "dataset") return {"Datamängd", "Dataset"};
    if (value == "data_service") return {"Datatjänst", "Data service"};
  } else if (facet == "state") {
    if (value == "published") return {"Publicerad", "Published"};
    if (value == "draft") return {"Utkast", "Draft"};
    if (value == "withdrawn") return {"Tillbakadragen", "Withdrawn"};
  } else if (const char* name = vocabulary_of(facet)) {
    if (const VocabularyEntry* entry = find_vocabulary(name)->find(value)) {
      return {entry->label_sv, entry->label_en};
    }
  }
  return {value, value};
}

Result<search::SearchQuery> SearchService::build_query(const Principal& principal,
                                                       const SearchRequest& request) {
  search::SearchQuery query;
  if (request.q.size() > search::kMaxQueryLength) {
    return make_error(ErrorCode::kBadRequest,
                      "q is longer than " + std::to_string(search::kMaxQueryLength) + " bytes",
                      {{"q", "too long"}});
  }
  query.text = request.q;
  auto known_filter = [](const std::string& field) -> Status {
    for (const char* const* name = kSearchFilters; *name; ++name) {
      if (field == *name) return {};
    }
    return make_error(ErrorCode::kBadRequest, "unknown filter '" + field + "'",
                      {{field, "unknown filter"}});
  };
  // The bounds first, before any value is looked at: a request past them costs nothing more.
  size_t in_all = request.required.size();
  for (const auto& [field, values] : request.filters) {
    if (values.size() > kMaxFilterValues) {
      return make_error(ErrorCode::kBadRequest,
                        "filter '" + field + "' has " + std::to_string(values.size()) +
                            " values; at most " + std::to_string(kMaxFilterValues) + " are allowed",
                        {{field, "too many values"}});
    }
    in_all += values.size();
  }
  if (in_all > kMaxFilterValuesInAll) {
    return make_error(ErrorCode::kBadRequest,
                      "the filters have " + std::to_string(in_all) + " values in all; at most " +
                          std::to_string(kMaxFilterValuesInAll) + " are allowed",
                      {{"filters", "too many values"}});
  }
  for (const auto& [field, values] : request.filters) {
    TRY(known_filter(field));
    // Each value once, in a set: repeating one changes nothing and costs nothing.
    std::set<std::string> distinct;
    for (const auto& value : values) distinct.insert(TRY(normalise(field, value)));
    query.filters[field].assign(distinct.begin(), distinct.end());
  }
  std::set<std::pair<std::string, std::string>> required;
  for (const auto& [field, value] : request.required) {
    TRY(known_filter(field));
    required.emplace(field, TRY(normalise(field, value)));
  }
  query.required.assign(required.begin(), required.end());
  if (request.type) {
    if (*request.type != "dataset" && *request.type != "data_service") {
      return make_error(ErrorCode::kBadRequest, "type must be dataset or data_service",
                        {{"type", "must be dataset or data_service"}});
    }
    query.filters["type"] = {*request.type};
  }
  if (request.state) {
    if (*request.state != "draft" && *request.state != "published" &&
        *request.state != "withdrawn") {
      return make_error(ErrorCode::kBadRequest, "state must be draft, published or withdrawn",
                        {{"state", "unknown state"}});
    }
    bool editor = principal.sysadmin;
    for (const auto& [organization, role] : principal.roles)
      editor |= role >= accounts::Role::kEditor;
    if (!editor) {
      return make_error(
          principal.authenticated() ? ErrorCode::kForbidden : ErrorCode::kUnauthenticated,
          "the state filter is for editors", {{"state", "editors only"}});
    }
    query.filters["state"] = {*request.state};
  } else {
    query.filters["state"] = {"published"};
  }
  if (request.modified_since) {
    if (!text::is_date_or_datetime(*request.modified_since)) {
      return make_error(ErrorCode::kBadRequest, "modified_since must be a date or date-time",
                        {{"modified_since", "must be YYYY-MM-DD or an RFC 3339 date-time"}});
    }
    query.modified_since = *request.modified_since;
  }
  if (request.sort == "modified")
    query.sort = search::SortOrder::kModified;
  else if (request.sort == "title")
    query.sort = search::SortOrder::kTitle;
  else if (request.sort != "relevance") {
    return make_error(ErrorCode::kBadRequest, "sort must be relevance, modified or title",
                      {{"sort", "unknown order"}});
  }
  size_t leaves = in_all;
  if (request.match) {
    query.match = request.match;
    TRY(normalise_condition(*query.match, leaves));
  }
  if (request.condition) {
    query.condition = request.condition;
    TRY(normalise_condition(*query.condition, leaves));
  }
  query.sort_keys = request.sort_keys;
  query.offset = request.offset;
  if (request.cursor) {
    int64_t offset = TRY(ids::decode_cursor(*request.cursor, 'o'));
    if (offset > static_cast<int64_t>(search::kMaxOffset)) {
      return make_error(ErrorCode::kBadRequest, "the cursor is not one this server issued",
                        {{"cursor", "invalid"}});
    }
    query.offset = static_cast<size_t>(offset);
  }
  query.max_offset = std::min(request.max_offset, search::kMaxDeepOffset);
  if (query.offset > query.max_offset) {
    std::string most = std::to_string(query.max_offset);
    return make_error(ErrorCode::kBadRequest,
                      "offset must be at most " + most + "; narrow the search",
                      {{"offset", "at most " + most}});
  }
  if (request.limit < 1 || request.limit > search::kMaxLimit) {
    return make_error(ErrorCode::kBadRequest, "limit must be between 1 and 1000",
                      {{"limit", "between 1 and 1000"}});
  }
  query.limit = request.limit;
  query.facets = request.facets;
  query.exact_counts = request.exact_counts;
  query.translate = request.translate;
  query.facet_limit = request.facet_limit;
  query.facet_mincount = request.facet_mincount;
  query.all_visible = principal.sysadmin && !request.public_only;
  query.visible.push_back(kPublicVisibility);
  for (const auto& [organization, role] : principal.roles) {
    if (request.public_only) break;
    if (role >= accounts::Role::kMember)
      query.visible.push_back(organization_visibility(organization));
  }
  return query;
}

Result<search::SearchResults> SearchService::find(const Principal& principal,
                                                  const SearchRequest& request) {
  search::SearchQuery query = TRY(build_query(principal, request));
  return reader_.search(query);
}

Result<SearchPage> SearchService::search(const Principal& principal, const SearchRequest& request) {
  search::SearchQuery query = TRY(build_query(principal, request));  // its offset pages below
  search::SearchResults results = TRY(reader_.search(query));
  SearchPage page;
  page.hits = std::move(results.hits);
  page.total = results.total;
  page.total_is_estimate = !results.total_exact;
  page.facets_are_estimates = !results.facets_exact;
  for (const auto& [name, counts] : results.facets) {
    std::vector<LabelledCount>& labelled = page.facets[name];
    for (const auto& count : counts) {
      auto [label_sv, label_en] = label(name, count.value);
      labelled.push_back({count.value, std::move(label_sv), std::move(label_en), count.count});
    }
  }
  page.suggestion = std::move(results.suggestion);
  size_t next = query.offset + query.limit;
  if (next < results.total && next <= search::kMaxOffset) {
    page.next = ids::encode_cursor('o', static_cast<int64_t>(next));
  }
  return page;
}

Result<bj::array> SearchService::suggest(const std::string& prefix, size_t limit) {
  auto words = TRY(reader_.complete(prefix, limit));
  bj::array out;
  for (auto& word : words) out.push_back(bj::value(word));
  return out;
}

}  // namespace samverka::catalog
