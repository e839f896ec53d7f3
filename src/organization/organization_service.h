// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <boost/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "accounts/account_service.h"
#include "accounts/principal.h"
#include "core/result.h"
#include "organization/organization.h"
#include "storage/database.h"

namespace samverka::catalog {

// Organisations: anyone reads; sysadmins create and delete; an organisation's admins update it.
// Writes append to the change log in the same transaction. Thread-safe.
class OrganizationService {
 public:
  OrganizationService(storage::Database& database, accounts::AccountService& accounts)
      : database_(database), accounts_(accounts) {}

  Result<std::vector<Organization>> list();
  Result<Organization> get(const std::string& id_or_slug);
  Result<Organization> create(const accounts::Principal& principal, const boost::json::value& body);
  // Full replacement (PUT) or JSON merge patch (PATCH). expected_revision: from If-Match.
  enum class UpdateKind { kReplace, kMergePatch };
  Result<Organization> update(const accounts::Principal& principal, const std::string& id_or_slug,
                              const boost::json::value& body, UpdateKind kind,
                              std::optional<int64_t> expected_revision);
  // Within another domain's read or write (the same transaction): an organisation by id or
  // slug, and the id of the organisation a record names as its publisher (kValidation on
  // "publisher" when there is none).
  Result<std::optional<Organization>> find_in(storage::Connection& connection,
                                              const std::string& id_or_slug);
  Result<std::string> resolve_publisher_in(storage::Connection& connection,
                                           const std::string& publisher);

  // Within a caller's write transaction (an import): the organisation a publisher stands for,
  // by organisation number, then by Swedish name (not when the numbers differ).
  Result<std::optional<Organization>> find_publisher_in(
      storage::Connection& connection, const std::optional<std::string>& org_number,
      const std::string& name_sv);
  // Within a caller's write transaction: creates `organization` (its id and fields set by the
  // caller; sysadmins only) with a unique slug made from its Swedish name.
  Result<Organization> create_in(storage::Connection& connection,
                                 const accounts::Principal& principal, Organization organization);

  // Makes a user (id or name) a member of an organisation (id or slug) with a role: sysadmins
  // and the organisation's admins may.
  Status add_member(const accounts::Principal& principal, const std::string& id_or_slug,
                    const std::string& user, accounts::Role role);

  // Refused (kConflict) while datasets name the organisation as publisher.
  Status remove(const accounts::Principal& principal, const std::string& id_or_slug,
                std::optional<int64_t> expected_revision);

 private:
  storage::Database& database_;
  accounts::AccountService& accounts_;
};

}  // namespace samverka::catalog
