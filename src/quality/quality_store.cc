// SPDX-License-Identifier: Apache-2.0
#include "quality/quality_store.h"

namespace samverka::quality::quality_store {

using storage::Connection;
using storage::Statement;

namespace {

constexpr const char* kLinkColumns =
    "url, status, reachable, error, final_url, content_type, content_length, method, checked, "
    "streak, next_check";

LinkCheck read_link(const Statement& row) {
  LinkCheck check;
  check.url = row.text(0);
  check.status = row.integer(1);
  check.reachable = row.integer(2) != 0;
  check.error = row.text(3);
  check.final_url = row.text(4);
  check.content_type = row.text(5);
  if (!row.is_null(6)) check.content_length = row.integer(6);
  check.method = row.text(7);
  check.checked = row.text(8);
  check.streak = row.integer(9);
  check.next_check = row.text(10);
  return check;
}

Statement& bind_length(Statement& statement, int index, const std::optional<int64_t>& length) {
  return length ? statement.bind(index, *length) : statement.bind_null(index);
}

ScoreRecord read_score(const Statement& row) {
  return ScoreRecord{row.text(0), row.text(1), row.integer(2), row.text(3)};
}

}  // namespace

Status put_link(Connection& connection, const LinkCheck& check, int keep) {
  Statement* latest =
      TRY(connection.prepare(std::string("INSERT OR REPLACE INTO link_checks (") + kLinkColumns +
                             ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  latest->bind(1, check.url).bind(2, check.status).bind(3, check.reachable).bind(4, check.error);
  latest->bind(5, check.final_url).bind(6, check.content_type);
  bind_length(*latest, 7, check.content_length);
  latest->bind(8, check.method).bind(9, check.checked).bind(10, check.streak);
  latest->bind(11, check.next_check);
  TRY(latest->run());
  Statement* history = TRY(connection.prepare(
      "INSERT OR REPLACE INTO link_check_history (url, checked, status, reachable, error, "
      "final_url, content_type, content_length) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
  history->bind(1, check.url).bind(2, check.checked).bind(3, check.status);
  history->bind(4, check.reachable).bind(5, check.error).bind(6, check.final_url);
  history->bind(7, check.content_type);
  bind_length(*history, 8, check.content_length);
  TRY(history->run());
  Statement* prune = TRY(connection.prepare(
      "DELETE FROM link_check_history WHERE url = ? AND checked < (SELECT checked FROM "
      "link_check_history WHERE url = ? ORDER BY checked DESC LIMIT 1 OFFSET ?)"));
  prune->bind(1, check.url).bind(2, check.url).bind(3, int64_t{keep - 1});
  return prune->run();
}

Result<std::unordered_map<std::string, LinkCheck>> links(Connection& connection) {
  Statement* statement =
      TRY(connection.prepare(std::string("SELECT ") + kLinkColumns + " FROM link_checks"));
  std::unordered_map<std::string, LinkCheck> out;
  while (TRY(statement->step())) {
    LinkCheck check = read_link(*statement);
    std::string url = check.url;
    out.emplace(std::move(url), std::move(check));
  }
  return out;
}

Result<std::optional<LinkCheck>> link(Connection& connection, const std::string& url) {
  Statement* statement = TRY(connection.prepare(std::string("SELECT ") + kLinkColumns +
                                                " FROM link_checks WHERE url = ?"));
  statement->bind(1, url);
  if (!TRY(statement->step())) return std::optional<LinkCheck>();
  return std::optional<LinkCheck>(read_link(*statement));
}

Result<std::vector<LinkCheck>> link_history(Connection& connection, const std::string& url,
                                            int limit) {
  Statement* statement = TRY(connection.prepare(
      "SELECT url, status, reachable, error, final_url, content_type, content_length, '', "
      "checked, 0, '' FROM link_check_history WHERE url = ? ORDER BY checked DESC LIMIT ?"));
  statement->bind(1, url).bind(2, int64_t{limit});
  std::vector<LinkCheck> out;
  while (TRY(statement->step())) out.push_back(read_link(*statement));
  return out;
}

Status insert_score(Connection& connection, const ScoreRecord& score) {
  Statement* statement = TRY(
      connection.prepare("INSERT OR REPLACE INTO quality_scores (scope, scored, datasets, summary) "
                         "VALUES (?, ?, ?, ?)"));
  statement->bind(1, score.scope).bind(2, score.scored).bind(3, score.datasets);
  statement->bind(4, score.summary);
  return statement->run();
}

Result<std::optional<ScoreRecord>> latest_score(Connection& connection, const std::string& scope) {
  Statement* statement = TRY(connection.prepare(
      "SELECT scope, scored, datasets, summary FROM quality_scores WHERE scope = ? "
      "ORDER BY scored DESC LIMIT 1"));
  statement->bind(1, scope);
  if (!TRY(statement->step())) return std::optional<ScoreRecord>();
  return std::optional<ScoreRecord>(read_score(*statement));
}

Result<std::vector<ScoreRecord>> score_history(Connection& connection, const std::string& scope,
                                               int limit) {
  Statement* statement = TRY(connection.prepare(
      "SELECT scope, scored, datasets, summary FROM quality_scores WHERE scope = ? "
      "ORDER BY scored DESC LIMIT ?"));
  statement->bind(1, scope).bind(2, int64_t{limit});
  std::vector<ScoreRecord> out;
  while (TRY(statement->step())) out.push_back(read_score(*statement));
  return out;
}

Result<std::unordered_map<std::string, std::pair<int64_t, std::string>>> latest_dataset_scores(
    Connection& connection) {
  Statement* statement = TRY(connection.prepare(
      "SELECT s.dataset_id, s.tenths, s.dimensions FROM quality_dataset_scores s WHERE s.scored = "
      "(SELECT MAX(scored) FROM quality_dataset_scores WHERE dataset_id = s.dataset_id)"));
  std::unordered_map<std::string, std::pair<int64_t, std::string>> out;
  while (TRY(statement->step()))
    out[statement->text(0)] = {statement->integer(1), statement->text(2)};
  return out;
}

Status put_dataset_score(Connection& connection, const DatasetScoreRecord& score, int keep) {
  Statement* statement = TRY(connection.prepare(
      "INSERT OR REPLACE INTO quality_dataset_scores (dataset_id, scored, tenths, dimensions) "
      "VALUES (?, ?, ?, ?)"));
  statement->bind(1, score.dataset_id).bind(2, score.scored).bind(3, score.tenths);
  statement->bind(4, score.dimensions);
  TRY(statement->run());
  Statement* prune = TRY(connection.prepare(
      "DELETE FROM quality_dataset_scores WHERE dataset_id = ? AND scored < (SELECT scored FROM "
      "quality_dataset_scores WHERE dataset_id = ? ORDER BY scored DESC LIMIT 1 OFFSET ?)"));
  prune->bind(1, score.dataset_id).bind(2, score.dataset_id).bind(3, int64_t{keep - 1});
  return prune->run();
}

Status forget_deleted_datasets(Connection& connection) {
  return connection.execute(
      "DELETE FROM quality_dataset_scores WHERE dataset_id NOT IN (SELECT id FROM datasets)");
}

Result<std::vector<DatasetScoreRecord>> dataset_score_history(Connection& connection,
                                                              const std::string& dataset_id,
                                                              int limit) {
  Statement* statement = TRY(connection.prepare(
      "SELECT dataset_id, scored, tenths, dimensions FROM quality_dataset_scores "
      "WHERE dataset_id = ? ORDER BY scored DESC LIMIT ?"));
  statement->bind(1, dataset_id).bind(2, int64_t{limit});
  std::vector<DatasetScoreRecord> out;
  while (TRY(statement->step())) {
    out.push_back(DatasetScoreRecord{statement->text(0), statement->text(1), statement->integer(2),
                                     statement->text(3)});
  }
  return out;
}

}  // namespace samverka::quality::quality_store
