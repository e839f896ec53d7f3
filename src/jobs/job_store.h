// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "jobs/job.h"
#include "storage/database.h"

// SQL of the job queue. Each function runs inside the caller's read or write transaction.
namespace samverka::jobs::job_store {

Status insert(storage::Connection& connection, const Job& job);
Result<std::optional<Job>> find(storage::Connection& connection, const std::string& id);

struct ListQuery {
  std::optional<JobState> state;
  std::optional<std::string> type;
  // Only jobs started by this user or for one of these organisations (unless everything).
  bool everything = false;
  std::string user_id;
  std::vector<std::string> organization_ids;
  int64_t before_position = 0;  // 0: from the newest
  int limit = 20;
};
struct ListedJob {
  int64_t position = 0;
  Job job;
};
// Newest first.
Result<std::vector<ListedJob>> list(storage::Connection& connection, const ListQuery& query);

// Marks the oldest queued job of one of the given types running (attempts + 1) and returns it.
Result<std::optional<Job>> claim_next(storage::Connection& connection,
                                      const std::vector<std::string>& types,
                                      const std::string& now);
Status set_progress(storage::Connection& connection, const std::string& id, int64_t done,
                    int64_t total, const std::string& stage);
// Ends a running job (a job that is not running is left as it is).
Status finish(storage::Connection& connection, const std::string& id, JobState state,
              const std::optional<std::string>& result, const std::string& message,
              const std::string& now);
// Cancels a queued job at once (true), or asks a running one to stop (false).
Result<bool> request_cancel(storage::Connection& connection, const std::string& id,
                            const std::string& now);
Result<bool> cancel_requested(storage::Connection& connection, const std::string& id);
// Jobs left running by a process that stopped without finishing them.
Result<std::vector<Job>> running(storage::Connection& connection);
Status requeue(storage::Connection& connection, const std::string& id);

Status append_log(storage::Connection& connection, const std::string& id, const std::string& at,
                  const std::string& level, const std::string& message);
// The last `limit` lines, oldest first.
Result<std::vector<JobLogLine>> log_of(storage::Connection& connection, const std::string& id,
                                       int limit);

}  // namespace samverka::jobs::job_store
