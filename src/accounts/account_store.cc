// SPDX-License-Identifier: Apache-2.0
#include "accounts/account_store.h"

namespace samverka::accounts::account_store {

using storage::Connection;
using storage::Statement;

namespace {
User read_user(const Statement& statement) {
  return User{statement.text(0), statement.text(1), statement.text(2), statement.integer(3) != 0,
              statement.text(4)};
}
}  // namespace

Status insert_user(Connection& connection, const User& user,
                   const std::optional<std::string>& password_hash) {
  Statement* statement = TRY(
      connection.prepare("INSERT INTO users (id, name, email, password_hash, sysadmin, created) "
                         "VALUES (?, ?, ?, ?, ?, ?)"));
  return statement->bind(1, user.id)
      .bind(2, user.name)
      .bind(3, user.email)
      .bind(4, password_hash)
      .bind(5, user.sysadmin)
      .bind(6, user.created)
      .run();
}

Result<std::optional<User>> find_user(Connection& connection, const std::string& id_or_name) {
  Statement* statement = TRY(connection.prepare(
      "SELECT id, name, email, sysadmin, created FROM users WHERE id = ? OR name = ?"));
  statement->bind(1, id_or_name).bind(2, id_or_name);
  if (!TRY(statement->step())) return std::optional<User>();
  return std::optional<User>(read_user(*statement));
}

Status upsert_membership(Connection& connection, const std::string& organization_id,
                         const std::string& user_id, Role role) {
  Statement* statement = TRY(connection.prepare(
      "INSERT INTO memberships (organization_id, user_id, role) VALUES (?, ?, ?) "
      "ON CONFLICT (organization_id, user_id) DO UPDATE SET role = excluded.role"));
  return statement->bind(1, organization_id).bind(2, user_id).bind(3, role_name(role)).run();
}

Result<std::map<std::string, Role>> roles_of(Connection& connection, const std::string& user_id) {
  Statement* statement =
      TRY(connection.prepare("SELECT organization_id, role FROM memberships WHERE user_id = ?"));
  statement->bind(1, user_id);
  std::map<std::string, Role> roles;
  while (TRY(statement->step())) roles[statement->text(0)] = role_from_name(statement->text(1));
  return roles;
}

Result<Principal> principal_of_user(Connection& connection, const User& user) {
  Principal principal;
  principal.user_id = user.id;
  principal.user_name = user.name;
  principal.sysadmin = user.sysadmin;
  principal.roles = TRY(roles_of(connection, user.id));
  return principal;
}

Status insert_token(Connection& connection, const TokenRecord& token, const std::string& hash) {
  Statement* statement = TRY(connection.prepare(
      "INSERT INTO tokens (id, user_id, name, hash, created, expires) VALUES (?, ?, ?, ?, ?, ?)"));
  statement->bind(1, token.id)
      .bind(2, token.user_id)
      .bind(3, token.name)
      .bind(4, hash)
      .bind(5, token.created);
  if (token.expires)
    statement->bind(6, *token.expires);
  else
    statement->bind_null(6);
  return statement->run();
}

Result<bool> revoke_token(Connection& connection, const std::string& id, const std::string& at) {
  Statement* statement =
      TRY(connection.prepare("UPDATE tokens SET revoked = coalesce(revoked, ?) WHERE id = ?"));
  TRY(statement->bind(1, at).bind(2, id).run());
  return connection.changes() > 0;
}

Result<std::optional<TokenOwner>> find_token_owner(Connection& connection,
                                                   const std::string& hash) {
  Statement* statement = TRY(connection.prepare(
      "SELECT u.id, u.name, u.email, u.sysadmin, u.created, t.expires, t.revoked "
      "FROM tokens t JOIN users u ON u.id = t.user_id WHERE t.hash = ?"));
  statement->bind(1, hash);
  if (!TRY(statement->step())) return std::optional<TokenOwner>();
  TokenOwner owner;
  owner.user = read_user(*statement);
  if (!statement->is_null(5)) owner.expires = statement->integer(5);
  owner.revoked = !statement->is_null(6);
  return std::optional<TokenOwner>(std::move(owner));
}

Result<std::vector<TokenRecord>> tokens_of(Connection& connection, const std::string& user_id) {
  Statement* statement = TRY(connection.prepare(
      "SELECT id, user_id, name, created, expires, revoked FROM tokens WHERE user_id = ? "
      "ORDER BY created DESC, id"));
  statement->bind(1, user_id);
  std::vector<TokenRecord> tokens;
  while (TRY(statement->step())) {
    TokenRecord token;
    token.id = statement->text(0);
    token.user_id = statement->text(1);
    token.name = statement->is_null(2) ? "" : statement->text(2);
    token.created = statement->text(3);
    if (!statement->is_null(4)) token.expires = statement->integer(4);
    if (!statement->is_null(5)) token.revoked = statement->text(5);
    tokens.push_back(std::move(token));
  }
  return tokens;
}

Result<std::vector<Credentials>> credentials_for(Connection& connection, const std::string& login) {
  Statement* statement = TRY(connection.prepare(
      "SELECT id, name, email, sysadmin, created, coalesce(password_hash, '') FROM users "
      "WHERE name = ? OR lower(email) = lower(?) ORDER BY name = ? DESC, created LIMIT 5"));
  statement->bind(1, login).bind(2, login).bind(3, login);
  std::vector<Credentials> found;
  while (TRY(statement->step())) found.push_back({read_user(*statement), statement->text(5)});
  return found;
}

Status insert_session(Connection& connection, const std::string& hash, const std::string& user_id,
                      const std::string& created, int64_t expires) {
  Statement* statement = TRY(connection.prepare(
      "INSERT INTO sessions (hash, user_id, created, expires) VALUES (?, ?, ?, ?)"));
  return statement->bind(1, hash).bind(2, user_id).bind(3, created).bind(4, expires).run();
}

Result<std::optional<SessionOwner>> find_session_owner(Connection& connection,
                                                       const std::string& hash) {
  Statement* statement =
      TRY(connection.prepare("SELECT u.id, u.name, u.email, u.sysadmin, u.created, s.expires "
                             "FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.hash = ?"));
  statement->bind(1, hash);
  if (!TRY(statement->step())) return std::optional<SessionOwner>();
  return std::optional<SessionOwner>(SessionOwner{read_user(*statement), statement->integer(5)});
}

Status delete_session(Connection& connection, const std::string& hash) {
  Statement* statement = TRY(connection.prepare("DELETE FROM sessions WHERE hash = ?"));
  return statement->bind(1, hash).run();
}

Status delete_sessions_of(Connection& connection, const std::string& user_id) {
  Statement* statement = TRY(connection.prepare("DELETE FROM sessions WHERE user_id = ?"));
  return statement->bind(1, user_id).run();
}

Status delete_expired_sessions(Connection& connection, int64_t now) {
  Statement* statement = TRY(connection.prepare("DELETE FROM sessions WHERE expires <= ?"));
  return statement->bind(1, now).run();
}

Result<Failures> failures_of(Connection& connection, const std::string& login_hash) {
  Statement* statement = TRY(connection.prepare(
      "SELECT failures, last_failure, locked_until FROM sign_in_failures WHERE login_hash = ?"));
  statement->bind(1, login_hash);
  Failures failures;
  if (TRY(statement->step())) {
    failures.failures = statement->integer(0);
    failures.last_failure = statement->integer(1);
    failures.locked_until = statement->integer(2);
  }
  return failures;
}

Status put_failures(Connection& connection, const std::string& login_hash,
                    const Failures& failures) {
  Statement* statement = TRY(connection.prepare(
      "INSERT INTO sign_in_failures (login_hash, failures, last_failure, locked_until) "
      "VALUES (?, ?, ?, ?) ON CONFLICT (login_hash) DO UPDATE SET failures = excluded.failures, "
      "last_failure = excluded.last_failure, locked_until = excluded.locked_until"));
  return statement->bind(1, login_hash)
      .bind(2, failures.failures)
      .bind(3, failures.last_failure)
      .bind(4, failures.locked_until)
      .run();
}

Status clear_failures(Connection& connection, const std::string& login_hash) {
  Statement* statement =
      TRY(connection.prepare("DELETE FROM sign_in_failures WHERE login_hash = ?"));
  return statement->bind(1, login_hash).run();
}

Status touch_failure(Connection& connection, const std::string& login_hash, int64_t at) {
  Statement* statement = TRY(connection.prepare(
      "UPDATE sign_in_failures SET last_failure = CASE WHEN last_failure < ? THEN ? ELSE "
      "last_failure END WHERE login_hash = ?"));
  return statement->bind(1, at).bind(2, at).bind(3, login_hash).run();
}

Status delete_stale_failures(Connection& connection, int64_t failed_before, int64_t now) {
  Statement* statement = TRY(connection.prepare(
      "DELETE FROM sign_in_failures WHERE last_failure < ? AND locked_until <= ?"));
  return statement->bind(1, failed_before).bind(2, now).run();
}

}  // namespace samverka::accounts::account_store
