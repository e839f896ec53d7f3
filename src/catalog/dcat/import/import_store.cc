// SPDX-License-Identifier: Apache-2.0
#include "catalog/dcat/import/import_store.h"

namespace samverka::catalog::import_store {

StoredImport stored_import(const boost::json::object& report, const std::string& user_id,
                           const std::string& publisher_id) {
  auto text = [&](const char* key) { return std::string(report.at(key).as_string()); };
  return StoredImport{text("id"),   text("created"), user_id,
                      publisher_id, text("status"),  boost::json::serialize(report)};
}

Status insert(storage::Connection& connection, const StoredImport& stored) {
  storage::Statement* statement = TRY(
      connection.prepare("INSERT INTO imports (id, created, user_id, publisher_id, status, report) "
                         "VALUES (?, ?, ?, ?, ?, ?)"));
  return statement->bind(1, stored.id)
      .bind(2, stored.created)
      .bind(3, stored.user_id)
      .bind(4, stored.publisher_id)
      .bind(5, stored.status)
      .bind(6, stored.report)
      .run();
}

Result<std::optional<StoredImport>> find(storage::Connection& connection, const std::string& id) {
  storage::Statement* statement = TRY(connection.prepare(
      "SELECT id, created, user_id, publisher_id, status, report FROM imports WHERE id = ?"));
  statement->bind(1, id);
  if (!TRY(statement->step())) return std::optional<StoredImport>();
  return std::optional<StoredImport>(StoredImport{statement->text(0), statement->text(1),
                                                  statement->text(2), statement->text(3),
                                                  statement->text(4), statement->text(5)});
}

}  // namespace samverka::catalog::import_store
