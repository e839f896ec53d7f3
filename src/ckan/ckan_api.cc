// SPDX-License-Identifier: Apache-2.0
// The transport of CKAN's Action API: paths, parameters from the query string, JSON or form
// bodies, the API key headers, CKAN's envelope and error objects.
#include "ckan/ckan_api.h"

#include <unordered_map>

#include "ckan/ckan_action.h"
#include "ckan/ckan_mapping.h"
#include "core/json.h"
#include "core/text.h"
#include "http/form.h"

namespace samverka::ckan {

namespace bj = boost::json;
using http::Request;
using http::Response;

CkanError ckan_error(const Error& error) {
  switch (error.code) {
    case ErrorCode::kNotFound:
      return {404, "Not Found Error", bj::object{{"message", "Not found: " + error.message}}};
    case ErrorCode::kForbidden:
    case ErrorCode::kUnauthenticated:
      return {403, "Authorization Error",
              bj::object{{"message", "Access denied: " + error.message}}};
    case ErrorCode::kBadRequest:
    case ErrorCode::kValidation:
    case ErrorCode::kConflict:
    case ErrorCode::kPreconditionFailed: {
      // As CKAN: each field with its list of messages; a message alone when no field is named.
      bj::object fields;
      for (const auto& detail : error.details) {
        bj::value& list = fields[detail.field];
        if (!list.is_array()) list = bj::array();
        list.as_array().push_back(bj::value(detail.message));
      }
      if (fields.empty()) fields["message"] = error.message;
      return {409, "Validation Error", std::move(fields)};
    }
    case ErrorCode::kUnavailable:
      return {500, "Search Index Error", bj::object{{"message", error.message}}};
    default:
      return {500, "Internal Server Error", bj::object{{"message", "Internal Server Error"}}};
  }
}

CkanError search_error(const std::string& message) {
  return {409, "Search Error", bj::object{{"message", "Search error: " + message}}};
}

CkanError search_query_error(const std::string& message) {
  return {400, "Search Query Error",
          bj::object{{"message", "Search Query is invalid: " + message}}};
}

Error field_error(const std::string& field, const std::string& message) {
  return make_error(ErrorCode::kValidation, field + ": " + message, {{field, message}});
}

Error query_syntax_error(const std::string& message) {
  return make_error(ErrorCode::kBadRequest, message, {{"search", message}});
}

Error search_parameter_error(const std::string& message) {
  return make_error(ErrorCode::kBadRequest, message, {{"search_query", message}});
}

std::optional<std::string> ActionContext::text(const char* key) const {
  const bj::value* value = params.if_contains(key);
  if (value == nullptr || value->is_null()) return std::nullopt;
  if (value->is_string()) return std::string(value->get_string());
  return bj::serialize(*value);
}

Result<int64_t> ActionContext::integer(const char* key, int64_t fallback, int64_t minimum,
                                       int64_t maximum, bool clamp) const {
  auto value = text(key);
  if (!value || value->empty()) return fallback;
  try {
    size_t used = 0;
    int64_t number = std::stoll(*value, &used);
    if (used == value->size() && number >= minimum) {
      if (number <= maximum) return number;
      if (clamp) return maximum;
    }
  } catch (const std::exception&) {
  }
  return field_error(key, "Must be a whole number from " + std::to_string(minimum) + " to " +
                              std::to_string(maximum));
}

Result<bool> ActionContext::flag(const char* key, bool fallback) const {
  const bj::value* value = params.if_contains(key);
  if (value == nullptr || value->is_null()) return fallback;
  if (value->is_bool()) return value->get_bool();
  std::string word = text::ascii_lower(text(key).value_or(""));
  if (word == "true" || word == "yes" || word == "on" || word == "1" || word == "y" || word == "t")
    return true;
  if (word == "false" || word == "no" || word == "off" || word == "0" || word == "n" ||
      word == "f" || word.empty())
    return false;
  return field_error(key, "Must be true or false");
}

Result<std::string> ActionContext::required(const char* key, const char* alternative) const {
  auto value = text(key);
  if ((!value || value->empty()) && alternative != nullptr) value = text(alternative);
  if (!value || value->empty()) return field_error(key, "Missing value");
  return *value;
}

const catalog::Organization* ActionContext::organization(const std::string& id_or_slug) {
  auto found = organizations_.find(id_or_slug);
  if (found == organizations_.end()) {
    auto loaded = api.organizations.get(id_or_slug);
    found = organizations_
                .emplace(id_or_slug, loaded.ok() ? std::optional(loaded.value()) : std::nullopt)
                .first;
  }
  return found->second ? &*found->second : nullptr;
}

Result<bj::object> ActionContext::package(const std::string& id_or_name) {
  auto view = TRY(api.datasets.get(principal, id_or_name));
  return package_of(view.record, organization(view.record.publisher_id), base_url);
}

Result<std::pair<bj::object, size_t>> ActionContext::package_holding(
    const std::string& resource_id) {
  catalog::SearchRequest search;
  search.type = "dataset";
  search.condition =
      search::Condition::leaf(search::Condition::Kind::kTerm, "distribution", resource_id);
  search.facets.clear();
  search.limit = 1;
  auto results = TRY(api.search->find(principal, search));
  if (!results.hits.empty()) {
    bj::object found = TRY(package(results.hits.front().id));
    const bj::array& resources = found.at("resources").get_array();
    for (size_t index = 0; index < resources.size(); ++index) {
      if (resources[index].at("id") == bj::value(resource_id)) return std::pair{found, index};
    }
  }
  return make_error(ErrorCode::kNotFound, "Resource was not found.");
}

namespace {

const std::unordered_map<std::string, ActionEntry>& actions() {
  static const auto* table = [] {
    auto* out = new std::unordered_map<std::string, ActionEntry>;
    for (const auto* list :
         {&search_actions(), &read_actions(), &write_actions(), &datastore_actions()}) {
      for (const ActionEntry& entry : *list) out->emplace(entry.name, entry);
    }
    return out;
  }();
  return *table;
}

// CKAN answers some malformed requests with a bare JSON string and status 400.
Response bad_request(const std::string& message) {
  return http::json_response(400, bj::value(message));
}

// Adds a parameter; a name sent again makes a list of its values, as CKAN does.
void add_param(bj::object& params, const std::string& name, bj::value value) {
  bj::value* existing = params.if_contains(name);
  if (existing == nullptr) {
    params[name] = std::move(value);
  } else if (existing->is_array()) {
    existing->as_array().push_back(std::move(value));
  } else {
    bj::array list{std::move(*existing), std::move(value)};
    *existing = std::move(list);
  }
}

// The parameters: the query string, then the body (a JSON object, a urlencoded or multipart
// form, or the old form whose one key is the JSON).
Result<bj::object> read_params(const Request& request) {
  bj::object params;
  for (const auto& [key, value] : request.query) params[key] = value;
  if (request.method != "POST" || request.body.empty()) return params;
  std::string type = text::ascii_lower(request.header("content-type"));
  std::vector<http::FormField> fields;
  if (type.starts_with("multipart/form-data")) {
    fields = TRY(http::parse_multipart(request.body, request.header("content-type")));
  } else if (type.starts_with("application/x-www-form-urlencoded")) {
    fields = TRY(http::parse_urlencoded(request.body));
    // curl -d '{"id": "x"}' sends the JSON as the form's one key, with an empty value.
    if (fields.size() == 1 && (fields[0].value.empty() || fields[0].value == "1") &&
        !fields[0].name.empty() && fields[0].name.front() == '{') {
      fields.clear();
      type = "application/json";
    }
  }
  if (!fields.empty()) {
    for (auto& field : fields) {
      if (field.filename) {
        return make_error(ErrorCode::kValidation,
                          "file uploads are not stored by this portal; give the file's URL in "
                          "'url' instead of '" +
                              field.name + "'",
                          {{field.name, "uploads are not supported; give url"}});
      }
      add_param(params, field.name, bj::value(field.value));
    }
    return params;
  }
  auto body = json::parse(request.body);
  if (!body.ok()) {
    return make_error(
        ErrorCode::kBadRequest,
        "Bad request - JSON Error: Error decoding JSON data. " + body.error().message);
  }
  if (!body->is_object()) {
    return make_error(ErrorCode::kBadRequest,
                      "Bad request - JSON Error: Request data JSON decoded to " +
                          bj::serialize(body.value()).substr(0, 100) +
                          " but it needs to be a dictionary.");
  }
  for (auto& [key, value] : body->get_object()) params[key] = value;
  return params;
}

// The API key: Authorization as CKAN clients send it (the raw key) or as a bearer token, else
// X-CKAN-API-Key, which older clients send alone.
Result<accounts::Principal> caller_of(catalog::CatalogApi& api, const Request& request) {
  std::string key(request.header("authorization"));
  if (key.empty()) key = std::string(request.header("x-ckan-api-key"));
  while (!key.empty() && key.back() == ' ') key.pop_back();
  if (key.empty()) return accounts::Principal{};
  if (key.size() < 7 || !std::equal(key.begin(), key.begin() + 7, "bearer ",
                                    [](char a, char b) { return std::tolower(a) == b; })) {
    key = "Bearer " + key;
  }
  return api.accounts.authenticate(key);
}

Response envelope(const std::string& help, int status, bj::object body) {
  bj::object out{{"help", help}};
  for (auto& [key, value] : body) out[key] = std::move(value);
  return http::json_response(status, bj::value(std::move(out)));
}

Response failure(const std::string& help, const CkanError& error) {
  bj::object details = error.error;
  details["__type"] = error.type;
  return envelope(help, error.status,
                  bj::object{{"success", false}, {"error", std::move(details)}});
}

Response run_action(catalog::CatalogApi& api, datastore::DatastoreService* datastore,
                    const std::string& base_url, Request& request) {
  std::string name(request.param("action"));
  auto found = actions().find(name);
  if (found == actions().end()) return bad_request("Bad request - Action name not known: " + name);
  const ActionEntry& entry = found->second;
  if (entry.writes && request.method != "POST") {
    return bad_request(
        "Bad request - JSON Error: Invalid request. Please use POST method for your request");
  }
  std::string help = base_url + "/api/3/action/help_show?name=" + name;
  auto params = read_params(request);
  if (!params.ok()) {
    if (params.error().code == ErrorCode::kBadRequest) return bad_request(params.error().message);
    return failure(help, ckan_error(params.error()));
  }
  auto principal = caller_of(api, request);
  if (!principal.ok()) return failure(help, ckan_error(principal.error()));
  ActionContext context(api, base_url, std::move(params.value()), std::move(principal.value()));
  context.datastore = datastore;
  Result<bj::value> result = entry.function(context);
  if (!result.ok()) {
    const Error& error = result.error();
    // (see query_syntax_error and search_parameter_error)
    if (!error.details.empty() && error.details.front().field == "search")
      return failure(help, search_error(error.message));
    if (!error.details.empty() && error.details.front().field == "search_query")
      return failure(help, search_query_error(error.message));
    return failure(help, ckan_error(error));
  }
  // CKAN indexes a write before it answers, and its clients search right after writing (a
  // resource_patch after a resource_create finds the resource through the index here too).
  if (entry.writes && api.indexer != nullptr)
    api.indexer->wait_for_latest(std::chrono::seconds(10));
  return envelope(help, 200, bj::object{{"success", true}, {"result", std::move(result.value())}});
}

}  // namespace

void register_ckan_routes(http::Router& router, catalog::CatalogApi& api, std::string base_url,
                          datastore::DatastoreService* datastore) {
  auto handler = [&api, base_url, datastore](Request& request) -> Response {
    return run_action(api, datastore, base_url, request);
  };
  for (const char* path : {"/api/3/action/{action}", "/api/action/{action}"}) {
    router.add("GET", path, handler);
    router.add("POST", path, handler);
  }
  router.add("GET", "/api/3", [](Request&) -> Response {
    return http::json_response(200, bj::value(bj::object{{"version", 3}}));
  });
}

}  // namespace samverka::ckan
