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
// The user as a principal, with the roles it has now.
Result<Principal> principal_of_user(storage::Connection& connection, const User& user);
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

// Tokens of a user, newest first, revoked ones included.
Result<std::vector<TokenRecord>> tokens_of(storage::Connection& connection,
                                           const std::string& user_id);

// Users a login (a user name, or an e-mail address compared without case) may stand for, with
// their password hashes ("" for users without a password). At most a few.
struct Credentials {
  User user;
  std::string password_hash;
};
Result<std::vector<Credentials>> credentials_for(storage::Connection& connection,
                                                 const std::string& login);

// Sessions of the portal, by the hash of the secret in their cookie.
Status insert_session(storage::Connection& connection, const std::string& hash,
                      const std::string& user_id, const std::string& created, int64_t expires);
struct SessionOwner {
  User user;
  int64_t expires = 0;
};
Result<std::optional<SessionOwner>> find_session_owner(storage::Connection& connection,
                                                       const std::string& hash);
Status delete_session(storage::Connection& connection, const std::string& hash);
Status delete_sessions_of(storage::Connection& connection, const std::string& user_id);
Status delete_expired_sessions(storage::Connection& connection, int64_t now);

// Failed sign-ins per login hash.
struct Failures {
  int64_t failures = 0;
  int64_t last_failure = 0;  // Unix seconds
  int64_t locked_until = 0;  // Unix seconds, 0 when not locked
};
Result<Failures> failures_of(storage::Connection& connection, const std::string& login_hash);
Status put_failures(storage::Connection& connection, const std::string& login_hash,
                    const Failures& failures);
Status clear_failures(storage::Connection& connection, const std::string& login_hash);
// Moves a login's last failure to `at` (the end of a failed check), never back.
Status touch_failure(storage::Connection& connection, const std::string& login_hash, int64_t at);
// Forgets failures older than failed_before whose lock (if any) has ended: guesses at many
// logins would otherwise leave a row each for ever. Uses the index on last_failure.
Status delete_stale_failures(storage::Connection& connection, int64_t failed_before, int64_t now);

}  // namespace account_store
}  // namespace samverka::accounts
