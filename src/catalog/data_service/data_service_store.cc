// SPDX-License-Identifier: Apache-2.0
#include "catalog/data_service/data_service_store.h"

namespace samverka::catalog::data_service_store {

namespace bj = boost::json;
using storage::Connection;
using storage::Statement;

namespace {
constexpr const char* kSelect =
    "SELECT position, id, publisher_id, created, record_modified, revision, document "
    "FROM data_services";

Result<DataServiceRecord> read(const Statement& statement) {
  DataServiceRecord record;
  record.id = statement.text(1);
  record.publisher_id = statement.text(2);
  record.created = statement.text(3);
  record.record_modified = statement.text(4);
  record.revision = statement.integer(5);
  boost::system::error_code error;
  auto document = bj::parse(statement.text(6), error);
  if (error || !document.is_object()) {
    return make_error(ErrorCode::kInternal, "stored data service " + record.id + " is not JSON");
  }
  record.document = std::move(document.get_object());
  return record;
}

// The datasets the service serves, as the data_service_datasets table holds them.
Status link_datasets(Connection& connection, const DataServiceRecord& record) {
  Statement* clear =
      TRY(connection.prepare("DELETE FROM data_service_datasets WHERE data_service_id = ?"));
  TRY(clear->bind(1, record.id).run());
  for (const std::string& id : served_dataset_ids(record.document)) {
    Statement* insert = TRY(connection.prepare(
        "INSERT INTO data_service_datasets (dataset_id, data_service_id) VALUES (?, ?)"));
    TRY(insert->bind(1, id).bind(2, record.id).run());
  }
  return {};
}
}  // namespace

Result<std::optional<DataServiceRecord>> find_by_iri(Connection& connection,
                                                     const std::string& iri) {
  Statement* statement = TRY(connection.prepare(std::string(kSelect) + " WHERE " +
                                                connection.json_field("document", "iri") +
                                                " = ? ORDER BY position LIMIT 1"));
  statement->bind(1, iri);
  if (!TRY(statement->step())) return std::optional<DataServiceRecord>();
  return std::optional<DataServiceRecord>(TRY(read(*statement)));
}

Status insert(Connection& connection, const DataServiceRecord& record) {
  Statement* statement = TRY(connection.prepare(
      "INSERT INTO data_services (id, publisher_id, created, record_modified, revision, document) "
      "VALUES (?, ?, ?, ?, ?, ?)"));
  TRY(statement->bind(1, record.id)
          .bind(2, record.publisher_id)
          .bind(3, record.created)
          .bind(4, record.record_modified)
          .bind(5, record.revision)
          .bind(6, bj::serialize(record.document))
          .run());
  return link_datasets(connection, record);
}

Status update(Connection& connection, const DataServiceRecord& record) {
  Statement* statement = TRY(connection.prepare(
      "UPDATE data_services SET publisher_id = ?, record_modified = ?, revision = ?, document = ? "
      "WHERE id = ?"));
  TRY(statement->bind(1, record.publisher_id)
          .bind(2, record.record_modified)
          .bind(3, record.revision)
          .bind(4, bj::serialize(record.document))
          .bind(5, record.id)
          .run());
  return link_datasets(connection, record);
}

Status remove(Connection& connection, const std::string& id) {
  Statement* links =
      TRY(connection.prepare("DELETE FROM data_service_datasets WHERE data_service_id = ?"));
  TRY(links->bind(1, id).run());
  Statement* statement = TRY(connection.prepare("DELETE FROM data_services WHERE id = ?"));
  return statement->bind(1, id).run();
}

Result<std::vector<DataServiceRecord>> serving(Connection& connection,
                                               const std::string& dataset_id, int limit) {
  Statement* statement = TRY(connection.prepare(
      std::string(kSelect) +
      " WHERE id IN (SELECT data_service_id FROM data_service_datasets WHERE dataset_id = ?)"
      " ORDER BY position LIMIT ?"));
  statement->bind(1, dataset_id).bind(2, int64_t{limit});
  std::vector<DataServiceRecord> records;
  while (TRY(statement->step())) records.push_back(TRY(read(*statement)));
  return records;
}

Result<std::optional<DataServiceRecord>> find(Connection& connection, const std::string& id) {
  Statement* statement = TRY(connection.prepare(std::string(kSelect) + " WHERE id = ?"));
  statement->bind(1, id);
  if (!TRY(statement->step())) return std::optional<DataServiceRecord>();
  return std::optional<DataServiceRecord>(TRY(read(*statement)));
}

Result<std::vector<std::pair<int64_t, DataServiceRecord>>> list(Connection& connection,
                                                                int64_t after_position, int limit) {
  Statement* statement = TRY(
      connection.prepare(std::string(kSelect) + " WHERE position > ? ORDER BY position LIMIT ?"));
  statement->bind(1, after_position).bind(2, int64_t{limit});
  std::vector<std::pair<int64_t, DataServiceRecord>> rows;
  while (TRY(statement->step())) rows.emplace_back(statement->integer(0), TRY(read(*statement)));
  return rows;
}

Result<int64_t> count(Connection& connection) {
  Statement* statement = TRY(connection.prepare("SELECT count(*) FROM data_services"));
  TRY(statement->step());
  return statement->integer(0);
}

}  // namespace samverka::catalog::data_service_store
