// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "accounts/principal.h"
#include "core/result.h"
#include "storage/database.h"

namespace samverka::accounts {

struct User {
  std::string id;
  std::string name;
  std::string email;
  bool sysadmin = false;
  std::string created;
};

struct TokenRecord {
  std::string id;
  std::string user_id;
  std::string name;
  std::string created;
  std::optional<int64_t> expires;  // Unix seconds
  std::optional<std::string> revoked;
};

// SQL for users, memberships and tokens. Functions take the Connection of the caller's
// transaction, so a service can combine several in one write.
namespace account_store {

Status insert_user(storage::Connection& connection, const User& user,
                   const std::optional<std::string>& password_hash);
Result<std::optional<User>> find_user(storage::Connection& connection,
                                      const std::string& id_or_name);
Status upsert_membership(storage::Connection& connection, const std::string& organization_id,
                         const std::string& user_id, Role role);
Result<std::map<std::string, Role>> roles_of(storage::Connection& connection,
                                             const std::string& user_id);
Status insert_token(storage::Connection& connection, const TokenRecord& token,
                    const std::string& hash);
// Marks the token revoked; false when no such token exists.
Result<bool> revoke_token(storage::Connection& connection, const std::string& id,
                          const std::string& at);
// The user behind an unrevoked token with this hash, with the token's expiry.
struct TokenOwner {
  User user;
  std::optional<int64_t> expires;
  bool revoked = false;
};
Result<std::optional<TokenOwner>> find_token_owner(storage::Connection& connection,
                                                   const std::string& hash);

}  // namespace account_store
}  // namespace samverka::accounts
