// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "accounts/principal.h"
#include "catalog/dcat/import/import_service.h"
#include "core/result.h"
#include "harvest/harvest_claims.h"
#include "harvest/harvest_source.h"
#include "jobs/job_service.h"
#include "jobs/periodic.h"
#include "net/fetch.h"
#include "organization/organization_service.h"
#include "storage/database.h"

namespace samverka::harvest {

// Harvest sources and their runs. Anyone reads sources and runs (the catalogues are public);
// sysadmins, and admins of a source's organisation, create, change, delete and start them. A
// run fetches the source (a conditional GET with the last applied run's validators: an
// unchanged source costs one request), then imports it as DCAT-AP RDF through the import, as
// a harvester with a sysadmin's rights, keeping the valid datasets when others are rejected;
// datasets another source holds are left to the source with the higher priority, and datasets
// that vanished from the source are withdrawn (harvest_claims.h).
// Its report is the import's (GET /api/v1/imports/{run id}). Runs are jobs of type "harvest"
// when started through the API, or run at once from the command line. Thread-safe.
class HarvestService {
 public:
  HarvestService(storage::Database& database, catalog::OrganizationService& organizations,
                 catalog::DatasetService& datasets, catalog::ImportService& imports,
                 net::FetchOptions fetch_options, WithdrawalRules withdrawal = {})
      : database_(database),
        organizations_(organizations),
        datasets_(datasets),
        imports_(imports),
        fetch_options_(std::move(fetch_options)),
        withdrawal_(withdrawal) {}

  Result<std::vector<HarvestSource>> list();
  Result<HarvestSource> get(const std::string& id);
  Result<HarvestSource> create(const accounts::Principal& principal,
                               const boost::json::value& body);
  // A merge of the fields given; expected_revision from If-Match.
  Result<HarvestSource> update(const accounts::Principal& principal, const std::string& id,
                               const boost::json::value& body,
                               std::optional<int64_t> expected_revision);
  Status remove(const accounts::Principal& principal, const std::string& id);

  Result<std::vector<HarvestRun>> runs(const std::string& source_id, int limit);
  Result<HarvestRun> run(const std::string& run_id);

  // Registers the "harvest" job type; start() then queues a run as a job.
  void run_jobs_on(jobs::JobService& jobs);
  Result<jobs::Job> start(const accounts::Principal& principal, const std::string& source_id);
  // Every `interval`, starts a run (a job) of each enabled source whose time has come (see
  // jobs::is_due) and that has no run waiting or going. Call after run_jobs_on; stop_scheduler()
  // (or the destructor) ends the thread.
  void start_scheduler(std::chrono::seconds interval);
  void stop_scheduler();
  ~HarvestService() { stop_scheduler(); }
  // The runs the scheduler started in one look, for logs and tests.
  Result<int> start_due_runs();

  // Runs a source now, in this thread (the command line). The run is recorded whatever its
  // outcome; an error only when the source does not exist or the database fails.
  using Progress = std::function<void(int64_t done, int64_t total)>;
  Result<HarvestRun> run_now(const std::string& source_id, const Progress& progress = {},
                             const std::function<bool()>& cancelled = {});

 private:
  Result<HarvestRun> harvest(const HarvestSource& source, const std::string& run_id,
                             const Progress& progress, const std::function<bool()>& cancelled);
  Result<std::string> run_job(jobs::JobContext& context);
  // Ends a run still open with this status and message; nothing when it has ended already.
  Result<std::optional<HarvestRun>> close_open_run(const std::string& run_id, std::string status,
                                                   std::string message);
  // Records the run (queued) and submits its job.
  Result<jobs::Job> queue_run(const accounts::Principal& principal, const HarvestSource& source);
  // Sysadmins; admins of the organisation when one is given.
  Status require_admin(const accounts::Principal& principal,
                       const std::optional<std::string>& publisher_id) const;
  Result<std::optional<std::string>> resolve_publisher(const CheckedSource& checked,
                                                       const HarvestSource& current);

  storage::Database& database_;
  catalog::OrganizationService& organizations_;
  catalog::DatasetService& datasets_;
  catalog::ImportService& imports_;
  const net::FetchOptions fetch_options_;
  const WithdrawalRules withdrawal_;
  jobs::JobService* jobs_ = nullptr;  // set by run_jobs_on, before serving
  jobs::Periodic scheduler_;
};

}  // namespace samverka::harvest
