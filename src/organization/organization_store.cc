// SPDX-License-Identifier: Apache-2.0
#include "organization/organization_store.h"

namespace samverka::catalog::organization_store {

using storage::Connection;
using storage::Statement;

namespace {
constexpr const char* kSelect =
    "SELECT id, slug, name_sv, name_en, org_number, type, homepage, email, created, modified, "
    "revision FROM organizations";

Organization read(const Statement& statement) {
  Organization organization;
  organization.id = statement.text(0);
  organization.slug = statement.text(1);
  organization.name_sv = statement.text(2);
  organization.name_en = statement.optional_text(3);
  organization.org_number = statement.optional_text(4);
  organization.type = statement.optional_text(5);
  organization.homepage = statement.optional_text(6);
  organization.email = statement.optional_text(7);
  organization.created = statement.text(8);
  organization.modified = statement.text(9);
  organization.revision = statement.integer(10);
  return organization;
}

void bind_fields(Statement& statement, const Organization& organization) {
  statement.bind(1, organization.slug)
      .bind(2, organization.name_sv)
      .bind(3, organization.name_en)
      .bind(4, organization.org_number)
      .bind(5, organization.type)
      .bind(6, organization.homepage)
      .bind(7, organization.email)
      .bind(8, organization.modified)
      .bind(9, organization.revision)
      .bind(10, organization.id);
}
}  // namespace

Status insert(Connection& connection, const Organization& organization) {
  Statement* statement = TRY(connection.prepare(
      "INSERT INTO organizations (slug, name_sv, name_en, org_number, type, homepage, email, "
      "modified, revision, id, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  bind_fields(*statement, organization);
  statement->bind(11, organization.created);
  return statement->run();
}

Status update(Connection& connection, const Organization& organization) {
  Statement* statement = TRY(connection.prepare(
      "UPDATE organizations SET slug = ?, name_sv = ?, name_en = ?, org_number = ?, type = ?, "
      "homepage = ?, email = ?, modified = ?, revision = ? WHERE id = ?"));
  bind_fields(*statement, organization);
  return statement->run();
}

Status remove(Connection& connection, const std::string& id) {
  Statement* statement = TRY(connection.prepare("DELETE FROM organizations WHERE id = ?"));
  return statement->bind(1, id).run();
}

Result<std::optional<Organization>> find(Connection& connection, const std::string& id_or_slug) {
  Statement* statement =
      TRY(connection.prepare(std::string(kSelect) + " WHERE id = ? OR slug = ? LIMIT 1"));
  statement->bind(1, id_or_slug).bind(2, id_or_slug);
  if (!TRY(statement->step())) return std::optional<Organization>();
  return std::optional<Organization>(read(*statement));
}

Result<std::optional<Organization>> find_by_org_number(Connection& connection,
                                                       const std::string& org_number) {
  Statement* statement =
      TRY(connection.prepare(std::string(kSelect) + " WHERE org_number = ? LIMIT 1"));
  statement->bind(1, org_number);
  if (!TRY(statement->step())) return std::optional<Organization>();
  return std::optional<Organization>(read(*statement));
}

Result<std::optional<Organization>> find_by_name(Connection& connection,
                                                 const std::string& name_sv) {
  Statement* statement =
      TRY(connection.prepare(std::string(kSelect) + " WHERE name_sv = ? ORDER BY created LIMIT 1"));
  statement->bind(1, name_sv);
  if (!TRY(statement->step())) return std::optional<Organization>();
  return std::optional<Organization>(read(*statement));
}

Result<std::vector<Organization>> list(Connection& connection) {
  Statement* statement = TRY(connection.prepare(std::string(kSelect) + " ORDER BY name_sv"));
  std::vector<Organization> organizations;
  while (TRY(statement->step())) organizations.push_back(read(*statement));
  return organizations;
}

Result<std::string> resolve_publisher(Connection& connection, const std::string& given) {
  auto organization = TRY(find(connection, given));
  if (!organization) {
    return make_error(ErrorCode::kValidation, "unknown publisher",
                      {{"publisher", "no organisation with id or slug '" + given + "'"}});
  }
  return organization->id;
}

Result<int64_t> count_datasets(Connection& connection, const std::string& id) {
  Statement* statement =
      TRY(connection.prepare("SELECT count(*) FROM datasets WHERE publisher_id = ?"));
  statement->bind(1, id);
  TRY(statement->step());
  return statement->integer(0);
}

}  // namespace samverka::catalog::organization_store
