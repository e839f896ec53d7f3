// SPDX-License-Identifier: Apache-2.0
#include <functional>
#include <map>

#include "catalog/data_service/data_service.h"
#include "catalog/vocabulary/field_rules.h"
#include "core/ids.h"

namespace samverka::catalog {

namespace {
using Check =
    std::function<std::optional<bj::value>(FieldChecker&, const std::string&, const bj::value&)>;

std::optional<bj::value> dataset_ids(FieldChecker& checker, const std::string& field,
                                     const bj::value& value) {
  if (!value.is_array() || value.get_array().size() > 10000) {
    checker.error(field, "must be a list of dataset ids");
    return std::nullopt;
  }
  for (size_t index = 0; index < value.get_array().size(); ++index) {
    const auto& item = value.get_array()[index];
    if (!item.is_string() || !ids::is_uuid(item.get_string())) {
      checker.error(field + "[" + std::to_string(index) + "]", "must be a dataset id (UUID)");
      return std::nullopt;
    }
  }
  return value;
}

const std::map<std::string, Check, std::less<>>& fields() {
  static const std::map<std::string, Check, std::less<>> kFields = {
      {"iri",
       [](FieldChecker& c, const std::string& f, const bj::value& v) { return c.iri(f, v); }},
      {"title", [](FieldChecker& c, const std::string& f,
                   const bj::value& v) { return c.language_map(f, v, 1000); }},
      {"description", [](FieldChecker& c, const std::string& f,
                         const bj::value& v) { return c.language_map(f, v, 100000); }},
      {"endpoint_url",
       [](FieldChecker& c, const std::string& f, const bj::value& v) { return c.url(f, v); }},
      {"endpoint_description",
       [](FieldChecker& c, const std::string& f, const bj::value& v) { return c.url(f, v); }},
      {"serves_datasets", dataset_ids},
      {"access_rights", [](FieldChecker& c, const std::string& f,
                           const bj::value& v) { return c.code(f, v, "access-right"); }},
      {"license",
       [](FieldChecker& c, const std::string& f, const bj::value& v) { return c.license(f, v); }},
      {"contact_point", [](FieldChecker& c, const std::string& f,
                           const bj::value& v) { return c.contact_point(f, v); }},
      {"keywords", [](FieldChecker& c, const std::string& f,
                      const bj::value& v) { return c.language_list_map(f, v); }},
      {"themes", [](FieldChecker& c, const std::string& f,
                    const bj::value& v) { return c.code_list(f, v, "data-theme"); }},
      {"conforms_to",
       [](FieldChecker& c, const std::string& f, const bj::value& v) { return c.iri_list(f, v); }},
      {"landing_page",
       [](FieldChecker& c, const std::string& f, const bj::value& v) { return c.url(f, v); }},
      {"hvd_categories", [](FieldChecker& c, const std::string& f,
                            const bj::value& v) { return c.code_list(f, v, "hvd-category"); }},
  };
  return kFields;
}
}  // namespace

Result<CheckedDataService> check_data_service(const bj::value& body) {
  if (!body.is_object()) {
    return make_error(ErrorCode::kBadRequest, "the request body must be a JSON object");
  }
  FieldChecker checker;
  CheckedDataService checked;
  for (const auto& [key, value] : body.get_object()) {
    std::string field(key);
    if (field == "id" || field == "created" || field == "metadata_modified" ||
        field == "revision" || field == "warnings") {
      continue;
    }
    if (field == "publisher") {
      if (!value.is_string() || value.get_string().empty()) {
        checker.error("publisher", "must be the id or slug of an organisation");
      } else {
        checked.publisher = std::string(value.get_string());
      }
      continue;
    }
    auto rule = fields().find(field);
    if (rule == fields().end()) {
      checker.error(field, "is not a field of a data service");
    } else if (!value.is_null()) {
      if (auto normalised = rule->second(checker, field, value))
        checked.document[field] = *normalised;
    }
  }
  if (checked.publisher.empty() && !checker.has_errors()) {
    checker.error("publisher", "is required: the organisation that runs the service");
  }
  if (!has_text(checked.document.if_contains("title"))) {
    checker.error("title", "is required in at least one language");
  }
  if (!checked.document.contains("endpoint_url")) checker.error("endpoint_url", "is required");
  if (checker.has_errors()) {
    return make_error(ErrorCode::kValidation, "the data service breaks DCAT-AP-SE 3.0.1 rules",
                      std::move(checker.errors()));
  }
  if (!checked.document.contains("endpoint_description")) {
    checker.warning("endpoint_description", "an endpoint description is recommended");
  }
  if (!checked.document.contains("contact_point")) {
    checker.warning("contact_point", "a contact point is recommended");
  }
  if (!checked.document.contains("keywords"))
    checker.warning("keywords", "keywords are recommended");
  if (!checked.document.contains("access_rights")) {
    checker.warning("access_rights", "access rights are recommended");
  }
  checked.warnings = std::move(checker.warnings());
  return checked;
}

}  // namespace samverka::catalog
