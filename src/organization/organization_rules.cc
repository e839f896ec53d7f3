// SPDX-License-Identifier: Apache-2.0
#include "catalog/vocabulary/field_rules.h"
#include "catalog/vocabulary/vocabulary.h"
#include "core/text.h"
#include "organization/organization.h"

namespace samverka::catalog {

namespace bj = boost::json;

bj::object to_json(const Organization& organization) {
  bj::object out;
  out["id"] = organization.id;
  out["slug"] = organization.slug;
  bj::object name{{"sv", organization.name_sv}};
  if (organization.name_en) name["en"] = *organization.name_en;
  out["name"] = std::move(name);
  auto optional = [&](const char* key, const std::optional<std::string>& value) {
    out[key] = value ? bj::value(*value) : bj::value(nullptr);
  };
  optional("org_number", organization.org_number);
  optional("type", organization.type);
  optional("homepage", organization.homepage);
  optional("email", organization.email);
  out["created"] = organization.created;
  out["modified"] = organization.modified;
  out["revision"] = organization.revision;
  return out;
}

Status apply_organization_json(const bj::value& body, Organization& organization) {
  if (!body.is_object()) {
    return make_error(ErrorCode::kBadRequest, "the request body must be a JSON object");
  }
  FieldChecker checker;
  auto optional_string = [&](const bj::value& value) -> std::optional<std::string> {
    return value.is_null() ? std::nullopt : std::optional<std::string>(value.get_string());
  };
  for (const auto& [key, value] : body.get_object()) {
    std::string field(key);
    if (field == "id" || field == "created" || field == "modified" || field == "revision") {
      continue;  // managed by the server
    } else if (field == "slug") {
      if (!value.is_string() || !text::is_slug(value.get_string())) {
        checker.error("slug", "must be 2-100 characters of a-z, 0-9 and '-'");
      } else {
        organization.slug = std::string(value.get_string());
      }
    } else if (field == "name") {
      auto name = checker.language_map("name", value, 500);
      if (!name) continue;
      const bj::object& map = name->get_object();
      for (const auto& [language, text] : map) {
        if (language != "sv" && language != "en") {
          checker.error("name." + std::string(language), "only sv and en names are kept");
        }
      }
      if (const bj::value* sv = map.if_contains("sv")) {
        organization.name_sv = std::string(sv->get_string());
      } else {
        checker.error("name.sv", "a Swedish name is required");
      }
      if (const bj::value* en = map.if_contains("en"))
        organization.name_en = std::string(en->get_string());
      else
        organization.name_en.reset();
    } else if (field == "org_number") {
      if (value.is_null()) {
        organization.org_number.reset();
      } else if (auto digits = value.is_string() ? text::normalize_org_number(value.get_string())
                                                 : std::nullopt) {
        organization.org_number = *digits;
      } else {
        checker.error("org_number",
                      "must be a Swedish organisation number: ten digits (NNNNNN-NNNN) with a "
                      "valid check digit");
      }
    } else if (field == "type") {
      if (value.is_null())
        organization.type.reset();
      else if (auto code = checker.code("type", value, "publisher-type")) {
        organization.type = std::string(code->get_string());
      }
    } else if (field == "homepage") {
      if (value.is_null() || checker.url("homepage", value))
        organization.homepage = optional_string(value);
    } else if (field == "email") {
      if (value.is_null()) {
        organization.email.reset();
      } else if (!value.is_string() || !text::is_email(value.get_string())) {
        checker.error("email", "is not a valid e-mail address");
      } else {
        organization.email = std::string(value.get_string());
      }
    } else {
      checker.error(field, "is not a field of an organisation");
    }
  }
  if (organization.name_sv.empty() && !checker.has_errors()) {
    checker.error("name.sv", "a Swedish name is required");
  }
  if (checker.has_errors()) {
    return make_error(ErrorCode::kValidation, "the organisation is not valid",
                      std::move(checker.errors()));
  }
  return {};
}

}  // namespace samverka::catalog
