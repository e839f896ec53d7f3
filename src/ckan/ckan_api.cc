// SPDX-License-Identifier: Apache-2.0
#include "ckan/ckan_api.h"

#include <map>

#include "accounts/accounts_api.h"
#include "catalog/search/catalog_documents.h"
#include "catalog/vocabulary/vocabulary.h"
#include "ckan/ckan_mapping.h"
#include "core/json.h"
#include "core/text.h"
#include "http/json_api.h"

namespace samverka::ckan {

namespace bj = boost::json;
using http::Request;
using http::Response;

namespace {

// A failure in CKAN's terms.
struct CkanError {
  int status;
  std::string type;
  std::string message;
};

CkanError from_error(const Error& error) {
  switch (error.code) {
    case ErrorCode::kNotFound:
      return {404, "Not Found Error", error.message};
    case ErrorCode::kForbidden:
    case ErrorCode::kUnauthenticated:
      return {403, "Authorization Error", error.message};
    case ErrorCode::kBadRequest:
    case ErrorCode::kValidation: {
      std::string message = error.message;
      for (const auto& detail : error.details)
        message += "; " + detail.field + ": " + detail.message;
      return {409, "Validation Error", message};
    }
    case ErrorCode::kUnavailable:
      return {503, "Search Index Error", error.message};
    default:
      return {500, "Internal Error", "an internal error occurred"};
  }
}

class Action {
 public:
  Action(catalog::CatalogApi& api, const std::string& base_url, Request& request)
      : api_(api), base_url_(base_url), request_(request) {}

  Response run() {
    std::string action(request_.param("action"));
    help_ = base_url_ + "/api/3/action/help_show?name=" + action;
    auto params = read_params();
    if (!params.ok()) return failure({400, "Bad request - JSON Error", params.error().message});
    params_ = std::move(params.value());
    auto principal = accounts::principal_of(api_.accounts, request_);
    if (!principal.ok()) return failure({403, "Authorization Error", principal.error().message});
    principal_ = std::move(principal.value());

    Result<bj::value> result = make_error(ErrorCode::kInternal, "unset");
    if (action == "package_search")
      result = package_search();
    else if (action == "package_show")
      result = package_show();
    else if (action == "package_list")
      result = package_list();
    else if (action == "organization_list")
      result = organization_list();
    else if (action == "organization_show")
      result = organization_show();
    else if (action == "tag_list")
      result = tag_list();
    else if (action == "license_list")
      result = license_list();
    else if (action == "status_show")
      result = status_show();
    else
      return failure(
          {400, "Bad request - Action name not known", "Action name not known: " + action});
    if (!result.ok()) return failure(from_error(result.error()));
    bj::object body{{"help", help_}, {"success", true}, {"result", std::move(result.value())}};
    return http::json_response(200, bj::value(std::move(body)));
  }

 private:
  Response failure(const CkanError& error) {
    bj::object body{{"help", help_},
                    {"success", false},
                    {"error", bj::object{{"__type", error.type}, {"message", error.message}}}};
    return http::json_response(error.status, bj::value(std::move(body)));
  }

  // Parameters from the query string (GET) or a JSON object body (POST).
  Result<bj::object> read_params() {
    bj::object params;
    for (const auto& [key, value] : request_.query) params[key] = value;
    if (request_.method == "POST" && !request_.body.empty()) {
      auto body = json::parse(request_.body);
      if (!body.ok()) return std::move(body).error();
      if (!body->is_object())
        return make_error(ErrorCode::kBadRequest, "the body must be a JSON object");
      for (const auto& [key, value] : body->get_object()) params[key] = value;
    }
    return params;
  }

  std::optional<std::string> text(const char* key) const {
    const bj::value* value = params_.if_contains(key);
    if (value == nullptr || value->is_null()) return std::nullopt;
    if (value->is_string()) return std::string(value->get_string());
    return bj::serialize(*value);
  }

