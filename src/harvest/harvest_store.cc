// SPDX-License-Identifier: Apache-2.0
#include "harvest/harvest_store.h"

namespace samverka::harvest::harvest_store {

namespace bj = boost::json;
using storage::Connection;
using storage::Statement;

namespace {

constexpr const char* kSourceColumns =
    "id, name, url, type, publisher_id, schedule, enabled, priority, created, modified, revision, "
    "etag, last_modified";
constexpr const char* kRunColumns = "id, source_id, started, finished, status, message, summary";

HarvestSource read_source(const Statement& statement) {
  HarvestSource source;
  source.id = statement.text(0);
  source.name = statement.text(1);
  source.url = statement.text(2);
  source.type = statement.text(3);
  source.publisher_id = statement.optional_text(4);
  source.schedule = statement.text(5);
  source.enabled = statement.integer(6) != 0;
  source.priority = statement.integer(7);
  source.created = statement.text(8);
  source.modified = statement.text(9);
  source.revision = statement.integer(10);
  source.etag = statement.text(11);
  source.last_modified = statement.text(12);
  return source;
}

HarvestRun read_run(const Statement& statement) {
  HarvestRun run;
  run.id = statement.text(0);
  run.source_id = statement.text(1);
  run.started = statement.text(2);
  run.finished = statement.optional_text(3);
  run.status = statement.text(4);
  run.message = statement.text(5);
  boost::system::error_code error;
  bj::value summary = bj::parse(statement.text(6), error);
  if (!error && summary.is_object()) run.summary = std::move(summary.get_object());
  return run;
}

}  // namespace

Status insert(Connection& connection, const HarvestSource& source) {
  Statement* statement =
      TRY(connection.prepare(std::string("INSERT INTO harvest_sources (") + kSourceColumns +
                             ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  return statement->bind(1, source.id)
      .bind(2, source.name)
      .bind(3, source.url)
      .bind(4, source.type)
      .bind(5, source.publisher_id)
      .bind(6, source.schedule)
      .bind(7, source.enabled)
      .bind(8, source.priority)
      .bind(9, source.created)
      .bind(10, source.modified)
      .bind(11, source.revision)
      .bind(12, source.etag)
      .bind(13, source.last_modified)
      .run();
}

Status update(Connection& connection, const HarvestSource& source) {
  Statement* statement = TRY(connection.prepare(
      "UPDATE harvest_sources SET name = ?, url = ?, type = ?, publisher_id = ?, schedule = ?, "
      "enabled = ?, priority = ?, modified = ?, revision = ?, etag = ?, last_modified = ? "
      "WHERE id = ?"));
  return statement->bind(1, source.name)
      .bind(2, source.url)
      .bind(3, source.type)
      .bind(4, source.publisher_id)
      .bind(5, source.schedule)
      .bind(6, source.enabled)
      .bind(7, source.priority)
      .bind(8, source.modified)
      .bind(9, source.revision)
      .bind(10, source.etag)
      .bind(11, source.last_modified)
      .bind(12, source.id)
      .run();
}

Status remove(Connection& connection, const std::string& id) {
  Statement* runs = TRY(connection.prepare("DELETE FROM harvest_runs WHERE source_id = ?"));
  TRY(runs->bind(1, id).run());
  Statement* statement = TRY(connection.prepare("DELETE FROM harvest_sources WHERE id = ?"));
  return statement->bind(1, id).run();
}

Result<std::optional<HarvestSource>> find(Connection& connection, const std::string& id) {
  Statement* statement = TRY(connection.prepare(std::string("SELECT ") + kSourceColumns +
                                                " FROM harvest_sources WHERE id = ?"));
  statement->bind(1, id);
  if (!TRY(statement->step())) return std::optional<HarvestSource>();
  return std::optional<HarvestSource>(read_source(*statement));
}

Result<std::vector<HarvestSource>> list(Connection& connection) {
  Statement* statement = TRY(connection.prepare(std::string("SELECT ") + kSourceColumns +
                                                " FROM harvest_sources ORDER BY position"));
  std::vector<HarvestSource> sources;
  while (TRY(statement->step())) sources.push_back(read_source(*statement));
  return sources;
}

Status set_validators(Connection& connection, const std::string& id, const std::string& etag,
                      const std::string& last_modified) {
  Statement* statement = TRY(
      connection.prepare("UPDATE harvest_sources SET etag = ?, last_modified = ? WHERE id = ?"));
  return statement->bind(1, etag).bind(2, last_modified).bind(3, id).run();
}

Status insert_run(Connection& connection, const HarvestRun& run) {
  Statement* statement = TRY(connection.prepare(std::string("INSERT INTO harvest_runs (") +
                                                kRunColumns + ") VALUES (?, ?, ?, ?, ?, ?, ?)"));
  return statement->bind(1, run.id)
      .bind(2, run.source_id)
      .bind(3, run.started)
      .bind(4, run.finished)
      .bind(5, run.status)
      .bind(6, run.message)
      .bind(7, bj::serialize(run.summary))
      .run();
}

Status finish_run(Connection& connection, const HarvestRun& run) {
  Statement* statement = TRY(connection.prepare(
      "UPDATE harvest_runs SET finished = ?, status = ?, message = ?, summary = ? WHERE id = ?"));
  return statement->bind(1, run.finished)
      .bind(2, run.status)
      .bind(3, run.message)
      .bind(4, bj::serialize(run.summary))
      .bind(5, run.id)
      .run();
}

Result<std::optional<HarvestRun>> find_run(Connection& connection, const std::string& id) {
  Statement* statement = TRY(
      connection.prepare(std::string("SELECT ") + kRunColumns + " FROM harvest_runs WHERE id = ?"));
  statement->bind(1, id);
  if (!TRY(statement->step())) return std::optional<HarvestRun>();
  return std::optional<HarvestRun>(read_run(*statement));
}

Result<std::vector<HarvestRun>> runs_of(Connection& connection, const std::string& source_id,
                                        int limit) {
  Statement* statement = TRY(connection.prepare(
      std::string("SELECT ") + kRunColumns +
      " FROM harvest_runs WHERE source_id = ? ORDER BY started DESC, id LIMIT ?"));
  statement->bind(1, source_id).bind(2, int64_t{limit});
  std::vector<HarvestRun> runs;
  while (TRY(statement->step())) runs.push_back(read_run(*statement));
  return runs;
}

namespace {
constexpr const char* kHarvestedColumns =
    "dataset_id, source_id, iri, revision, fingerprint, missed_runs, last_seen_run";
HarvestedDataset read_harvested(const Statement& statement) {
  return HarvestedDataset{statement.text(0),    statement.text(1), statement.text(2),
                          statement.integer(3), statement.text(4), statement.integer(5),
                          statement.text(6)};
}
}  // namespace

Result<std::optional<HarvestedDataset>> find_harvested(Connection& connection,
                                                       const std::string& dataset_id) {
  Statement* statement = TRY(connection.prepare(std::string("SELECT ") + kHarvestedColumns +
                                                " FROM harvested_datasets WHERE dataset_id = ?"));
  statement->bind(1, dataset_id);
  if (!TRY(statement->step())) return std::optional<HarvestedDataset>();
  return std::optional<HarvestedDataset>(read_harvested(*statement));
}

Status put_harvested(Connection& connection, const HarvestedDataset& harvested) {
  Statement* statement =
      TRY(connection.prepare(std::string("INSERT OR REPLACE INTO harvested_datasets (") +
                             kHarvestedColumns + ") VALUES (?, ?, ?, ?, ?, ?, ?)"));
  return statement->bind(1, harvested.dataset_id)
      .bind(2, harvested.source_id)
      .bind(3, harvested.iri)
      .bind(4, harvested.revision)
      .bind(5, harvested.fingerprint)
      .bind(6, harvested.missed_runs)
      .bind(7, harvested.last_seen_run)
      .run();
}

Result<std::vector<HarvestedDataset>> harvested_by(Connection& connection,
                                                   const std::string& source_id) {
  Statement* statement =
      TRY(connection.prepare(std::string("SELECT ") + kHarvestedColumns +
                             " FROM harvested_datasets WHERE source_id = ? ORDER BY dataset_id"));
  statement->bind(1, source_id);
  std::vector<HarvestedDataset> rows;
  while (TRY(statement->step())) rows.push_back(read_harvested(*statement));
  return rows;
}

Status set_missed_runs(Connection& connection, const std::string& dataset_id, int64_t missed_runs) {
  Statement* statement =
      TRY(connection.prepare("UPDATE harvested_datasets SET missed_runs = ? WHERE dataset_id = ?"));
  return statement->bind(1, missed_runs).bind(2, dataset_id).run();
}

Result<std::unordered_map<std::string, catalog::StoredDataset>> unchanged_since_stored(
    Connection& connection, const std::string& source_id) {
  Statement* statement = TRY(connection.prepare(
      "SELECT h.iri, h.dataset_id, d.slug, h.fingerprint FROM harvested_datasets h "
      "JOIN datasets d ON d.id = h.dataset_id WHERE h.source_id = ? AND h.revision = d.revision "
      "AND h.missed_runs = 0 AND h.fingerprint <> '' AND d.state <> 'withdrawn'"));
  statement->bind(1, source_id);
  std::unordered_map<std::string, catalog::StoredDataset> stored;
  while (TRY(statement->step())) {
    stored.emplace(
        statement->text(0),
        catalog::StoredDataset{statement->text(1), statement->text(2), statement->text(3)});
  }
  return stored;
}

}  // namespace samverka::harvest::harvest_store
