// SPDX-License-Identifier: Apache-2.0
#pragma once
// What every CKAN action shares: its parameters, its caller, CKAN's errors, and the lookups
// actions repeat (organisations, package dicts). Included by the ckan/ files only.

#include <boost/json.hpp>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "catalog/catalog_api.h"
#include "core/result.h"
#include "datastore/datastore_service.h"

namespace samverka::ckan {

// A failure in CKAN's terms: the status, the __type and the rest of the error object.
struct CkanError {
  int status = 500;
  std::string type;
  boost::json::object error;  // without __type
};

// CKAN's error for one of ours: 404 Not Found Error, 403 Authorization Error, 409 Validation
// Error (the fields' messages as lists, as CKAN gives them), 500 Search Index Error.
CkanError ckan_error(const Error& error);
// 409 Search Error (what Solr gives for a query it cannot parse) and 400 Search Query Error
// (a parameter package_search does not know).
CkanError search_error(const std::string& message);
CkanError search_query_error(const std::string& message);
// A Validation Error on one field, as {field: [message]}.
Error field_error(const std::string& field, const std::string& message);
// Errors that actions return for run_action to give as Search Error (a q or fq that cannot be
// parsed) and Search Query Error (a parameter package_search does not take).
Error query_syntax_error(const std::string& message);
Error search_parameter_error(const std::string& message);

class ActionContext {
 public:
  ActionContext(catalog::CatalogApi& api, const std::string& base_url, boost::json::object params,
                accounts::Principal principal)
      : api(api), base_url(base_url), params(std::move(params)), principal(std::move(principal)) {}

  catalog::CatalogApi& api;
  datastore::DatastoreService* datastore = nullptr;  // the datastore_* actions' tables
  const std::string& base_url;
  boost::json::object params;
  accounts::Principal principal;

  // A parameter as text (numbers and booleans as JSON writes them), or nothing.
  std::optional<std::string> text(const char* key) const;
  // A whole number within bounds; `fallback` when absent. Values past `maximum` are clamped
  // when `clamp` is set (CKAN cuts rows to 1000 silently).
  Result<int64_t> integer(const char* key, int64_t fallback, int64_t minimum, int64_t maximum,
                          bool clamp = false) const;
  // CKAN's asbool: true/yes/on/1 (any case), false/no/off/0; anything else is a Validation
  // Error.
  Result<bool> flag(const char* key, bool fallback = false) const;
  // The id parameter (or `alternative`, e.g. name_or_id), or a Validation Error.
  Result<std::string> required(const char* key, const char* alternative = nullptr) const;

  // Organisations by id or slug, looked up once per request.
  const catalog::Organization* organization(const std::string& id_or_slug);
  // The package dict of a dataset the caller may read.
  Result<boost::json::object> package(const std::string& id_or_name);
  // The package holding a resource (found through the index) and the resource's position in
  // its resources; kNotFound when the caller may not read it.
  Result<std::pair<boost::json::object, size_t>> package_holding(const std::string& resource_id);

 private:
  std::map<std::string, std::optional<catalog::Organization>> organizations_;
};

// Every value of a facet over public datasets, with exact counts, the most frequent first.
Result<std::vector<search::FacetCount>> public_facet(ActionContext& context, const char* facet);

using ActionFunction = Result<boost::json::value> (*)(ActionContext& context);

struct ActionEntry {
  const char* name;
  ActionFunction function;
  bool writes;  // CKAN answers GET to a writing action with 400
  const char* help;
};

// The actions, by file.
const std::vector<ActionEntry>& search_actions();
const std::vector<ActionEntry>& read_actions();
const std::vector<ActionEntry>& write_actions();
const std::vector<ActionEntry>& datastore_actions();

}  // namespace samverka::ckan
