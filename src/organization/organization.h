// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <boost/json.hpp>
#include <optional>
#include <string>

#include "core/result.h"

namespace samverka::catalog {

// A public body that publishes data (foaf:Organization, the dct:publisher of datasets).
struct Organization {
  std::string id;  // UUID
  std::string slug;
  std::string name_sv;
  std::optional<std::string> name_en;
  std::optional<std::string> org_number;  // Swedish organisationsnummer, ten digits
  std::optional<std::string> type;        // ADMS publisher type code, e.g. NationalAuthority
  std::optional<std::string> homepage;
  std::optional<std::string> email;
  std::string created;
  std::string modified;
  int64_t revision = 0;
};

boost::json::object to_json(const Organization& organization);

// Checks an organisation body and applies it onto `organization` (keeping server fields).
// Unknown fields, a bad organisation number, type, URL or e-mail: kValidation.
Status apply_organization_json(const boost::json::value& body, Organization& organization);

}  // namespace samverka::catalog
