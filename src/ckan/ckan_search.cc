// SPDX-License-Identifier: Apache-2.0
// The searching actions: package_search with CKAN's Solr syntax, sorts and facets;
// resource_search; the autocompletes; tags.
#include <algorithm>
#include <chrono>
#include <set>

#include "ckan/ckan_action.h"
#include "ckan/ckan_mapping.h"
#include "ckan/solr_query.h"
#include "core/clock.h"
#include "core/json.h"
#include "core/text.h"

namespace samverka::ckan {

namespace bj = boost::json;
using search::Condition;
using Kind = Condition::Kind;

namespace {

// CKAN field names in facet.field, and the catalogue facet each counts.
std::optional<std::string> facet_for(const std::string& field) {
  static const std::map<std::string, std::string> kFields = {{"organization", "publisher"},
                                                             {"owner_org", "publisher"},
                                                             {"tags", "keyword"},
                                                             {"res_format", "format"},
                                                             {"license_id", "license"},
                                                             {"groups", "theme"},
                                                             {"theme", "theme"}};
  auto found = kFields.find(field);
  if (found == kFields.end()) return std::nullopt;
  return found->second;
}

constexpr const char* kQueryFields =
    "text, title, notes, name, id, organization, owner_org, tags, res_format, license_id, "
    "groups, metadata_modified, metadata_created, state, private, capacity and type";

// A field:value of CKAN's schema as a condition on the catalogue's index.
Result<Condition> match_condition(const SolrNode& node) {
  using Match = SolrNode::Match;
  const std::string& field = node.field;
  std::string value = node.value;
  if (field.empty() || field == "text" || field == "notes" || field == "title" ||
      field == "title_string") {
    std::string target = (field == "title" || field == "title_string") ? "title" : "";
    switch (node.match) {
      case Match::kWord:
        return Condition::leaf(Kind::kText, target, value);
      case Match::kPhrase:
        return Condition::leaf(Kind::kText, target, "\"" + value + "\"");
      case Match::kPrefix:
        return Condition::leaf(Kind::kText, target, value + "*");
      case Match::kAny:
        return Condition{};
      case Match::kRange:
        return query_syntax_error("a range needs a date field, such as metadata_modified");
    }
  }
  if (field == "metadata_modified" || field == "metadata_created") {
    if (node.match != Match::kRange) {
      return query_syntax_error(field + " takes a range, such as " + field + ":[NOW-1DAY TO *]");
    }
    Condition out =
        Condition::leaf(Kind::kRange, field == "metadata_modified" ? "modified" : "created");
    // Exclusive ends move by a millisecond: stored times have millisecond precision.
    auto shift = [](const std::string& iso, int64_t by) {
      auto ms = solr_date_ms(iso, 0);
      return ms.ok() ? iso_ms(ms.value() + by) : iso;
    };
    out.from = node.from.empty() || node.from_inclusive ? node.from : shift(node.from, 1);
    out.to = node.to.empty() || node.to_inclusive ? node.to : shift(node.to, -1);
    return out;
  }
  if (node.match == Match::kRange) {
    return query_syntax_error(
        "ranges are supported on metadata_modified and metadata_created, "
        "not on " +
        field);
  }
  if (field == "state") return value == "active" ? Condition{} : Condition::leaf(Kind::kNothing);
  if (field == "type" || field == "dataset_type")
    return value == "dataset" ? Condition{} : Condition::leaf(Kind::kNothing);
  if (field == "private" || field == "capacity") {
    bool is_private = value == "true" || value == "private";
    if (!is_private && value != "false" && value != "public") {
      return query_syntax_error(field +
                                " is true or false (private) or public or private "
                                "(capacity), not '" +
                                value + "'");
    }
    Condition open = Condition::leaf(Kind::kTerm, "visibility", "public");
    if (!is_private) return open;
    Condition out;
    out.kind = Kind::kNot;
    out.children.push_back(std::move(open));
    return out;
  }
  static const std::map<std::string, std::string> kFilters = {
      {"name", "name"},           {"id", "id"},        {"organization", "publisher"},
      {"owner_org", "publisher"}, {"tags", "keyword"}, {"res_format", "format"},
      {"license_id", "license"},  {"groups", "theme"}, {"theme", "theme"}};
  auto found = kFilters.find(field);
  if (found == kFilters.end()) {
    return query_syntax_error("unknown field '" + field + "'; the fields are " + kQueryFields);
  }
  const std::string& target = found->second;
  if ((target == "format" || target == "theme") && value.find("://") == std::string::npos)
    value = text::ascii_upper(value);
  if (target == "name") value = text::ascii_lower(value);
  switch (node.match) {
    case Match::kWord:
    case Match::kPhrase:
      return Condition::leaf(Kind::kTerm, target, value);
    case Match::kPrefix:
      return Condition::leaf(Kind::kPrefix, target, value);
    case Match::kAny:
      return Condition::leaf(Kind::kAny, target);
    case Match::kRange:
      break;
  }
  return query_syntax_error("unsupported term on " + field);
}

Result<Condition> condition_of(const SolrNode& node) {
  switch (node.kind) {
    case SolrNode::Kind::kAll:
      return Condition{};
    case SolrNode::Kind::kMatch:
      return match_condition(node);
    case SolrNode::Kind::kAnd:
    case SolrNode::Kind::kOr:
    case SolrNode::Kind::kNot: {
      Condition out;
      out.kind = node.kind == SolrNode::Kind::kAnd  ? Kind::kAnd
                 : node.kind == SolrNode::Kind::kOr ? Kind::kOr
                                                    : Kind::kNot;
      for (const SolrNode& child : node.children) out.children.push_back(TRY(condition_of(child)));
      return out;
    }
  }
  return Condition{};
}

bool has_field(const SolrNode& node) {
  if (node.kind == SolrNode::Kind::kMatch) return !node.field.empty();
  return std::any_of(node.children.begin(), node.children.end(), has_field);
}

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(clock::now().time_since_epoch())
      .count();
}

Result<Condition> parse_condition(const std::string& text) {
  auto parsed = parse_solr(text, now_ms());
  if (!parsed.ok()) return query_syntax_error(parsed.error().message);
  return condition_of(parsed.value());
}

// "field direction, ..." as sort keys.
Result<std::vector<search::SortKey>> sort_keys_of(const std::string& sort) {
  using Field = search::SortKey::Field;
  static const std::map<std::string, Field> kFields = {{"score", Field::kRelevance},
                                                       {"rank", Field::kRelevance},
                                                       {"id", Field::kId},
                                                       {"name", Field::kName},
                                                       {"title_string", Field::kTitle},
                                                       {"title", Field::kTitle},
                                                       {"metadata_modified", Field::kModified},
                                                       {"metadata_created", Field::kCreated}};
  std::vector<search::SortKey> keys;
  size_t start = 0;
  while (start <= sort.size()) {
    size_t end = sort.find(',', start);
    if (end == std::string::npos) end = sort.size();
    std::string part = sort.substr(start, end - start);
    start = end + 1;
    std::vector<std::string> words;
    size_t at = 0;
    while (at < part.size()) {
      while (at < part.size() && part[at] == ' ') ++at;
      size_t word_end = part.find(' ', at);
      if (word_end == std::string::npos) word_end = part.size();
      if (word_end > at) words.push_back(part.substr(at, word_end - at));
      at = word_end;
    }
    if (words.empty()) continue;
    if (words.size() > 2 || (words.size() == 2 && words[1] != "asc" && words[1] != "desc"))
      return search_parameter_error("Invalid \"sort\" parameter");
    auto found = kFields.find(words[0]);
    if (found == kFields.end()) {
      return query_syntax_error("can not sort on '" + words[0] +
                                "'; sort on score, id, name, "
                                "title_string, metadata_modified or metadata_created");
    }
    bool descending = words.size() == 2 && words[1] == "desc";
    if (found->second == Field::kRelevance && !descending)
      return query_syntax_error("score sorts descending only");
    keys.push_back({found->second, descending});
  }
  if (keys.empty()) return search_parameter_error("Invalid \"sort\" parameter");
  return keys;
}

// The parameters package_search takes (as CKAN's schema does); others are refused.
bool known_search_parameter(const std::string& key) {
  static const std::set<std::string> kKnown = {"q",
                                               "fq",
                                               "fq_list",
                                               "sort",
                                               "rows",
                                               "start",
                                               "facet",
                                               "facet.field",
                                               "facet.limit",
                                               "facet.mincount",
                                               "include_private",
                                               "include_drafts",
                                               "include_deleted",
                                               "use_default_schema",
                                               "fl",
                                               "qf",
                                               "wt",
                                               "bf",
                                               "boost",
                                               "tie",
                                               "defType",
                                               "mm",
                                               "df",
                                               "q.op"};
  return kKnown.count(key) > 0 || key.starts_with("ext_");
}

std::vector<std::string> string_list(const bj::value& value) {
  std::vector<std::string> out;
  if (value.is_array()) {
    for (const auto& item : value.get_array())
      if (item.is_string()) out.emplace_back(item.get_string());
  } else if (value.is_string()) {
    out.emplace_back(value.get_string());
  }
  return out;
}

Result<bj::value> package_search(ActionContext& context) {
  std::vector<std::string> unknown;
  for (const auto& [key, value] : context.params)
    if (!known_search_parameter(key)) unknown.push_back("'" + std::string(key) + "'");
  if (!unknown.empty()) {
    std::string list;
    for (const auto& name : unknown) list += (list.empty() ? "" : ", ") + name;
    return search_parameter_error("Invalid search parameters: [" + list + "]");
  }
  catalog::SearchRequest search;
  search.type = "dataset";
  std::string q = context.text("q").value_or("");
  if (q == "*:*" || q == "*" || q == "\"\"" || q == "''") q.clear();
  if (q.size() > search::kMaxQueryLength) {
    return query_syntax_error("q is longer than " + std::to_string(search::kMaxQueryLength) +
                              " bytes; put filters in fq");
  }
  if (q.find_first_not_of(" \t\r\n") != std::string::npos) {
    auto parsed = parse_solr(q, now_ms());
    if (!parsed.ok()) return query_syntax_error(parsed.error().message);
    if (has_field(parsed.value()))
      search.match = TRY(condition_of(parsed.value()));
    else
      search.q = q;  // words only: ranked, stemmed and spelled as on /api/v1/search
  }
  std::vector<Condition> filters;
  if (auto fq = context.text("fq"); fq && fq->find_first_not_of(' ') != std::string::npos)
    filters.push_back(TRY(parse_condition(*fq)));
  if (const bj::value* list = context.params.if_contains("fq_list")) {
    for (const auto& fq : string_list(*list)) filters.push_back(TRY(parse_condition(fq)));
  }
  if (!filters.empty()) {
    Condition all;
    all.kind = Kind::kAnd;
    all.children = std::move(filters);
    search.condition = std::move(all);
  }
  // CKAN cuts rows to 1000 without a word; ckanapi asks for 1000 at a time.
  int64_t rows = TRY(context.integer("rows", 10, 0, 1000, true));
  bool counts_only = rows == 0;
  search.limit = counts_only ? 1 : static_cast<size_t>(rows);
  // CKAN's count is exact, and harvesters page with start until a page comes back empty.
  search.exact_counts = true;
  // CKAN's answer has no way to say that a dataset was found through a translation.
  search.translate = false;
  search.max_offset = search::kMaxDeepOffset;
  search.offset = static_cast<size_t>(
      TRY(context.integer("start", 0, 0, static_cast<int64_t>(search::kMaxDeepOffset))));
  std::string sort = context.text("sort").value_or("");
  if (sort.empty() || sort == "rank") sort = "score desc, metadata_modified desc";
  search.sort_keys = TRY(sort_keys_of(sort));

  std::vector<std::string> ckan_facets;
  if (const bj::value* facets = context.params.if_contains("facet.field")) {
    bj::value list = *facets;
    if (facets->is_string()) {
      auto parsed = json::parse(facets->get_string());
      if (!parsed.ok() || !parsed->is_array())
        return field_error("facet.field", "Must be a JSON list of field names");
      list = std::move(parsed.value());
    }
    if (!list.is_array()) return field_error("facet.field", "Must be a list");
    for (const auto& item : list.get_array()) {
      if (!item.is_string() || !facet_for(std::string(item.get_string()))) {
        return field_error("facet.field", bj::serialize(item) +
                                              " cannot be counted; count organization, "
                                              "tags, res_format, license_id or groups");
      }
      ckan_facets.emplace_back(item.get_string());
    }
  }
  if (!TRY(context.flag("facet", true))) ckan_facets.clear();
  search.facets.clear();
  for (const auto& name : ckan_facets) search.facets.push_back(*facet_for(name));
  int64_t facet_limit = TRY(context.integer("facet.limit", 50, -1, 100000));
  search.facet_limit = facet_limit < 0 ? 100000 : static_cast<size_t>(facet_limit);
  search.facet_mincount =
      static_cast<size_t>(TRY(context.integer("facet.mincount", 1, 0, 1000000)));
  search.public_only = !TRY(context.flag("include_private"));

  search::SearchResults results = TRY(context.api.search->find(context.principal, search));
  std::vector<std::string> fields;
  if (const bj::value* fl = context.params.if_contains("fl")) {
    for (std::string item : string_list(*fl)) {
      for (char& c : item)
        if (c == ',') c = ' ';
      size_t at = 0;
      while (at < item.size()) {
        size_t end = item.find(' ', at);
        if (end == std::string::npos) end = item.size();
        if (end > at) fields.push_back(item.substr(at, end - at));
        at = end + 1;
      }
    }
  }
  bj::array packages;
  if (!counts_only) {
    for (const auto& hit : results.hits) {
      auto package = context.package(hit.id);
      if (!package.ok()) continue;
      if (fields.empty()) {
        packages.push_back(std::move(package.value()));
        continue;
      }
      bj::object chosen;
      for (const auto& field : fields)
        if (const bj::value* value = package->if_contains(field)) chosen[field] = *value;
      packages.push_back(std::move(chosen));
    }
  }
  bj::object facets, search_facets;
  for (const auto& name : ckan_facets) {
    std::string facet = *facet_for(name);
    bj::object counts;
    std::vector<bj::object> items;
    for (const auto& count : results.facets[facet]) {
      std::string value = count.value;
      std::string display = value;
      if (name == "groups" || name == "theme") value = text::ascii_lower(value);  // as CKAN's
      if (name == "organization" || name == "owner_org" || name == "groups" ||
          name == "license_id") {
        display = context.api.search->label(facet, count.value).first;
      }
      counts[value] = count.count;
      items.push_back(
          bj::object{{"name", value}, {"display_name", display}, {"count", count.count}});
    }
    // As CKAN orders them: by display name, descending.
    std::sort(items.begin(), items.end(), [](const bj::object& a, const bj::object& b) {
      return a.at("display_name").get_string() > b.at("display_name").get_string();
    });
    bj::array sorted;
    for (auto& item : items) sorted.push_back(std::move(item));
    facets[name] = std::move(counts);
    search_facets[name] = bj::object{{"title", name}, {"items", std::move(sorted)}};
  }
  return bj::value(bj::object{{"count", results.total},
                              {"sort", sort},
                              {"facets", std::move(facets)},
                              {"search_facets", std::move(search_facets)},
                              {"results", std::move(packages)}});
}

// Public datasets matching a condition, in id order, a page at a time, for actions that scan
// (resource_search, tag_show): at most `most` datasets are looked at.
constexpr size_t kMaxScanned = 10000;

Result<std::vector<bj::object>> scan_packages(ActionContext& context,
                                              std::optional<Condition> condition,
                                              const std::string& q, size_t most, bool* complete) {
  std::vector<bj::object> out;
  *complete = true;
  size_t offset = 0;
  while (true) {
    catalog::SearchRequest search;
    search.type = "dataset";
    search.public_only = true;
    search.q = q;
    search.condition = condition;
    search.facets.clear();
    search.limit = 1000;
    search.offset = offset;
    search.max_offset = search::kMaxDeepOffset;
    search.sort_keys = {{search::SortKey::Field::kId, false}};
    auto results = TRY(context.api.search->find(accounts::Principal{}, search));
    for (const auto& hit : results.hits) {
      if (out.size() >= most) {
        *complete = false;
        return out;
      }
      auto package = context.package(hit.id);
      if (package.ok()) out.push_back(std::move(package.value()));
    }
    offset += results.hits.size();
    if (results.hits.size() < 1000 || offset >= results.total) return out;
  }
}

// resource_search?query=field:term (or a list of them, ANDed): a case-insensitive substring
// of the resource's field (hash: a prefix), as CKAN matches.
Result<bj::value> resource_search(ActionContext& context) {
  const bj::value* query = context.params.if_contains("query");
  if (query == nullptr) return field_error("query", "Missing value");
  std::vector<std::pair<std::string, std::string>> criteria;
  static const std::set<std::string> kFields = {"name",     "description", "format", "url",
                                                "mimetype", "hash",        "size",   "id",
                                                "position", "access_url",  "license"};
  for (const auto& item : string_list(*query)) {
    size_t colon = item.find(':');
    if (colon == std::string::npos) return field_error("query", "Must be <field>:<value> pair(s)");
    std::string field = item.substr(0, colon);
    if (!kFields.count(field)) {
      return field_error("query", "Field \"" + field + "\" not recognised in resource_search.");
    }
    criteria.emplace_back(field, text::ascii_lower(item.substr(colon + 1)));
  }
  if (criteria.empty()) return field_error("query", "Missing value");
  int64_t offset = TRY(context.integer("offset", 0, 0, 1000000));
  int64_t limit = TRY(context.integer("limit", 1000, 0, 1000000));
  // Narrow the datasets through the index where a criterion allows it.
  std::optional<Condition> narrowing;
  std::string words;
  for (const auto& [field, value] : criteria) {
    if (field == "format" && value.find_first_of(" :*") == std::string::npos) {
      narrowing = Condition::leaf(Kind::kPrefix, "format", text::ascii_upper(value));
    } else if ((field == "name" || field == "description") &&
               value.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789") ==
                   std::string::npos &&
               value.size() >= 3) {
      words += (words.empty() ? "" : " ") + value + "*";
    }
  }
  bool complete = true;
  auto packages = TRY(scan_packages(context, narrowing, words, kMaxScanned, &complete));
  if (!complete) {
    return query_syntax_error("resource_search matches more than " + std::to_string(kMaxScanned) +
                              " datasets; narrow it with format: or a longer name:");
  }
  bj::array results;
  int64_t count = 0;
  for (const auto& package : packages) {
    for (const auto& item : package.at("resources").get_array()) {
      const bj::object& resource = item.get_object();
      bool matches = true;
      for (const auto& [field, value] : criteria) {
        const bj::value* present = resource.if_contains(field);
        std::string shown = present == nullptr || present->is_null() ? ""
                            : present->is_string() ? std::string(present->get_string())
                                                   : bj::serialize(*present);
        shown = text::ascii_lower(shown);
        matches &=
            field == "hash" ? shown.starts_with(value) : shown.find(value) != std::string::npos;
      }
      if (!matches) continue;
      if (count >= offset && static_cast<int64_t>(results.size()) < limit) results.push_back(item);
      ++count;
    }
  }
  return bj::value(bj::object{{"count", count}, {"results", std::move(results)}});
}

// Formats of public resources containing q, lower case, the most used first.
Result<bj::value> format_autocomplete(ActionContext& context) {
  std::string q = text::ascii_lower(TRY(context.required("q")));
  int64_t limit = TRY(context.integer("limit", 5, 1, 1000));
  bj::array out;
  for (const auto& count : TRY(public_facet(context, "format"))) {
    std::string format = text::ascii_lower(count.value);
    if (format.find(q) == std::string::npos) continue;
    if (static_cast<int64_t>(out.size()) >= limit) break;
    out.push_back(bj::value(format));
  }
  return bj::value(std::move(out));
}

// Datasets whose name or title starts with q: [{name, title, match_field, match_displayed}].
Result<bj::value> package_autocomplete(ActionContext& context) {
  std::string q = TRY(context.required("q"));
  int64_t limit = TRY(context.integer("limit", 10, 1, 100));
  std::string lower = text::ascii_lower(q);
  std::string word;
  for (char c : lower)
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' ||
        static_cast<unsigned char>(c) >= 0x80)
      word.push_back(c);
  if (word.empty()) return bj::value(bj::array());
  catalog::SearchRequest search;
  search.type = "dataset";
  search.public_only = true;
  search.facets.clear();
  search.limit = static_cast<size_t>(limit);
  Condition by_name = Condition::leaf(Kind::kPrefix, "name", word);
  std::string title_word;
  for (char c : word)
    if (c != '-' && c != '_') title_word.push_back(c);
  Condition either;
  either.kind = Kind::kOr;
  either.children.push_back(by_name);
  if (!title_word.empty())
    either.children.push_back(Condition::leaf(Kind::kText, "title", title_word + "*"));
  search.match = std::move(either);
  auto results = TRY(context.api.search->find(accounts::Principal{}, search));
  bj::array out;
  for (const auto& hit : results.hits) {
    auto package = context.package(hit.id);
    if (!package.ok()) continue;
    std::string name(package->at("name").get_string());
    std::string title(package->at("title").get_string());
    bool by_name_match = name.find(word) != std::string::npos;
    out.push_back(
        bj::object{{"name", name},
                   {"title", title},
                   {"match_field", by_name_match ? "name" : "title"},
                   {"match_displayed", by_name_match ? name : title + " (" + name + ")"}});
  }
  return bj::value(std::move(out));
}

