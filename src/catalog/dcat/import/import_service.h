// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <boost/json.hpp>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include "accounts/principal.h"
#include "catalog/data_service/data_service_service.h"
#include "catalog/dataset/dataset_service.h"
#include "core/result.h"
#include "rdf/graph.h"
#include "storage/database.h"

namespace samverka::catalog {

struct ImportOptions {
  std::string syntax = "guess";  // rdfxml, turtle, ntriples, jsonld, or guess from the content
  std::optional<std::string> publisher;  // id or slug: every dataset is published by it
  bool dry_run = false;  // report what would happen, write nothing
  bool partial = false;  // keep the valid datasets when others are rejected
  std::string source;    // a file name or URL, for the report
  size_t max_triples = 5'000'000;
  std::string id;        // the report's id; a new one when empty (a queued import has its own)
};

// Imports DCAT-AP(-SE) RDF into the catalogue: parses, maps (catalog/dcat_reader.h), checks
// each dataset with the catalogue's rules and upserts it: matched by dct:identifier within its
// publisher, then by IRI; data services likewise, matched by IRI, after the datasets. A dataset that misses a mandatory property is kept as a draft with
// its errors; values the rules refuse are left out with a warning; a dataset that cannot be
// stored at all (no publisher, no right to write it) is rejected. Publishers are matched to
// organisations by organisation number, then Swedish name, and created when missing (sysadmins
// only). The whole file is one transaction: one rejected dataset fails the import and writes
// nothing, unless `partial` is set. Importing the same file again changes nothing.
// Thread-safe.
class ImportService {
 public:
  ImportService(storage::Database& database, DatasetService& datasets,
                DataServiceService& data_services, std::string base_url)
      : database_(database),
        datasets_(datasets),
        data_services_(data_services),
        base_url_(std::move(base_url)) {}
  // Waits for the import that is running; the queued ones are marked failed.
  ~ImportService();

  // At most this many imports wait in the queue; more are refused (kUnavailable).
  static constexpr size_t kMaxQueued = 4;

  using Progress = std::function<void(int64_t done, int64_t total)>;
  // The report (docs/dcat-mapping.md, "Import"). A file that is not RDF, or too large: an
  // error and no report. Anything else gives a report, stored unless it was a dry run; its
  // "status" is applied, partial, failed or dry_run.
  Result<boost::json::object> run(const accounts::Principal& principal, std::string_view data,
                                  const ImportOptions& options, const Progress& progress = {});
  // The same, reading the file as a stream (large files need not be held in memory).
  Result<boost::json::object> run(const accounts::Principal& principal,
                                  const rdf::ChunkReader& read, const ImportOptions& options,
                                  const Progress& progress = {});
  // A stored report: for the user who ran the import, members of its publisher and sysadmins.
  Result<boost::json::object> report(const accounts::Principal& principal, const std::string& id);

  // Queues an import for the service's own thread, which runs them one at a time, and returns
  // the report as it stands ("status": "queued", then "running" with "progress": {done, total}
  // datasets; GET it until the status is final). A file that cannot be read is then reported
  // as "failed" with a message. Bad options and a full queue are refused at once. Queued and
  // running imports are held in memory: after a crash their reports do not exist (404).
  Result<boost::json::object> enqueue(const accounts::Principal& principal, std::string data,
                                      ImportOptions options);

 private:
  struct Job {
    accounts::Principal principal;
    std::string data;
    ImportOptions options;
    std::string publisher_id;
    std::string created;
  };
  void work();
  // The report of an import that has not produced its own yet.
  static boost::json::object pending_report(const Job& job, const std::string& status,
                                            const std::string& message = "");
  Status save_report(const Job& job, const boost::json::object& report);
  // A queued or running import's report, with the job it describes (without its file).
  std::optional<std::pair<Job, boost::json::object>> pending_report_of(const std::string& id);

  storage::Database& database_;
  DatasetService& datasets_;
  DataServiceService& data_services_;
  std::string base_url_;
  std::mutex queue_mutex_;
  std::condition_variable queue_changed_;
  std::deque<Job> queue_;
  bool stopping_ = false;
  std::thread worker_;  // started by the first enqueue
  // The running import and how far it got (datasets stored, of all). A mutex of its own: the
  // import reports progress while it holds the database writer.
  std::mutex progress_mutex_;
  std::optional<Job> running_;  // without its file
  int64_t running_done_ = 0;
  int64_t running_total_ = 0;
};

}  // namespace samverka::catalog
