// SPDX-License-Identifier: Apache-2.0
#include "jobs/job_store.h"

namespace samverka::jobs::job_store {

namespace {

constexpr const char* kColumns =
    "position, id, type, state, parameters, organization_id, created_by, done, total, stage, "
    "result, message, cancel_requested, attempts, created, started, finished";

ListedJob read_job(storage::Statement& row) {
  ListedJob listed;
  listed.position = row.integer(0);
  Job& job = listed.job;
  job.id = row.text(1);
  job.type = row.text(2);
  job.state = state_from_name(row.text(3)).value_or(JobState::kFailed);
  job.parameters = row.text(4);
  job.organization_id = row.optional_text(5).value_or("");
  job.created_by = row.optional_text(6).value_or("");
  job.done = row.integer(7);
  job.total = row.integer(8);
  job.stage = row.text(9);
  job.result = row.optional_text(10);
  job.message = row.text(11);
  job.cancel_requested = row.integer(12) != 0;
  job.attempts = static_cast<int>(row.integer(13));
  job.created = row.text(14);
  job.started = row.optional_text(15);
  job.finished = row.optional_text(16);
  return listed;
}

std::optional<std::string> non_empty(const std::string& text) {
  return text.empty() ? std::nullopt : std::optional<std::string>(text);
}

}  // namespace

Status insert(storage::Connection& connection, const Job& job) {
  storage::Statement* statement = TRY(connection.prepare(
      "INSERT INTO jobs (id, type, state, parameters, organization_id, created_by, created) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)"));
  statement->bind(1, job.id)
      .bind(2, job.type)
      .bind(3, state_name(job.state))
      .bind(4, job.parameters)
      .bind(5, non_empty(job.organization_id))
      .bind(6, non_empty(job.created_by))
      .bind(7, job.created);
  return statement->run();
}

Result<std::optional<Job>> find(storage::Connection& connection, const std::string& id) {
  storage::Statement* statement =
      TRY(connection.prepare(std::string("SELECT ") + kColumns + " FROM jobs WHERE id = ?"));
  statement->bind(1, id);
  if (!TRY(statement->step())) return std::optional<Job>();
  return std::optional<Job>(read_job(*statement).job);
}

Result<std::vector<ListedJob>> list(storage::Connection& connection, const ListQuery& query) {
  std::string sql = std::string("SELECT ") + kColumns + " FROM jobs WHERE 1 = 1";
  if (query.state) sql += " AND state = ?";
  if (query.type) sql += " AND type = ?";
  if (query.before_position > 0) sql += " AND position < ?";
  if (!query.everything) {
    sql += " AND (created_by = ?";
    for (size_t index = 0; index < query.organization_ids.size(); ++index) {
      sql += index == 0 ? " OR organization_id IN (?" : ", ?";
    }
    if (!query.organization_ids.empty()) sql += ")";
    sql += ")";
  }
  sql += " ORDER BY position DESC LIMIT ?";
  storage::Statement* statement = TRY(connection.prepare(sql));
  int index = 1;
  if (query.state) statement->bind(index++, state_name(*query.state));
  if (query.type) statement->bind(index++, *query.type);
  if (query.before_position > 0) statement->bind(index++, query.before_position);
  if (!query.everything) {
    statement->bind(index++, query.user_id);
    for (const auto& organization_id : query.organization_ids) {
      statement->bind(index++, organization_id);
    }
  }
  statement->bind(index, query.limit);
  std::vector<ListedJob> jobs;
  while (TRY(statement->step())) jobs.push_back(read_job(*statement));
  return jobs;
}

Result<std::optional<Job>> claim_next(storage::Connection& connection,
                                      const std::vector<std::string>& types,
                                      const std::string& now) {
  if (types.empty()) return std::optional<Job>();
  std::string sql = "SELECT id FROM jobs WHERE state = 'queued' AND type IN (";
  for (size_t index = 0; index < types.size(); ++index) sql += index == 0 ? "?" : ", ?";
  sql += ") ORDER BY position LIMIT 1";
  storage::Statement* next = TRY(connection.prepare(sql));
  for (size_t index = 0; index < types.size(); ++index) {
    next->bind(static_cast<int>(index + 1), types[index]);
  }
  if (!TRY(next->step())) return std::optional<Job>();
  std::string id = next->text(0);
  storage::Statement* claim = TRY(connection.prepare(
      "UPDATE jobs SET state = 'running', attempts = attempts + 1, started = ?, done = 0, "
      "total = 0, stage = '' WHERE id = ? AND state = 'queued'"));
  claim->bind(1, now).bind(2, id);
  TRY(claim->run());
  if (connection.changes() == 0) return std::optional<Job>();  // taken by another node
  return find(connection, id);
}

Status set_progress(storage::Connection& connection, const std::string& id, int64_t done,
                    int64_t total, const std::string& stage) {
  storage::Statement* statement =
      TRY(connection.prepare("UPDATE jobs SET done = ?, total = ?, stage = ? WHERE id = ?"));
  statement->bind(1, done).bind(2, total).bind(3, stage).bind(4, id);
  return statement->run();
}

Status finish(storage::Connection& connection, const std::string& id, JobState state,
              const std::optional<std::string>& result, const std::string& message,
              const std::string& now) {
  storage::Statement* statement =
      TRY(connection.prepare("UPDATE jobs SET state = ?, result = ?, message = ?, finished = ? "
                             "WHERE id = ? AND state = 'running'"));
  statement->bind(1, state_name(state)).bind(2, result).bind(3, message).bind(4, now).bind(5, id);
  return statement->run();
}

Result<bool> request_cancel(storage::Connection& connection, const std::string& id,
                            const std::string& now) {
  storage::Statement* queued = TRY(
      connection.prepare("UPDATE jobs SET state = 'cancelled', cancel_requested = 1, finished = ?, "
                         "message = 'cancelled before it ran' WHERE id = ? AND state = 'queued'"));
  queued->bind(1, now).bind(2, id);
  TRY(queued->run());
  if (connection.changes() > 0) return true;
  storage::Statement* running = TRY(connection.prepare(
      "UPDATE jobs SET cancel_requested = 1 WHERE id = ? AND state = 'running'"));
  running->bind(1, id);
  TRY(running->run());
  return false;
}

Result<bool> cancel_requested(storage::Connection& connection, const std::string& id) {
  storage::Statement* statement =
      TRY(connection.prepare("SELECT cancel_requested FROM jobs WHERE id = ?"));
  statement->bind(1, id);
  if (!TRY(statement->step())) return false;
  return statement->integer(0) != 0;
}

Result<std::vector<Job>> running(storage::Connection& connection) {
  storage::Statement* statement = TRY(connection.prepare(
      std::string("SELECT ") + kColumns + " FROM jobs WHERE state = 'running' ORDER BY position"));
  std::vector<Job> jobs;
  while (TRY(statement->step())) jobs.push_back(read_job(*statement).job);
  return jobs;
}

Status requeue(storage::Connection& connection, const std::string& id) {
  storage::Statement* statement = TRY(connection.prepare(
      "UPDATE jobs SET state = 'queued', done = 0, total = 0, stage = '' WHERE id = ?"));
  statement->bind(1, id);
  return statement->run();
}

Status append_log(storage::Connection& connection, const std::string& id, const std::string& at,
                  const std::string& level, const std::string& message) {
  storage::Statement* statement = TRY(connection.prepare(
      "INSERT INTO job_log (job_id, line, at, level, message) VALUES (?, "
      "(SELECT COALESCE(MAX(line), 0) + 1 FROM job_log WHERE job_id = ?), ?, ?, ?)"));
  statement->bind(1, id).bind(2, id).bind(3, at).bind(4, level).bind(5, message);
  return statement->run();
}

Result<std::vector<JobLogLine>> log_of(storage::Connection& connection, const std::string& id,
                                       int limit) {
  storage::Statement* statement = TRY(connection.prepare(
      "SELECT line, at, level, message FROM (SELECT line, at, level, message FROM job_log "
      "WHERE job_id = ? ORDER BY line DESC LIMIT ?) ORDER BY line"));
  statement->bind(1, id).bind(2, limit);
  std::vector<JobLogLine> lines;
  while (TRY(statement->step())) {
    lines.push_back(
        {statement->integer(0), statement->text(1), statement->text(2), statement->text(3)});
  }
  return lines;
}

}  // namespace samverka::jobs::job_store
