// SPDX-License-Identifier: Apache-2.0
#include "harvest/harvest_service.h"

#include <chrono>
#include <set>

#include "core/clock.h"
#include "core/ids.h"
#include "core/json.h"
#include "core/log.h"
#include "harvest/harvest_ckan.h"
#include "harvest/harvest_datajson.h"
#include "harvest/harvest_fetch.h"
#include "harvest/harvest_store.h"
#include "rdf/graph.h"
#include "rdf/rdf.h"

namespace samverka::harvest {

namespace bj = boost::json;
using accounts::Principal;
using accounts::Role;

namespace {

Error not_found(const std::string& id) {
  return make_error(ErrorCode::kNotFound, "no harvest source '" + id + "'");
}

// The harvester writes with a sysadmin's rights: it creates the publishers it meets, as the
// command line's import does.
Principal harvester() {
  Principal principal;
  principal.user_id = "harvest";
  principal.user_name = "harvest";
  principal.sysadmin = true;
  return principal;
}

}  // namespace

Status HarvestService::require_admin(const Principal& principal,
                                     const std::optional<std::string>& publisher_id) const {
  if (!principal.authenticated())
    return make_error(ErrorCode::kUnauthenticated, "managing harvest sources needs a token");
  if (principal.sysadmin) return {};
  if (publisher_id && principal.at_least(*publisher_id, Role::kAdmin)) return {};
  return make_error(ErrorCode::kForbidden,
                    publisher_id ? "only sysadmins and admins of the source's organisation may do "
                                   "this"
                                 : "only sysadmins manage sources whose records name their own "
                                   "publishers");
}

Result<std::optional<std::string>> HarvestService::resolve_publisher(const CheckedSource& checked,
                                                                     const HarvestSource& current) {
  if (!checked.publisher_given) return current.publisher_id;
  if (!checked.publisher) return std::optional<std::string>();
  auto organization = organizations_.get(*checked.publisher);
  if (!organization.ok()) {
    if (organization.error().code == ErrorCode::kNotFound) {
      return make_error(ErrorCode::kValidation, "the harvest source is not valid",
                        {{"publisher", "no organisation '" + *checked.publisher + "'"}});
    }
    return std::move(organization).error();
  }
  return std::optional<std::string>(organization->id);
}

Result<std::vector<HarvestSource>> HarvestService::list() {
  return database_.read(
      [](storage::Connection& connection) { return harvest_store::list(connection); });
}

Result<HarvestSource> HarvestService::get(const std::string& id) {
  auto found = TRY(database_.read(
      [&](storage::Connection& connection) { return harvest_store::find(connection, id); }));
  if (!found) return not_found(id);
  return std::move(*found);
}

Result<HarvestSource> HarvestService::create(const Principal& principal, const bj::value& body) {
  if (!principal.authenticated())
    return make_error(ErrorCode::kUnauthenticated, "managing harvest sources needs a token");
  CheckedSource checked = TRY(check_source(body, HarvestSource{}));
  HarvestSource source = std::move(checked.source);
  source.publisher_id = TRY(resolve_publisher(checked, source));
  TRY(require_admin(principal, source.publisher_id));
  source.id = ids::new_uuid();
  source.created = source.modified = clock::now_iso();
  source.revision = 1;
  TRY(database_.write(
      [&](storage::Connection& connection) { return harvest_store::insert(connection, source); }));
  return source;
}

Result<HarvestSource> HarvestService::update(const Principal& principal, const std::string& id,
                                             const bj::value& body,
                                             std::optional<int64_t> expected_revision) {
  return database_.write([&](storage::Connection& connection) -> Result<HarvestSource> {
    auto current = TRY(harvest_store::find(connection, id));
    if (!current) return not_found(id);
    TRY(require_admin(principal, current->publisher_id));
    if (expected_revision && *expected_revision != current->revision) {
      return make_error(ErrorCode::kPreconditionFailed,
                        "the harvest source has changed since you read it (now revision " +
                            std::to_string(current->revision) + ")");
    }
    CheckedSource checked = TRY(check_source(body, *current));
    HarvestSource next = std::move(checked.source);
    next.publisher_id = TRY(resolve_publisher(checked, *current));
    if (next.publisher_id != current->publisher_id)
      TRY(require_admin(principal, next.publisher_id));
    // Another URL is another catalogue: its first fetch is unconditional.
    if (next.url != current->url) {
      next.etag.clear();
      next.last_modified.clear();
    }
    next.modified = clock::now_iso();
    next.revision = current->revision + 1;
    TRY(harvest_store::update(connection, next));
    return next;
  });
}

Status HarvestService::remove(const Principal& principal, const std::string& id) {
  return database_.write([&](storage::Connection& connection) -> Status {
    auto current = TRY(harvest_store::find(connection, id));
    if (!current) return not_found(id);
    TRY(require_admin(principal, current->publisher_id));
    return harvest_store::remove(connection, id);
  });
}

Result<std::vector<HarvestRun>> HarvestService::runs(const std::string& source_id, int limit) {
  TRY(get(source_id));
  return database_.read([&](storage::Connection& connection) {
    return harvest_store::runs_of(connection, source_id, limit);
  });
}

Result<HarvestRun> HarvestService::run(const std::string& run_id) {
  auto found = TRY(database_.read([&](storage::Connection& connection) {
    return harvest_store::find_run(connection, run_id);
  }));
  if (!found) return make_error(ErrorCode::kNotFound, "no harvest run '" + run_id + "'");
  return std::move(*found);
}

void HarvestService::run_jobs_on(jobs::JobService& jobs) {
  jobs_ = &jobs;
  jobs.register_type("harvest",
                     jobs::JobType{[this](jobs::JobContext& context) { return run_job(context); },
                                   /*restartable=*/true});
}

Result<jobs::Job> HarvestService::start(const Principal& principal, const std::string& source_id) {
  HarvestSource source = TRY(get(source_id));
  TRY(require_admin(principal, source.publisher_id));
  return queue_run(principal, source);
}

Result<jobs::Job> HarvestService::queue_run(const Principal& principal,
                                            const HarvestSource& source) {
  if (jobs_ == nullptr)
    return make_error(ErrorCode::kUnavailable, "harvest runs are not available");
  // The run is recorded before its job is queued, so that a queued run is seen (and not
  // queued twice by the scheduler) and its job finds it.
  HarvestRun run;
  run.id = ids::new_uuid();
  run.source_id = source.id;
  run.started = clock::now_iso();
  run.status = "queued";
  TRY(database_.write(
      [&](storage::Connection& connection) { return harvest_store::insert_run(connection, run); }));
  jobs::NewJob job;
  job.id = run.id;
  job.type = "harvest";
  job.parameters = bj::serialize(bj::object{{"source", source.id}});
  job.organization_id = source.publisher_id.value_or("");
  auto submitted = jobs_->submit(principal, std::move(job));
  if (!submitted.ok()) {
    auto closed =
        close_open_run(run.id, "failed", "could not be queued: " + submitted.error().message);
    if (!closed.ok()) log::warn("harvest run " + run.id + ": " + closed.error().message);
  }
  return submitted;
}

Result<std::optional<HarvestRun>> HarvestService::close_open_run(const std::string& run_id,
                                                                 std::string status,
                                                                 std::string message) {
  return database_.write([&](storage::Connection& connection) -> Result<std::optional<HarvestRun>> {
    auto open = TRY(harvest_store::find_run(connection, run_id));
    if (!open || open->finished) return std::optional<HarvestRun>();
    open->status = std::move(status);
    open->message = std::move(message);
    open->finished = clock::now_iso();
    TRY(harvest_store::finish_run(connection, *open));
    return open;
  });
}

Result<int> HarvestService::start_due_runs() {
  std::vector<HarvestSource> sources = TRY(list());
  int64_t now = clock::now_seconds();
  // A run left unfinished for a day (its process died before the job could record it) no
  // longer holds its source back.
  std::string abandoned = clock::iso_from_seconds(now - 86400);
  int started = 0;
  for (const HarvestSource& source : sources) {
    if (!source.enabled) continue;
    auto last = TRY(runs(source.id, 1));
    std::optional<std::string> last_started;
    if (!last.empty()) {
      HarvestRun& latest = last.front();
      // A run whose job ended without it (cancelled while queued) is closed with the job's word.
      if (!latest.finished && jobs_ != nullptr) {
        auto job = jobs_->get(harvester(), latest.id);
        if (job.ok() && job->state != jobs::JobState::kQueued &&
            job->state != jobs::JobState::kRunning) {
          auto closed = TRY(close_open_run(
              latest.id, job->state == jobs::JobState::kCancelled ? "cancelled" : "failed",
              job->message.empty() ? "its job ended without it" : job->message));
          if (closed) latest = std::move(*closed);
        }
      }
      if (!latest.finished && latest.started > abandoned) continue;
      last_started = latest.started;
    }
    if (!jobs::is_due(source.schedule, last_started, now)) continue;
    auto job = queue_run(harvester(), source);
    if (!job.ok()) {
      log::warn("harvest source " + source.id + " could not be queued: " + job.error().message);
      continue;
    }
    ++started;
  }
  return started;
}

void HarvestService::start_scheduler(std::chrono::seconds interval) {
  scheduler_.start(interval, [this] {
    auto started = start_due_runs();
    if (!started.ok()) log::warn("harvest schedule: " + started.error().message);
  });
}

void HarvestService::stop_scheduler() { scheduler_.stop(); }

Result<std::string> HarvestService::run_job(jobs::JobContext& context) {
  const jobs::Job& job = context.job();
  auto parameters = TRY(json::parse(job.parameters));
  const bj::value* source_id =
      parameters.is_object() ? parameters.as_object().if_contains("source") : nullptr;
  if (source_id == nullptr || !source_id->is_string())
    return make_error(ErrorCode::kInternal, "a harvest job without its source");
  HarvestSource source = TRY(get(std::string(source_id->get_string())));
  // Started again after a crash: the import commits with its report, so a run whose report is
  // stored is done, and one without it wrote nothing and runs again under the same id.
  auto recorded = TRY(database_.read([&](storage::Connection& connection) {
    return harvest_store::find_run(connection, job.id);
  }));
  if (recorded && recorded->finished) return bj::serialize(to_json(*recorded));
  auto progress = [&context](int64_t done, int64_t total) {
    context.progress(done, total, "datasets");
  };
  auto cancelled = [&context] { return context.cancelled() || context.stopping(); };
  context.log("info", "harvesting " + source.url);
  auto harvested = harvest(source, job.id, progress, cancelled);
  if (!harvested.ok() && context.stopping() && !context.cancelled()) {
    context.requeue("the server stopped during this harvest; nothing was written");
    return make_error(ErrorCode::kUnavailable, "requeued");
  }
  if (!harvested.ok() && context.cancelled())
    TRY(close_open_run(job.id, "cancelled", "cancelled before it finished; nothing was written"));
  HarvestRun run = TRY(std::move(harvested));
  if (run.status == "failed") return make_error(ErrorCode::kUnavailable, run.message);
  return bj::serialize(to_json(run));
}

Result<HarvestRun> HarvestService::run_now(const std::string& source_id, const Progress& progress,
                                           const std::function<bool()>& cancelled) {
  HarvestSource source = TRY(get(source_id));
  return harvest(source, ids::new_uuid(), progress, cancelled);
}

Result<HarvestRun> HarvestService::harvest(const HarvestSource& source, const std::string& run_id,
                                           const Progress& progress,
                                           const std::function<bool()>& cancelled) {
  HarvestRun run;
  run.id = run_id;
  run.source_id = source.id;
  run.started = clock::now_iso();
  TRY(database_.write([&](storage::Connection& connection) -> Status {
    // Queued through the API or the schedule (or a job started again): the run is there.
    if (auto queued = TRY(harvest_store::find_run(connection, run.id))) {
      run.started = queued->started;
      return harvest_store::finish_run(connection, run);  // now running, not finished
    }
    return harvest_store::insert_run(connection, run);
  }));
  auto finish = [&](std::string status, std::string message) -> Result<HarvestRun> {
    run.status = std::move(status);
    run.message = std::move(message);
    run.finished = clock::now_iso();
    TRY(database_.write([&](storage::Connection& connection) {
      return harvest_store::finish_run(connection, run);
    }));
    log::event(run.status == "failed" ? log::Level::kWarn : log::Level::kInfo, "harvest_run",
               {{"source", source.id}, {"run", run.id}, {"status", run.status}});
    return run;
  };

  auto fetched = fetch_source(source, fetch_options_, cancelled);
  if (!fetched.ok() && cancelled && cancelled())
    return make_error(ErrorCode::kUnavailable, "the harvest was stopped; nothing was written");
  FetchedSource catalogue = TRY(std::move(fetched));
  if (!catalogue.failure.empty()) return finish("failed", catalogue.failure);
  if (catalogue.unchanged)
    return finish("unchanged", "the source has not changed since the last run (HTTP 304)");
  const size_t pages = catalogue.pages;

  catalog::ImportOptions import;
  if (source.publisher_id) import.publisher = *source.publisher_id;
  import.partial = true;  // one bad record does not keep the others out
  import.source = source.url;
  import.id = run.id;
  import.cancelled = cancelled;
  auto stored = TRY(database_.read([&](storage::Connection& connection) {
    return harvest_store::unchanged_since_stored(connection, source.id);
  }));
  WithdrawalRules rules = withdrawal_;
  std::string part_failures;
  for (const std::string& failure : catalogue.part_failures)
    part_failures += (part_failures.empty() ? "" : "; ") + failure;
  rules.incomplete = part_failures;
  import.hooks = claim_hooks(source, run.id, datasets_, harvester(), rules, std::move(stored));
  auto import_started = std::chrono::steady_clock::now();
  Result<bj::object> report = make_error(ErrorCode::kInternal, "not run");
  if (catalogue.ckan) {
    CkanRecords records(std::move(*catalogue.ckan));
    report = imports_.run(harvester(), records, import, progress);
  } else if (catalogue.datajson) {
    DataJsonRecords records(std::move(*catalogue.datajson));
    report = imports_.run(harvester(), records, import, progress);
  } else {
    report = imports_.run(harvester(), std::move(catalogue.graph), import, progress);
  }
  // Stopped between datasets: the import wrote nothing, and the run is left open for its job
  // to be started again.
  if (!report.ok() && cancelled && cancelled())
    return make_error(ErrorCode::kUnavailable, "the harvest was stopped; nothing was written");
  if (!report.ok()) return finish("failed", report.error().message);
  const bj::object& result = report.value();
  if (const bj::value* summary = result.if_contains("summary"); summary && summary->is_object())
    run.summary = summary->get_object();
  run.summary["timings_ms"] =
      bj::object{{"fetch", catalogue.fetch_ms},
                 {"parse", catalogue.parse_ms},
                 {"import", std::chrono::duration_cast<std::chrono::milliseconds>(
                                std::chrono::steady_clock::now() - import_started)
                                .count()}};
  std::string status(result.at("status").as_string());
  if (status == "applied" || status == "partial") {
    TRY(database_.write([&](storage::Connection& connection) {
      return harvest_store::set_validators(connection, source.id, catalogue.etag,
                                           catalogue.last_modified);
    }));
  }
  std::string message;
  if (const bj::value* text = result.if_contains("message"); text && text->is_string())
    message = std::string(text->get_string());
  if (pages > 1) {
    message =
        "read " + std::to_string(pages) + " pages" +
        (catalogue.parts > 0 ? " (with " + std::to_string(catalogue.parts) + " sub-catalogues)"
                             : std::string()) +
        (message.empty() ? "" : "; " + message);
  }
  if (!part_failures.empty()) {
    if (status == "applied") status = "partial";
    message += (message.empty() ? "" : "; ") + std::string("could not read ") + part_failures +
               "; nothing was withdrawn";
  }
  const bj::value* withdrawn = run.summary.if_contains("withdrawn");
  if (withdrawn && withdrawn->is_int64() && withdrawn->get_int64() > 0) {
    message += (message.empty() ? "" : "; ") + std::string("withdrew ") +
               std::to_string(withdrawn->get_int64()) + " datasets missing from the source";
  }
  const bj::value* vanished = run.summary.if_contains("vanished");
  if (vanished && vanished->is_int64() && vanished->get_int64() > 0 &&
      (!withdrawn || withdrawn->as_int64() == 0)) {
    message += (message.empty() ? "" : "; ") + std::to_string(vanished->get_int64()) +
               " datasets missing from the source were kept (see the report's notes)";
  }
  return finish(status, message);
}

}  // namespace samverka::harvest
