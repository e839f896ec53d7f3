// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "accounts/principal.h"
#include "core/mutex.h"
#include "core/result.h"
#include "jobs/job.h"
#include "storage/database.h"

namespace samverka::jobs {

class JobContext;

// What a job type does. run() returns the job's result as JSON text, or an error that fails
// the job with its message. A restartable type may be started again from the beginning after
// the server stopped while it ran (its work must be all-or-nothing or safe to repeat); any
// other is failed then, with a message that says so.
struct JobType {
  std::function<Result<std::string>(JobContext& context)> run;
  bool restartable = false;
};

struct NewJob {
  std::string id;  // "" for a new one; a service may choose it (e.g. to name a file after it)
  std::string type;
  std::string parameters = "{}";  // JSON object
  std::string organization_id;    // for whom it runs, if for an organisation
};

struct JobQuery {
  std::optional<JobState> state;
  std::optional<std::string> type;
  std::string cursor;  // from the previous page's next
  int limit = 20;
};
struct JobPage {
  std::vector<Job> items;
  std::string next;  // "" on the last page
};

// The persisted job queue and the workers that run it. A job survives a restart: queued jobs
// wait for the next start; a job that was running when the process stopped is started again
// (restartable types, at most 3 attempts) or failed with a message, never silently lost.
// Who may see a job: whoever started it, members of its organisation and sysadmins; who may
// cancel it: whoever started it, editors of its organisation and sysadmins. The operator's
// command line acts as a sysadmin. Thread-safe.
class JobService {
 public:
  JobService(storage::Database& database, int workers);
  ~JobService();  // stops the workers (see stop)

  // Job types must be registered before start().
  void register_type(const std::string& type, JobType job_type);
  // Settles the jobs a stopped process left running, then starts the workers.
  Status start();
  // Takes no new job; the running ones finish; the queued ones stay queued for the next start.
  void stop();

  // Queues a job. The calling service has decided that the principal may start it.
  Result<Job> submit(const accounts::Principal& principal, NewJob job);
  Result<Job> get(const accounts::Principal& principal, const std::string& id);
  Result<JobPage> list(const accounts::Principal& principal, const JobQuery& query);
  // A queued job is cancelled at once; a running one is asked to stop and ends cancelled when
  // its type next checks. A finished job cannot be cancelled (kConflict).
  Result<Job> cancel(const accounts::Principal& principal, const std::string& id);
  // The last lines of a job's log, oldest first.
  Result<std::vector<JobLogLine>> log(const accounts::Principal& principal, const std::string& id,
                                      int limit = 100);

 private:
  friend class JobContext;
  void work();
  void run_one(Job job);
  Result<Job> visible(const accounts::Principal& principal, const std::string& id);

  storage::Database& database_;
  const int worker_count_;
  std::map<std::string, JobType> types_;  // written before start(), then read-only
  std::vector<std::string> type_names_;
  Mutex mutex_;
  std::condition_variable_any wake_;
  bool stopping_ GUARDED_BY(mutex_) = false;
  bool submitted_ GUARDED_BY(mutex_) = false;  // a job was queued since the workers last looked
  std::set<std::string> cancelling_ GUARDED_BY(mutex_);  // running jobs asked to stop
  std::vector<std::thread> workers_;
};

// What a running job sees: its record, and ways to report progress, log, and learn that it was
// cancelled. Progress is written at most four times a second.
class JobContext {
 public:
  JobContext(JobService& service, Job job) : service_(service), job_(std::move(job)) {}
  const Job& job() const { return job_; }
  void progress(int64_t done, int64_t total, const std::string& stage = "");
  void log(const std::string& level, const std::string& message);
  // True once a cancel was asked for (in this process or from another, e.g. the CLI).
  bool cancelled();
  // True once the service is stopping: long waits should end (see requeue).
  bool stopping();
  // Puts the job back in the queue when run() returns, instead of ending it (it wrote nothing
  // and should run after the next start).
  void requeue(std::string why) { requeue_ = std::move(why); }
  const std::optional<std::string>& requeued() const { return requeue_; }

 private:
  JobService& service_;
  Job job_;
  int64_t last_progress_ms_ = 0;
  int64_t last_cancel_check_ms_ = 0;
  bool cancelled_ = false;
  std::optional<std::string> requeue_;
};

}  // namespace samverka::jobs