  Result<int64_t> integer(const char* key, int64_t fallback, int64_t minimum,
                          int64_t maximum) const {
    auto value = text(key);
    if (!value) return fallback;
    try {
      size_t used = 0;
      int64_t number = std::stoll(*value, &used);
      if (used == value->size() && number >= minimum && number <= maximum) return number;
    } catch (const std::exception&) {
    }
    return make_error(ErrorCode::kValidation, std::string(key) + " must be a whole number from " +
                                                  std::to_string(minimum) + " to " +
                                                  std::to_string(maximum));
  }

  bool flag(const char* key) const {
    auto value = text(key);
    return value && (*value == "true" || *value == "True" || *value == "1");
  }

  // Organisations by id, looked up once per request.
  const catalog::Organization* organization(const std::string& id) {
    auto found = organizations_.find(id);
    if (found == organizations_.end()) {
      auto loaded = api_.organizations.get(id);
      found = organizations_.emplace(id, loaded.ok() ? std::optional(loaded.value()) : std::nullopt)
                  .first;
    }
    return found->second ? &*found->second : nullptr;
  }

  Result<bj::object> package(const std::string& id_or_name) {
    auto view = TRY(api_.datasets.get(principal_, id_or_name));
    return package_of(view.record, organization(view.record.publisher_id), base_url_);
  }

