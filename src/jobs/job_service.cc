// SPDX-License-Identifier: Apache-2.0
#include "jobs/job_service.h"

#include <chrono>

#include "core/clock.h"
#include "core/ids.h"
#include "core/log.h"
#include "core/text.h"
#include "core/thread_priority.h"
#include "jobs/job_store.h"

namespace samverka::jobs {

using accounts::Principal;
using accounts::Role;

namespace {

constexpr int kMaxAttempts = 3;
constexpr char kCursorKind = 'j';

int64_t steady_milliseconds() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

bool may_see(const Principal& principal, const Job& job) {
  if (principal.sysadmin) return true;
  if (!principal.authenticated()) return false;
  return job.created_by == principal.user_id ||
         (!job.organization_id.empty() && principal.at_least(job.organization_id, Role::kMember));
}

bool may_cancel(const Principal& principal, const Job& job) {
  if (principal.sysadmin) return true;
  if (!principal.authenticated()) return false;
  return job.created_by == principal.user_id ||
         (!job.organization_id.empty() && principal.at_least(job.organization_id, Role::kEditor));
}

Error no_job(const std::string& id) {
  return make_error(ErrorCode::kNotFound, "no job '" + id + "'");
}

}  // namespace

JobService::JobService(storage::Database& database, int workers)
    : database_(database), worker_count_(workers < 1 ? 1 : workers) {}

JobService::~JobService() { stop(); }

void JobService::register_type(const std::string& type, JobType job_type) {
  types_[type] = std::move(job_type);
  type_names_.push_back(type);
}

Status JobService::start() {
  // Jobs a stopped process left running: nothing of them is running now.
  std::string now = clock::now_iso();
  auto left = TRY(database_.read(
      [](storage::Connection& connection) { return job_store::running(connection); }));
  for (const Job& job : left) {
    auto type = types_.find(job.type);
    bool again = type != types_.end() && type->second.restartable && job.attempts < kMaxAttempts &&
                 !job.cancel_requested;
    TRY(database_.write([&](storage::Connection& connection) -> Status {
      if (again) {
        TRY(job_store::append_log(connection, job.id, now, "warn",
                                  "the server stopped while this job ran; it starts again"));
        return job_store::requeue(connection, job.id);
      }
      std::string message =
          job.cancel_requested ? "cancelled; the server stopped while it ran"
          : type == types_.end()
              ? "the server stopped while this job ran, and this server cannot run its type"
          : job.attempts >= kMaxAttempts
              ? "the server stopped while this job ran, " + std::to_string(job.attempts) +
                    " times; it is not started again"
              : "the server stopped while this job ran; it cannot be resumed, start it again";
      TRY(job_store::append_log(connection, job.id, now, "error", message));
      return job_store::finish(connection, job.id,
                               job.cancel_requested ? JobState::kCancelled : JobState::kFailed,
                               std::nullopt, message, now);
    }));
    log::event(log::Level::kWarn, "job_interrupted",
               {{"id", job.id}, {"type", job.type}, {"restarted", again ? "yes" : "no"}});
  }
  // Queued jobs of a type this server does not run wait for one that does; say so.
  auto queued = TRY(database_.read([](storage::Connection& connection) {
    job_store::ListQuery query;
    query.everything = true;
    query.state = JobState::kQueued;
    query.limit = 1000;
    return job_store::list(connection, query);
  }));
  for (const auto& listed : queued) {
    if (!types_.count(listed.job.type)) {
      log::event(log::Level::kWarn, "job_type_unknown",
                 {{"id", listed.job.id}, {"type", listed.job.type}});
    }
  }
  MutexLock lock(mutex_);
  stopping_ = false;
  for (int index = 0; index < worker_count_; ++index) {
    workers_.emplace_back([this] {
      thread_priority::lower_current_thread(thread_priority::kBackground);
      work();
    });
  }
  return {};
}

void JobService::stop() {
  {
    MutexLock lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& worker : workers_) {
    if (worker.joinable()) worker.join();
  }
  workers_.clear();
}

Result<Job> JobService::submit(const Principal& principal, NewJob request) {
  if (!types_.count(request.type)) {
    return make_error(ErrorCode::kInternal, "no job type '" + request.type + "'");
  }
  Job job;
  job.id = request.id.empty() ? ids::new_uuid() : std::move(request.id);
  job.type = std::move(request.type);
  job.parameters = std::move(request.parameters);
  job.organization_id = std::move(request.organization_id);
  job.created_by = principal.user_id;
  job.created = clock::now_iso();
  TRY(database_.write([&](storage::Connection& connection) -> Status {
    TRY(job_store::insert(connection, job));
    return job_store::append_log(connection, job.id, job.created, "info", "queued");
  }));
  {
    MutexLock lock(mutex_);
    submitted_ = true;
  }
  wake_.notify_one();
  return job;
}

Result<Job> JobService::visible(const Principal& principal, const std::string& id) {
  if (!principal.authenticated() && !principal.sysadmin) {
    return make_error(ErrorCode::kUnauthenticated, "jobs need a token");
  }
  auto job = TRY(database_.read(
      [&](storage::Connection& connection) { return job_store::find(connection, id); }));
  if (!job || !may_see(principal, *job)) return no_job(id);
  return std::move(*job);
}

Result<Job> JobService::get(const Principal& principal, const std::string& id) {
  return visible(principal, id);
}

Result<JobPage> JobService::list(const Principal& principal, const JobQuery& query) {
  if (!principal.authenticated() && !principal.sysadmin) {
    return make_error(ErrorCode::kUnauthenticated, "jobs need a token");
  }
  job_store::ListQuery list_query;
  list_query.state = query.state;
  list_query.type = query.type;
  list_query.everything = principal.sysadmin;
  list_query.user_id = principal.user_id;
  for (const auto& [organization_id, role] : principal.roles) {
    if (role >= Role::kMember) list_query.organization_ids.push_back(organization_id);
  }
  if (!query.cursor.empty()) {
    list_query.before_position = TRY(ids::decode_cursor(query.cursor, kCursorKind));
  }
  list_query.limit = query.limit + 1;
  auto listed = TRY(database_.read(
      [&](storage::Connection& connection) { return job_store::list(connection, list_query); }));
  JobPage page;
  for (size_t index = 0; index < listed.size() && index < static_cast<size_t>(query.limit);
       ++index) {
    page.items.push_back(std::move(listed[index].job));
  }
  if (listed.size() > static_cast<size_t>(query.limit)) {
    page.next = ids::encode_cursor(kCursorKind, listed[query.limit - 1].position);
  }
  return page;
}

Result<Job> JobService::cancel(const Principal& principal, const std::string& id) {
  Job job = TRY(visible(principal, id));
  if (!may_cancel(principal, job)) {
    return make_error(ErrorCode::kForbidden,
                      "only whoever started a job, editors of its "
                      "organisation and sysadmins may cancel it");
  }
  if (is_final(job.state)) {
    return make_error(ErrorCode::kConflict,
                      std::string("the job has ended already (") + state_name(job.state) + ")");
  }
  std::string now = clock::now_iso();
  bool at_once = false;
  TRY(database_.write([&](storage::Connection& connection) -> Status {
    at_once = TRY(job_store::request_cancel(connection, id, now));
    return job_store::append_log(connection, id, now, "info",
                                 at_once ? "cancelled before it ran" : "cancel requested");
  }));
  if (!at_once) {
    MutexLock lock(mutex_);
    cancelling_.insert(id);  // the worker running it sees this at its next check
  }
  return visible(principal, id);
}

Result<std::vector<JobLogLine>> JobService::log(const Principal& principal, const std::string& id,
                                                int limit) {
  TRY(visible(principal, id));
  return database_.read(
      [&](storage::Connection& connection) { return job_store::log_of(connection, id, limit); });
}

void JobService::work() {
  for (;;) {
    {
      MutexLock lock(mutex_);
      if (stopping_) return;
    }
    auto claimed = database_.write([&](storage::Connection& connection) {
      return job_store::claim_next(connection, type_names_, clock::now_iso());
    });
    if (claimed.ok() && claimed.value()) {
      run_one(std::move(*claimed.value()));
      continue;
    }
    if (!claimed.ok()) log::warn("job queue: " + claimed.error().message);
    // Jobs queued by another process (the command line) are seen within a second.
    MutexLock lock(mutex_);
    auto until = std::chrono::steady_clock::now() + std::chrono::seconds(1);
    while (!stopping_ && !submitted_) {
      if (wake_.wait_until(lock, until) == std::cv_status::timeout) break;
    }
    submitted_ = false;
  }
}

void JobService::run_one(Job job) {
  JobContext context(*this, job);
  log::event(log::Level::kInfo, "job_started", {{"id", job.id}, {"type", job.type}});
  context.log("info", "started (attempt " + std::to_string(job.attempts) + ")");
  Result<std::string> result = make_error(ErrorCode::kInternal, "the job failed unexpectedly");
  try {  // nothing a job's input holds may end a worker
    result = types_.at(job.type).run(context);
  } catch (const std::exception& exception) {
    result = make_error(ErrorCode::kInternal, std::string("the job failed: ") + exception.what());
  } catch (...) {
    result = make_error(ErrorCode::kInternal, "the job failed");
  }
  if (context.requeued()) {
    std::string now = clock::now_iso();
    Status requeued = database_.write([&](storage::Connection& connection) -> Status {
      TRY(job_store::append_log(connection, job.id, now, "warn",
                                *context.requeued() + "; queued again"));
      return job_store::requeue(connection, job.id);
    });
    if (!requeued.ok()) log::error("job " + job.id + ": " + requeued.error().message);
    return;
  }
  bool cancelled = context.cancelled();
  JobState state = result.ok() ? JobState::kSucceeded
                   : cancelled ? JobState::kCancelled
                               : JobState::kFailed;
  // A job's error may quote its input (a parser's message): stored valid and short.
  std::string message = result.ok() ? ""
                        : cancelled
                            ? "cancelled"
                            : text::truncated(text::valid_utf8(result.error().message), 2000);
  std::optional<std::string> stored = result.ok() ? std::optional(result.value()) : std::nullopt;
  std::string now = clock::now_iso();
  // The work is done: its end is recorded even if the queue's database is busy for a while
  // (a job left "running" would be started again after the next restart).
  Status finished;
  for (int attempt = 0; attempt < 60; ++attempt) {
    finished = database_.write([&](storage::Connection& connection) -> Status {
      TRY(job_store::append_log(
          connection, job.id, now, result.ok() ? "info" : "error",
          std::string(state_name(state)) + (message.empty() ? "" : ": " + message)));
      return job_store::finish(connection, job.id, state, stored, message, now);
    });
    if (finished.ok() || finished.error().code != ErrorCode::kUnavailable) break;
    std::this_thread::sleep_for(std::chrono::seconds(1));
  }
  if (!finished.ok()) log::error("job " + job.id + ": " + finished.error().message);
  log::event(log::Level::kInfo, "job_finished",
             {{"id", job.id}, {"type", job.type}, {"state", state_name(state)}});
  MutexLock lock(mutex_);
  cancelling_.erase(job.id);
}

void JobContext::progress(int64_t done, int64_t total, const std::string& stage) {
  job_.done = done;
  job_.total = total;
  job_.stage = stage;
  int64_t now = steady_milliseconds();
  if (now - last_progress_ms_ < 250 && done != total) return;
  last_progress_ms_ = now;
  Status written = service_.database_.write([&](storage::Connection& connection) {
    return job_store::set_progress(connection, job_.id, done, total, stage);
  });
  if (!written.ok()) log::warn("job " + job_.id + " progress: " + written.error().message);
}

void JobContext::log(const std::string& level, const std::string& original) {
  std::string message = text::truncated(text::valid_utf8(original), 2000);
  Status written = service_.database_.write([&](storage::Connection& connection) {
    return job_store::append_log(connection, job_.id, clock::now_iso(), level, message);
  });
  if (!written.ok()) log::warn("job " + job_.id + " log: " + written.error().message);
}

bool JobContext::stopping() {
  MutexLock lock(service_.mutex_);
  return service_.stopping_;
}

bool JobContext::cancelled() {
  if (cancelled_) return true;
  {
    MutexLock lock(service_.mutex_);
    if (service_.cancelling_.count(job_.id)) cancelled_ = true;
  }
  int64_t now = steady_milliseconds();
  if (!cancelled_ && now - last_cancel_check_ms_ >= 500) {
    last_cancel_check_ms_ = now;
    auto asked = service_.database_.read([&](storage::Connection& connection) {
      return job_store::cancel_requested(connection, job_.id);
    });
    cancelled_ = asked.ok() && asked.value();
  }
  return cancelled_;
}

}  // namespace samverka::jobs
