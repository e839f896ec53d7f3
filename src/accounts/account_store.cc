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

}  // namespace samverka::accounts::account_store