  // CKAN field names in fq and facet.field, and the Samverka filter each maps to.
  static std::optional<std::string> filter_for(const std::string& field) {
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

  // metadata_modified:[FROM TO *], as CKAN's harvester asks for what changed since its last run.
  // Only open-ended ranges exist here (NOW counts as open); FROM may be * too.
  static Status parse_modified_range(const std::string& value, catalog::SearchRequest& search) {
    auto refuse = [&] {
      return make_error(ErrorCode::kValidation,
                        "fq metadata_modified must be a range [FROM TO *] with FROM a "
                        "date or date-time, got '" +
                            value + "'");
    };
    if (value.size() < 2 || value.front() != '[' || value.back() != ']') return refuse();
    std::string inside = value.substr(1, value.size() - 2);
    size_t to = inside.find(" TO ");
    if (to == std::string::npos) return refuse();
    std::string from = inside.substr(0, to);
    std::string until = inside.substr(to + 4);
    if (until != "*" && until != "NOW") return refuse();
    if (from == "*") return {};
    if (!text::is_date_or_datetime(from)) return refuse();
    search.modified_since = from;
    return {};
  }

  // fq: space-separated field:value terms, optionally +prefixed and "quoted".
  Status parse_fq(const std::string& fq, catalog::SearchRequest& search) {
    size_t index = 0;
    while (index < fq.size()) {
      while (index < fq.size() && (fq[index] == ' ' || fq[index] == '+')) ++index;
      if (index >= fq.size()) break;
      size_t colon = fq.find(':', index);
      if (colon == std::string::npos) {
        return make_error(ErrorCode::kValidation,
                          "fq must be field:value terms, got '" + fq.substr(index) + "'");
      }
      std::string field = fq.substr(index, colon - index);
      index = colon + 1;
      std::string value;
      if (index < fq.size() && fq[index] == '[') {  // a Solr range: [FROM TO *]
        size_t close = fq.find(']', index);
        if (close == std::string::npos)
          return make_error(ErrorCode::kValidation, "unbalanced [ in fq");
        value = fq.substr(index, close - index + 1);
        index = close + 1;
      } else if (index < fq.size() && fq[index] == '"') {
        size_t close = fq.find('"', index + 1);
        if (close == std::string::npos)
          return make_error(ErrorCode::kValidation, "unbalanced quote in fq");
        value = fq.substr(index + 1, close - index - 1);
        index = close + 1;
      } else {
        size_t end = fq.find(' ', index);
        if (end == std::string::npos) end = fq.size();
        value = fq.substr(index, end - index);
        index = end;
      }
      if (field == "metadata_modified") {
        TRY(parse_modified_range(value, search));
        continue;
      }
      auto filter = filter_for(field);
      if (!filter) {
        return make_error(ErrorCode::kValidation, "fq field '" + field +
                                                      "' is not supported; use " +
                                                      "organization, owner_org, tags, res_format, "
                                                      "license_id, groups or metadata_modified");
      }
      if (value.empty())
        return make_error(ErrorCode::kValidation, "fq field '" + field + "' has no value");
      if (*filter == "format") {
        for (char& c : value) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      }
      if (*filter == "theme" && value.find("://") == std::string::npos) {
        for (char& c : value) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      }
      search.required.emplace_back(*filter, value);  // Solr ANDs fq terms, even on one field
    }
    return {};
  }

  Result<bj::value> package_search() {
    catalog::SearchRequest search;
    search.type = "dataset";
    std::string q = text("q").value_or("");
    if (q == "*:*" || q == "*") q.clear();
    search.q = q;
    if (auto fq = text("fq")) TRY(parse_fq(*fq, search));
    search.limit = static_cast<size_t>(TRY(integer("rows", 10, 0, 1000)));
    if (search.limit == 0) search.limit = 1;  // CKAN allows rows=0 for counts only
    bool counts_only = text("rows") == "0";
    // CKAN's count is exact, and harvesters page with start until they reach it: an estimate
    // would make them stop short.
    search.exact_counts = true;
    // Harvesters page a whole catalogue with start; deep pages cost more, so the bound is wide
    // but finite.
    search.max_offset = search::kMaxDeepOffset;
    search.offset = static_cast<size_t>(
        TRY(integer("start", 0, 0, static_cast<int64_t>(search::kMaxDeepOffset))));
    std::string sort = text("sort").value_or("score desc, metadata_modified desc");
    if (sort.rfind("score", 0) == 0)
      search.sort = "relevance";
    else if (sort.rfind("metadata_modified desc", 0) == 0)
      search.sort = "modified";
    else if (sort.rfind("title_string asc", 0) == 0 || sort.rfind("name asc", 0) == 0)
      search.sort = "title";
    else
      return make_error(ErrorCode::kValidation, "sort '" + sort + "' is not supported");
    std::vector<std::string> ckan_facets;
    if (const bj::value* facets = params_.if_contains("facet.field")) {
      bj::value list = *facets;
      if (facets->is_string()) {
        auto parsed = json::parse(facets->get_string());
        if (!parsed.ok() || !parsed->is_array()) {
          return make_error(ErrorCode::kValidation,
                            "facet.field must be a JSON list of field names");
        }
        list = std::move(parsed.value());
      }
      if (!list.is_array()) return make_error(ErrorCode::kValidation, "facet.field must be a list");
      for (const auto& item : list.get_array()) {
        if (!item.is_string() || !filter_for(std::string(item.get_string()))) {
          return make_error(ErrorCode::kValidation,
                            "facet.field " + bj::serialize(item) + " is not supported");
        }
        ckan_facets.emplace_back(item.get_string());
      }
    }
    search.facets.clear();
    for (const auto& name : ckan_facets) search.facets.push_back(*filter_for(name));
    search.facet_limit = static_cast<size_t>(TRY(integer("facet.limit", 50, -1, 100000)));
    if (text("facet.limit") == "-1") search.facet_limit = 100000;
    search.facet_mincount = static_cast<size_t>(TRY(integer("facet.mincount", 1, 0, 1000000)));

    search.public_only = !flag("include_private");  // CKAN shows private datasets only when asked
    search::SearchResults results = TRY(api_.search->find(principal_, search));
    bj::array packages;
    if (!counts_only) {
      for (const auto& hit : results.hits) {
        auto package_dict = package(hit.id);
        if (package_dict.ok()) packages.push_back(std::move(package_dict.value()));
      }
    }
    bj::object facets, search_facets;
    for (const auto& name : ckan_facets) {
      std::string filter = *filter_for(name);
      bj::object counts;
      bj::array items;
      for (const auto& count : results.facets[filter]) {
        auto [label_sv, label_en] = api_.search->label(filter, count.value);
        std::string value = count.value;
        if (name == "groups") {  // CKAN group names are lower case
          for (char& c : value) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
        counts[value] = count.count;
        items.push_back(
            bj::object{{"name", value}, {"display_name", label_sv}, {"count", count.count}});
      }
      facets[name] = std::move(counts);
      search_facets[name] = bj::object{{"title", name}, {"items", std::move(items)}};
    }
    return bj::value(bj::object{{"count", results.total},
                                {"sort", sort},
                                {"facets", std::move(facets)},
                                {"search_facets", std::move(search_facets)},
                                {"results", std::move(packages)}});
  }

  Result<bj::value> package_show() {
    auto id = text("id");
    if (!id) id = text("name");
    if (!id || id->empty()) return make_error(ErrorCode::kValidation, "id: Missing value");
    return bj::value(TRY(package(*id)));
  }

  Result<bj::value> package_list() {
    int64_t limit = TRY(integer("limit", 100000, 1, 100000));
    int64_t offset = TRY(integer("offset", 0, 0, 100000000));
    auto slugs = TRY(api_.datasets.public_slugs(offset, static_cast<int>(limit)));
    bj::array names;
    for (auto& slug : slugs) names.push_back(bj::value(slug));
    return bj::value(std::move(names));
  }

  // Public dataset counts per organisation, from the index.
  Result<std::map<std::string, int64_t>> package_counts() {
    catalog::SearchRequest search;
    search.type = "dataset";
    search.limit = 1;
    search.facets = {"publisher"};
    search.facet_limit = 100000;
    search.exact_counts = true;
    auto results = TRY(api_.search->find(accounts::Principal{}, search));
    std::map<std::string, int64_t> counts;
    for (const auto& count : results.facets["publisher"])
      counts[count.value] = static_cast<int64_t>(count.count);
    return counts;
  }

  Result<bj::value> organization_list() {
    auto organizations = TRY(api_.organizations.list());
    bool all_fields = flag("all_fields");
    std::map<std::string, int64_t> counts;
    if (all_fields) counts = TRY(package_counts());
    bj::array out;
    for (const auto& organization : organizations) {
      if (all_fields)
        out.push_back(organization_of(organization, counts[organization.slug]));
      else
        out.push_back(bj::value(organization.slug));
    }
    return bj::value(std::move(out));
  }

  Result<bj::value> organization_show() {
    auto id = text("id");
    if (!id || id->empty()) return make_error(ErrorCode::kValidation, "id: Missing value");
    auto organization = TRY(api_.organizations.get(*id));
    auto counts = TRY(package_counts());
    return bj::value(organization_of(organization, counts[organization.slug]));
  }

  Result<bj::value> tag_list() {
    catalog::SearchRequest search;
    search.limit = 1;
    search.facets = {"keyword"};
    search.facet_limit = 100000;
    auto results = TRY(api_.search->find(accounts::Principal{}, search));
    std::string prefix = search::fold(text("query").value_or(""));
    std::vector<std::string> names;
    for (const auto& count : results.facets["keyword"]) {
      if (count.value.rfind(prefix, 0) == 0) names.push_back(count.value);
    }
    std::sort(names.begin(), names.end());
    bj::array out;
    for (auto& name : names) out.push_back(bj::value(name));
    return bj::value(std::move(out));
  }

  Result<bj::value> license_list() {
    bj::array out;
    for (const auto& entry : catalog::find_vocabulary("license")->entries()) {
      out.push_back(bj::object{{"id", entry.code},
                               {"title", entry.label_en},
                               {"url", entry.iri},
                               {"status", "active"},
                               {"od_conformance", "approved"}});
    }
    return bj::value(std::move(out));
  }

  Result<bj::value> status_show() {
    return bj::value(bj::object{{"site_title", "Samverka"},
                                {"site_url", base_url_},
                                {"site_description", "Sveriges öppna data / Sweden's open data"},
                                {"ckan_version", "2.10.4"},
                                {"locale_default", "sv"},
                                {"error_emails_to", nullptr},
                                {"extensions", bj::array{"samverka", "dcat"}}});
  }

  catalog::CatalogApi& api_;
  const std::string& base_url_;
  Request& request_;
  std::string help_;
  bj::object params_;
  accounts::Principal principal_;
  std::map<std::string, std::optional<catalog::Organization>> organizations_;
};

}  // namespace

void register_ckan_routes(http::Router& router, catalog::CatalogApi& api, std::string base_url) {
  auto handler = [&api, base_url](Request& request) -> Response {
    return Action(api, base_url, request).run();
  };
  router.add("GET", "/api/3/action/{action}", handler);
  router.add("POST", "/api/3/action/{action}", handler);
}

}  // namespace samverka::ckan