bj::object tag_dict(const std::string& name) {
  return bj::object{
      {"id", name}, {"name", name}, {"vocabulary_id", nullptr}, {"display_name", name}};
}

Result<bj::value> tag_list(ActionContext& context) {
  if (context.text("vocabulary_id"))
    return make_error(ErrorCode::kNotFound, "vocabulary not found");
  std::string query =
      text::ascii_lower(context.text("query").value_or(context.text("q").value_or("")));
  query = search::fold(query);
  std::vector<std::string> names;
  for (const auto& count : TRY(public_facet(context, "keyword"))) {
    if (count.value.find(query) != std::string::npos) names.push_back(count.value);
  }
  std::sort(names.begin(), names.end());
  // CKAN tests all_fields for truth as Python does: any non-empty value but false.
  auto all_fields = context.text("all_fields");
  bool dicts = all_fields && !all_fields->empty() && *all_fields != "false" && *all_fields != "0";
  bj::array out;
  for (auto& name : names) out.push_back(dicts ? bj::value(tag_dict(name)) : bj::value(name));
  return bj::value(std::move(out));
}

Result<bj::value> tag_show(ActionContext& context) {
  std::string id = search::fold(TRY(context.required("id")));
  bool found = false;
  for (const auto& count : TRY(public_facet(context, "keyword"))) found |= count.value == id;
  if (!found) return make_error(ErrorCode::kNotFound, "Could not find tag \"" + id + "\"");
  bj::object out = tag_dict(id);
  if (TRY(context.flag("include_datasets"))) {
    bool complete = true;
    auto packages = TRY(
        scan_packages(context, Condition::leaf(Kind::kTerm, "keyword", id), "", 1000, &complete));
    bj::array list;
    for (auto& package : packages) list.push_back(std::move(package));
    out["packages"] = std::move(list);
  }
  return bj::value(std::move(out));
}

}  // namespace

Result<std::vector<search::FacetCount>> public_facet(ActionContext& context, const char* facet) {
  catalog::SearchRequest search;
  search.type = "dataset";
  search.public_only = true;
  search.limit = 1;
  search.facets = {facet};
  search.facet_limit = 100000;
  search.exact_counts = true;
  auto results = TRY(context.api.search->find(accounts::Principal{}, search));
  return std::move(results.facets[facet]);
}

const std::vector<ActionEntry>& search_actions() {
  static const std::vector<ActionEntry> kActions = {
      {"package_search", package_search, false,
       "Search datasets with q and fq in Solr's syntax, sorted, paged by start and rows."},
      {"resource_search", resource_search, false,
       "Search resources by field:term (a case-insensitive part of the field)."},
      {"format_autocomplete", format_autocomplete, false, "Return formats containing q."},
      {"package_autocomplete", package_autocomplete, false,
       "Return datasets whose name or title starts with q."},
      {"tag_list", tag_list, false, "Return the tags of public datasets."},
      {"tag_show", tag_show, false, "Return a tag, with its datasets if asked."}};
  return kActions;
}

}  // namespace samverka::ckan
