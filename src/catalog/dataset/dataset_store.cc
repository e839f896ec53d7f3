// SPDX-License-Identifier: Apache-2.0
#include "catalog/dataset/dataset_store.h"

namespace samverka::catalog::dataset_store {

using storage::Connection;
using storage::Statement;

namespace {
constexpr const char* kColumns =
    "position, id, slug, publisher_id, state, private, created, record_modified, revision, "
    "document";

Result<DatasetRecord> read_record(const Statement& statement) {
  DatasetRecord record;
  record.id = statement.text(1);
  record.slug = statement.text(2);
  record.publisher_id = statement.text(3);
  parse_state(statement.text(4), record.state);
  record.is_private = statement.integer(5) != 0;
  record.created = statement.text(6);
  record.record_modified = statement.text(7);
  record.revision = statement.integer(8);
  boost::system::error_code error;
  auto document = bj::parse(statement.text(9), error);
  if (error || !document.is_object()) {
    return make_error(ErrorCode::kInternal,
                      "stored dataset " + record.id + " is not a JSON object");
  }
  record.document = std::move(document.get_object());
  return record;
}
}  // namespace

Status insert(Connection& connection, const DatasetRecord& record) {
  Statement* statement = TRY(connection.prepare(
      "INSERT INTO datasets (id, slug, publisher_id, state, private, created, record_modified, "
      "revision, document) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  return statement->bind(1, record.id)
      .bind(2, record.slug)
      .bind(3, record.publisher_id)
      .bind(4, state_name(record.state))
      .bind(5, record.is_private)
      .bind(6, record.created)
      .bind(7, record.record_modified)
      .bind(8, record.revision)
      .bind(9, bj::serialize(record.document))
      .run();
}

Status update(Connection& connection, const DatasetRecord& record) {
  Statement* statement = TRY(
      connection.prepare("UPDATE datasets SET slug = ?, publisher_id = ?, state = ?, private = ?, "
                         "record_modified = ?, revision = ?, document = ? WHERE id = ?"));
  return statement->bind(1, record.slug)
      .bind(2, record.publisher_id)
      .bind(3, state_name(record.state))
      .bind(4, record.is_private)
      .bind(5, record.record_modified)
      .bind(6, record.revision)
      .bind(7, bj::serialize(record.document))
      .bind(8, record.id)
      .run();
}

Status purge(Connection& connection, const std::string& id) {
  Statement* statement = TRY(connection.prepare("DELETE FROM datasets WHERE id = ?"));
  TRY(statement->bind(1, id).run());
  Statement* activity = TRY(connection.prepare("DELETE FROM activity WHERE dataset_id = ?"));
  return activity->bind(1, id).run();
}

Result<std::optional<DatasetRecord>> find(Connection& connection, const std::string& id_or_slug) {
  Statement* statement = TRY(connection.prepare(
      std::string("SELECT ") + kColumns + " FROM datasets WHERE id = ? UNION ALL SELECT " +
      kColumns + " FROM datasets WHERE slug = ? LIMIT 1"));
  statement->bind(1, id_or_slug).bind(2, id_or_slug);
  if (!TRY(statement->step())) return std::optional<DatasetRecord>();
  return std::optional<DatasetRecord>(TRY(read_record(*statement)));
}

// Both queries use the expression indexes of migration 3; the expressions must match them.
Result<std::optional<DatasetRecord>> find_by_identifier(Connection& connection,
                                                        const std::string& publisher_id,
                                                        const std::string& identifier) {
  Statement* statement = TRY(connection.prepare(
      std::string("SELECT ") + kColumns + " FROM datasets WHERE publisher_id = ? AND " +
      connection.json_field("document", "identifier") + " = ? ORDER BY position LIMIT 1"));
  statement->bind(1, publisher_id).bind(2, identifier);
  if (!TRY(statement->step())) return std::optional<DatasetRecord>();
  return std::optional<DatasetRecord>(TRY(read_record(*statement)));
}

Result<std::optional<DatasetRecord>> find_by_iri(Connection& connection, const std::string& iri) {
  Statement* statement = TRY(connection.prepare(
      std::string("SELECT ") + kColumns + " FROM datasets WHERE " +
      connection.json_field("document", "iri") + " = ? ORDER BY position LIMIT 1"));
  statement->bind(1, iri);
  if (!TRY(statement->step())) return std::optional<DatasetRecord>();
  return std::optional<DatasetRecord>(TRY(read_record(*statement)));
}

Result<bool> slug_taken(Connection& connection, const std::string& slug,
                        const std::string& except_id) {
  Statement* statement =
      TRY(connection.prepare("SELECT 1 FROM datasets WHERE slug = ? AND id <> ?"));
  statement->bind(1, slug).bind(2, except_id);
  return statement->step();
}

Result<ListPage> list(Connection& connection, const ListFilter& filter) {
  std::string where = " WHERE 1 = 1";
  std::vector<std::string> values;
  if (!filter.all_visible) {
    where += " AND ((state = 'published' AND private = 0)";
    if (!filter.visible_organizations.empty()) {
      where += " OR publisher_id IN (";
      for (size_t index = 0; index < filter.visible_organizations.size(); ++index) {
        where += index ? ", ?" : "?";
        values.push_back(filter.visible_organizations[index]);
      }
      where += ")";
    }
    where += ")";
  }
  if (filter.publisher_id) {
    where += " AND publisher_id = ?";
    values.push_back(*filter.publisher_id);
  }
  if (filter.modified_since) {
    where += " AND record_modified >= ?";
    values.push_back(*filter.modified_since);
  }
  if (filter.state) {
    where += " AND state = ?";
    values.push_back(state_name(*filter.state));
  } else {
    where += " AND state <> 'withdrawn'";
  }
  ListPage page;
  if (filter.known_total) {
    page.total = *filter.known_total;
  } else {
    Statement* count = TRY(connection.prepare("SELECT count(*) FROM datasets" + where));
    for (size_t index = 0; index < values.size(); ++index)
      count->bind(int(index) + 1, values[index]);
    TRY(count->step());
    page.total = count->integer(0);
  }

  Statement* rows = TRY(connection.prepare(std::string("SELECT ") + kColumns + " FROM datasets" +
                                           where + " AND position > ? ORDER BY position LIMIT ?"));
  int index = 1;
  for (const auto& value : values) rows->bind(index++, value);
  rows->bind(index++, filter.after_position);
  rows->bind(index, int64_t{filter.limit} + 1);
  int64_t position = 0;
  while (TRY(rows->step())) {
    if (static_cast<int>(page.records.size()) == filter.limit) {
      page.last_position = position;
      break;
    }
    position = rows->integer(0);
    page.records.push_back(TRY(read_record(*rows)));
  }
  return page;
}

Result<std::vector<std::pair<int64_t, DatasetRecord>>> all_after(Connection& connection,
                                                                 int64_t after_position,
                                                                 int limit) {
  Statement* statement =
      TRY(connection.prepare(std::string("SELECT ") + kColumns +
                             " FROM datasets WHERE position > ? ORDER BY position LIMIT ?"));
  statement->bind(1, after_position).bind(2, int64_t{limit});
  std::vector<std::pair<int64_t, DatasetRecord>> rows;
  while (TRY(statement->step()))
    rows.emplace_back(statement->integer(0), TRY(read_record(*statement)));
  return rows;
}

namespace {
// "... AND publisher_id = ? AND record_modified >= ?" for the filters that are set; binds them
// from index 1 and returns the next free index.
std::string public_where(const PublicFilter& filter) {
  std::string where = " WHERE state = 'published' AND private = 0";
  if (filter.publisher_id) where += " AND publisher_id = ?";
  if (filter.modified_since) where += " AND record_modified >= ?";
  return where;
}
int bind_public(Statement& statement, const PublicFilter& filter) {
  int index = 1;
  if (filter.publisher_id) statement.bind(index++, *filter.publisher_id);
  if (filter.modified_since) statement.bind(index++, *filter.modified_since);
  return index;
}
}  // namespace

Result<std::vector<DatasetRecord>> public_records(Connection& connection,
                                                  const PublicFilter& filter, int64_t offset,
                                                  int limit) {
  // Find where the page starts through the covering index, then read just the page's rows.
  Statement* start = TRY(connection.prepare("SELECT position FROM datasets" + public_where(filter) +
                                            " ORDER BY position LIMIT 1 OFFSET ?"));
  int index = bind_public(*start, filter);
  start->bind(index, offset);
  if (!TRY(start->step())) return std::vector<DatasetRecord>();
  int64_t first = start->integer(0);
  Statement* statement = TRY(connection.prepare(std::string("SELECT ") + kColumns +
                                                " FROM datasets" + public_where(filter) +
                                                " AND position >= ? ORDER BY position LIMIT ?"));
  index = bind_public(*statement, filter);
  statement->bind(index, first).bind(index + 1, int64_t{limit});
  std::vector<DatasetRecord> records;
  while (TRY(statement->step())) records.push_back(TRY(read_record(*statement)));
  return records;
}

Result<int64_t> count_public(Connection& connection, const PublicFilter& filter) {
  Statement* statement =
      TRY(connection.prepare("SELECT count(*) FROM datasets" + public_where(filter)));
  bind_public(*statement, filter);
  TRY(statement->step());
  return statement->integer(0);
}

Result<std::vector<std::string>> public_slugs(Connection& connection, int64_t offset, int limit) {
  Statement* start = TRY(connection.prepare(
      "SELECT position FROM datasets WHERE state = 'published' AND private = 0 ORDER BY position "
      "LIMIT 1 OFFSET ?"));
  start->bind(1, offset);
  if (!TRY(start->step())) return std::vector<std::string>();
  int64_t first = start->integer(0);
  Statement* statement = TRY(connection.prepare(
      "SELECT slug FROM datasets WHERE state = 'published' AND private = 0 AND position >= ? "
      "ORDER BY position LIMIT ?"));
  statement->bind(1, first).bind(2, int64_t{limit});
  std::vector<std::string> slugs;
  while (TRY(statement->step())) slugs.push_back(statement->text(0));
  return slugs;
}

Result<std::vector<std::string>> ids_by_publisher(Connection& connection,
                                                  const std::string& publisher_id) {
  Statement* statement = TRY(connection.prepare("SELECT id FROM datasets WHERE publisher_id = ?"));
  statement->bind(1, publisher_id);
  std::vector<std::string> ids;
  while (TRY(statement->step())) ids.push_back(statement->text(0));
  return ids;
}

Status insert_activity(Connection& connection, const std::string& dataset_id,
                       const ActivityEntry& entry) {
  Statement* statement = TRY(connection.prepare(
      "INSERT INTO activity (dataset_id, revision, user_id, user_name, at, op, changes) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)"));
  return statement->bind(1, dataset_id)
      .bind(2, entry.revision)
      .bind(3, entry.user_id)
      .bind(4, entry.user_name)
      .bind(5, entry.at)
      .bind(6, entry.op)
      .bind(7, entry.changes)
      .run();
}

Status prune_activity(Connection& connection, const std::string& dataset_id, int max_entries,
                      const std::string& cutoff) {
  Statement* by_age =
      TRY(connection.prepare("DELETE FROM activity WHERE dataset_id = ? AND at < ?"));
  TRY(by_age->bind(1, dataset_id).bind(2, cutoff).run());
  Statement* by_count = TRY(connection.prepare(
      "DELETE FROM activity WHERE dataset_id = ? AND id NOT IN (SELECT id FROM activity WHERE "
      "dataset_id = ? ORDER BY id DESC LIMIT ?)"));
  return by_count->bind(1, dataset_id).bind(2, dataset_id).bind(3, int64_t{max_entries}).run();
}

Result<std::vector<ActivityEntry>> list_activity(Connection& connection,
                                                 const std::string& dataset_id, int limit) {
  Statement* statement = TRY(connection.prepare(
      "SELECT revision, user_id, user_name, at, op, changes FROM activity WHERE dataset_id = ? "
      "ORDER BY id DESC LIMIT ?"));
  statement->bind(1, dataset_id).bind(2, int64_t{limit});
  std::vector<ActivityEntry> entries;
  while (TRY(statement->step())) {
    entries.push_back({statement->integer(0), statement->text(1), statement->text(2),
                       statement->text(3), statement->text(4), statement->text(5)});
  }
  return entries;
}

Result<int64_t> count_all(storage::Connection& connection) {
  storage::Statement* statement = TRY(connection.prepare("SELECT count(*) FROM datasets"));
  TRY(statement->step());
  return statement->integer(0);
}

}  // namespace samverka::catalog::dataset_store
