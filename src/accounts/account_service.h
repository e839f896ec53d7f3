// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "accounts/account_store.h"
#include "accounts/principal.h"
#include "core/result.h"
#include "storage/database.h"

namespace samverka::accounts {

struct NewToken {
  TokenRecord record;
  std::string secret;  // shown once; only its hash is stored
};

// Users, memberships and API tokens. Thread-safe (state lives in the database).
class AccountService {
 public:
  explicit AccountService(storage::Database& database) : database_(database) {}

  // name: 2-100 of [a-z0-9._-]; a password, when given, is stored as argon2id.
  Result<User> add_user(const std::string& name, const std::string& email, bool sysadmin,
                        const std::optional<std::string>& password);
  // Adds or changes a membership: the organisation by id (OrganizationService::add_member
  // resolves slugs and decides who may), the user by id or name.
  Status add_member(const std::string& organization_id, const std::string& user, Role role);
  // A new random 256-bit token for the user (by id or name).
  Result<NewToken> create_token(const std::string& user, const std::string& name,
                                std::optional<int> expires_days);
  Status revoke_token(const std::string& token_id);
  // The user's tokens, newest first; revoking one of them (kNotFound for another's token).
  Result<std::vector<TokenRecord>> tokens_of(const std::string& user_id);
  Status revoke_own_token(const std::string& user_id, const std::string& token_id);

  // Resolves an Authorization header. No header: the anonymous principal. A header that is not
  // "Bearer <token>", or an unknown, revoked or expired token: kUnauthenticated.
  Result<Principal> authenticate(std::string_view authorization);

  Result<std::optional<User>> find_user(const std::string& id_or_name);

  // The principal of a user as the user stands now (its current roles), for work that runs
  // later on the user's behalf, such as a queued job. kUnauthenticated when the user is gone.
  Result<Principal> principal_for_user(const std::string& user_id);

 private:
  storage::Database& database_;
};

}  // namespace samverka::accounts
