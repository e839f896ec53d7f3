// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <boost/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "accounts/principal.h"
#include "organization/organization.h"
#include "core/result.h"
#include "storage/database.h"

namespace samverka::catalog {

// Organisations: anyone reads; sysadmins create and delete; an organisation's admins update it.
// Writes append to the change log in the same transaction. Thread-safe.
class OrganizationService {
 public:
  explicit OrganizationService(storage::Database& database) : database_(database) {}

  Result<std::vector<Organization>> list();
  Result<Organization> get(const std::string& id_or_slug);
  Result<Organization> create(const accounts::Principal& principal, const boost::json::value& body);
  // Full replacement (PUT) or JSON merge patch (PATCH). expected_revision: from If-Match.
  enum class UpdateKind { kReplace, kMergePatch };
  Result<Organization> update(const accounts::Principal& principal, const std::string& id_or_slug,
                              const boost::json::value& body, UpdateKind kind,
                              std::optional<int64_t> expected_revision);
  // Refused (kConflict) while datasets name the organisation as publisher.
  Status remove(const accounts::Principal& principal, const std::string& id_or_slug,
                std::optional<int64_t> expected_revision);

 private:
  storage::Database& database_;
};

}  // namespace samverka::catalog
