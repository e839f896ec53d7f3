// SPDX-License-Identifier: Apache-2.0
#include "accounts/account_service.h"

#include <algorithm>

#include "accounts/password.h"
#include "core/clock.h"
#include "core/ids.h"
#include "core/text.h"

namespace samverka::accounts {

namespace {
bool is_user_name(std::string_view name) {
  if (name.size() < 2 || name.size() > 100) return false;
  for (char c : name) {
    bool allowed =
        (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    if (!allowed) return false;
  }
  return true;
}
constexpr std::string_view kTokenPrefix = "svk_";
}  // namespace

Result<User> AccountService::add_user(const std::string& name, const std::string& email,
                                      bool sysadmin, const std::optional<std::string>& password) {
  std::vector<FieldError> errors;
  if (!is_user_name(name)) {
    errors.push_back({"name", "must be 2-100 characters of a-z, 0-9, '.', '_' or '-'"});
  }
  if (!text::is_email(email)) errors.push_back({"email", "is not a valid e-mail address"});
  if (!errors.empty()) return make_error(ErrorCode::kValidation, "invalid user", errors);
  std::optional<std::string> password_hash;
  if (password) password_hash = TRY(hash_password(*password));
  User user{ids::new_uuid(), name, email, sysadmin, clock::now_iso()};
  TRY(database_.write([&](storage::Connection& connection) -> Status {
    Status inserted = account_store::insert_user(connection, user, password_hash);
    if (!inserted.ok() && inserted.error().code == ErrorCode::kConflict) {
      return make_error(ErrorCode::kConflict, "a user named '" + name + "' already exists",
                        {{"name", "already taken"}});
    }
    return inserted;
  }));
  return user;
}

Status AccountService::add_member(const std::string& organization_id, const std::string& user,
                                  Role role) {
  if (role == Role::kNone) {
    return make_error(ErrorCode::kValidation, "unknown role",
                      {{"role", "must be admin, editor or member"}});
  }
  return database_.write([&](storage::Connection& connection) -> Status {
    auto found = TRY(account_store::find_user(connection, user));
    if (!found) return make_error(ErrorCode::kNotFound, "no user '" + user + "'");
    return account_store::upsert_membership(connection, organization_id, found->id, role);
  });
}

Result<NewToken> AccountService::create_token(const std::string& user, const std::string& name,
                                              std::optional<int> expires_days) {
  if (expires_days && (*expires_days < 1 || *expires_days > 3650)) {
    return make_error(ErrorCode::kValidation, "invalid expiry",
                      {{"expires_days", "must be between 1 and 3650"}});
  }
  return database_.write([&](storage::Connection& connection) -> Result<NewToken> {
    auto found = TRY(account_store::find_user(connection, user));
    if (!found) return make_error(ErrorCode::kNotFound, "no user '" + user + "'");
    NewToken token;
    token.secret = std::string(kTokenPrefix) + ids::random_hex(32);
    token.record.id = ids::random_hex(8);
    token.record.user_id = found->id;
    token.record.name = name;
    token.record.created = clock::now_iso();
    if (expires_days) token.record.expires = clock::now_seconds() + int64_t{*expires_days} * 86400;
    TRY(account_store::insert_token(connection, token.record, ids::hash_hex(token.secret)));
    return token;
  });
}

Status AccountService::revoke_token(const std::string& token_id) {
  return database_.write([&](storage::Connection& connection) -> Status {
    bool revoked = TRY(account_store::revoke_token(connection, token_id, clock::now_iso()));
    if (!revoked) return make_error(ErrorCode::kNotFound, "no token with id '" + token_id + "'");
    return {};
  });
}

Result<std::vector<TokenRecord>> AccountService::tokens_of(const std::string& user_id) {
  return database_.read([&](storage::Connection& connection) {
    return account_store::tokens_of(connection, user_id);
  });
}

Status AccountService::revoke_own_token(const std::string& user_id, const std::string& token_id) {
  return database_.write([&](storage::Connection& connection) -> Status {
    auto tokens = TRY(account_store::tokens_of(connection, user_id));
    bool own = std::any_of(tokens.begin(), tokens.end(),
                           [&](const TokenRecord& token) { return token.id == token_id; });
    if (!own) return make_error(ErrorCode::kNotFound, "no token with id '" + token_id + "'");
    TRY(account_store::revoke_token(connection, token_id, clock::now_iso()));
    return {};
  });
}

Result<Principal> AccountService::authenticate(std::string_view authorization) {
  Principal principal;
  if (authorization.empty()) return principal;
  constexpr std::string_view kBearer = "Bearer ";
  if (authorization.size() <= kBearer.size() ||
      !std::equal(kBearer.begin(), kBearer.end(), authorization.begin(),
                  [](char a, char b) { return std::tolower(a) == std::tolower(b); })) {
    return make_error(ErrorCode::kUnauthenticated,
                      "the Authorization header must be 'Bearer <token>'");
  }
  std::string_view secret = authorization.substr(kBearer.size());
  while (!secret.empty() && secret.front() == ' ') secret.remove_prefix(1);
  while (!secret.empty() && secret.back() == ' ') secret.remove_suffix(1);
  std::string hash = ids::hash_hex(secret);
  return database_.read([&](storage::Connection& connection) -> Result<Principal> {
    auto owner = TRY(account_store::find_token_owner(connection, hash));
    if (!owner) return make_error(ErrorCode::kUnauthenticated, "the token is not known");
    if (owner->revoked) return make_error(ErrorCode::kUnauthenticated, "the token was revoked");
    if (owner->expires && *owner->expires <= clock::now_seconds()) {
      return make_error(ErrorCode::kUnauthenticated, "the token has expired");
    }
    return account_store::principal_of_user(connection, owner->user);
  });
}

Result<std::optional<User>> AccountService::find_user(const std::string& id_or_name) {
  return database_.read([&](storage::Connection& connection) {
    return account_store::find_user(connection, id_or_name);
  });
}

Result<Principal> AccountService::principal_for_user(const std::string& user_id) {
  return database_.read([&](storage::Connection& connection) -> Result<Principal> {
    auto user = TRY(account_store::find_user(connection, user_id));
    if (!user || user->id != user_id) {
      return make_error(ErrorCode::kUnauthenticated, "the user who started this no longer exists");
    }
    return account_store::principal_of_user(connection, *user);
  });
}

}  // namespace samverka::accounts
