// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <boost/json/fwd.hpp>
#include <chrono>
#include <functional>
#include <string>

#include "accounts/principal.h"
#include "catalog/dataset/dataset_service.h"
#include "jobs/job_service.h"
#include "jobs/periodic.h"
#include "organization/organization_service.h"
#include "quality/link_checker.h"
#include "storage/database.h"

namespace samverka::quality {

struct QualitySettings {
  LinkCheckSettings links;
  std::string base_url;  // the catalogue's, for the RDF the shapes check (server.base_url)
  std::string daily_at = "05:00";  // UTC: when serve checks links and scores the catalogue
};

// Metadata quality: checks the links of published, public datasets, scores datasets,
// publishers and the catalogue with the MQA (mqa.h), and keeps the scores over time. A run (job
// type "quality") checks the links that are due, then scores every published, public dataset
// and records the catalogue's and each publisher's score. Anyone reads scores of what they may
// read; sysadmins start runs. Thread-safe.
// What QualityService::score_record reads besides the score.
struct ScoreHistories {
  bool score = false;  // the score's recorded changes
  bool links = false;  // the last checks of each URL
};

class QualityService {
 public:
  QualityService(storage::Database& database, catalog::DatasetService& datasets,
                 catalog::OrganizationService& organizations, QualitySettings settings)
      : database_(database),
        datasets_(datasets),
        organizations_(organizations),
        settings_(std::move(settings)) {}
  ~QualityService() { stop_scheduler(); }

  void run_jobs_on(jobs::JobService& jobs);
  // Queues a run (sysadmins); with check_links false it only scores.
  Result<jobs::Job> start(const accounts::Principal& principal, bool check_links);
  // A run, at once in this thread: {links: {checked, reachable, broken}, datasets, points,
  // rating, scored}.
  using Progress = std::function<void(int64_t done, int64_t total, const std::string& stage)>;
  Result<boost::json::object> run(bool check_links, const Progress& progress,
                                  const std::function<bool()>& cancelled);

  // The score of one dataset now (what its links last showed), with its fixes and the checks
  // of its URLs.
  Result<boost::json::object> dataset_quality(const accounts::Principal& principal,
                                              const std::string& id_or_slug);
  // The same for a record the caller may read (the dataset page's badge, its RDF); the score's
  // recorded history and the last checks of each URL only when asked (a read per URL).
  Result<boost::json::object> score_record(const catalog::DatasetRecord& record,
                                           ScoreHistories histories = {});
  // The latest score of a publisher, or of the catalogue (organization ""), with its history
  // (oldest first, at most `history` entries) and the URLs found broken.
  Result<boost::json::object> scope_quality(const std::string& organization, int history);

  // Starts a run every day at daily_at (UTC), unless one is queued or running.
  void start_scheduler(std::chrono::seconds check_interval);
  void stop_scheduler();

 private:
  Result<std::string> run_job(jobs::JobContext& context);
  // Whether the daily time has come since the last score (none: since `since`).
  Result<bool> due_now(int64_t since);

  storage::Database& database_;
  catalog::DatasetService& datasets_;
  catalog::OrganizationService& organizations_;
  const QualitySettings settings_;
  jobs::JobService* jobs_ = nullptr;
  jobs::Periodic scheduler_;
};

}  // namespace samverka::quality
