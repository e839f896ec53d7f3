// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <boost/json.hpp>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "accounts/principal.h"
#include "catalog/data_service/data_service_service.h"
#include "catalog/dataset/dataset_service.h"
#include "catalog/dcat/dcat_reader.h"
#include "core/result.h"
#include "jobs/job_service.h"
#include "organization/organization_service.h"
#include "rdf/graph.h"
#include "storage/database.h"

namespace samverka::catalog {

// A stored dataset as a harvest remembers it.
struct StoredDataset {
  std::string id;
  std::string slug;
  std::string fingerprint;  // of the checked record that made it (ImportHooks::unchanged)
};

// A harvest's say in an import, called inside the import's transaction (the catalogue knows
// nothing of harvest sources: harvest/ fills these in). Each may be left empty.
struct ImportHooks {
  // Set: each checked dataset gets a fingerprint (of its checked record and publisher), and one
  // whose IRI this finds with the same fingerprint is counted unchanged without being looked
  // up or stored (the harvest knows nobody changed it since). Called on the storing thread.
  std::function<const StoredDataset*(const std::string& iri)> unchanged;
  // Before a stored dataset is replaced: a reason to leave it as it is (the report says
  // "skipped" with it), or nothing to go on. It may add warnings to the dataset's report.
  std::function<Result<std::optional<std::string>>(
      storage::Connection&, const DatasetRecord& stored, std::vector<FieldError>& warnings)>
      before_replace;
  // After a dataset was created, replaced or found unchanged; `before` is the stored record it
  // replaced (none for a new one); `fingerprint` as for `unchanged` (empty without it).
  std::function<Status(storage::Connection&, const DatasetRecord* before,
                       const DatasetRecord& after, const std::string& fingerprint,
                       std::vector<FieldError>& warnings)>
      after_store;
  // After every dataset and data service, before the report commits with them. `iris`: every
  // dataset the file describes (stored, skipped and rejected alike). Ids of datasets it changes
  // go in `changed`, to be evicted once the transaction has committed.
  std::function<Status(storage::Connection&, const std::unordered_set<std::string>& iris,
                       boost::json::object& report, std::vector<std::string>& changed)>
      finish;
};

struct ImportOptions {
  std::string syntax = "guess";  // rdfxml, turtle, ntriples, jsonld, or guess from the content
  std::optional<std::string> publisher;  // id or slug: every dataset is published by it
  bool dry_run = false;                  // report what would happen, write nothing
  bool partial = false;                  // keep the valid datasets when others are rejected
  std::string source;                    // a file name or URL, for the report
  size_t max_triples = 5'000'000;
  std::string id;  // the report's id; a new one when empty (a queued import's is its job's)
  // Asked between datasets; true stops the import, which then writes nothing.
  std::function<bool()> cancelled;
  ImportHooks hooks;
};

// Imports DCAT-AP(-SE) RDF into the catalogue: parses, maps (catalog/dcat_reader.h), checks
// each dataset with the catalogue's rules and upserts it, matched by IRI (a dataset is its IRI;
// datasets sharing a dct:identifier are kept apart and flagged as possible duplicates); data
// services likewise, after the datasets. A dataset
// that misses a mandatory property is kept as a draft with its errors; values the rules refuse are
// left out with a warning; a dataset that cannot be stored at all (no publisher, no right to write
// it) is rejected. Publishers are matched to organisations by organisation number, then Swedish
// name, and created when missing (sysadmins only). The whole file is one transaction: one rejected
// dataset fails the import and writes nothing, unless `partial` is set. Importing the same file
// again changes nothing. Thread-safe.
class ImportService {
 public:
  ImportService(storage::Database& database, OrganizationService& organizations,
                DatasetService& datasets, DataServiceService& data_services, std::string base_url)
      : database_(database),
        organizations_(organizations),
        datasets_(datasets),
        data_services_(data_services),
        base_url_(std::move(base_url)) {}
  // The public URL under which imported records without an IRI get theirs; set before
  // serving starts.
  void set_base_url(std::string base_url) { base_url_ = std::move(base_url); }

  // Imports queued with enqueue() run as jobs of type "import" on `jobs`, their files kept in
  // `upload_directory` until they have run. An import is one transaction, so one interrupted
  // by a crash wrote nothing and is started again. It runs with the rights its user has when
  // it runs (`principal_for`), not those of the token that queued it.
  using PrincipalLookup = std::function<Result<accounts::Principal>(const std::string& user_id)>;
  void run_queued_imports_on(jobs::JobService& jobs, std::filesystem::path upload_directory,
                             PrincipalLookup principal_for);

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
  // The same for a graph already parsed (the pages of a harvested catalogue, merged).
  Result<boost::json::object> run(const accounts::Principal& principal, rdf::Graph graph,
                                  const ImportOptions& options, const Progress& progress = {});
  // The same for records already mapped (a CKAN portal's packages); `records` must outlive
  // the call.
  Result<boost::json::object> run(const accounts::Principal& principal, ImportRecords& records,
                                  const ImportOptions& options, const Progress& progress = {});
  // A stored report: for the user who ran the import, members of its publisher and sysadmins.
  Result<boost::json::object> report(const accounts::Principal& principal, const std::string& id);

  // Queues an import as a job and returns it (state "queued"). Its report,
  // GET /api/v1/imports/{job id}, says "queued", then "running" with "progress": {done, total}
  // datasets, then is the final report; a file that cannot be read is reported "failed" with a
  // message. Bad options are refused at once.
  Result<jobs::Job> enqueue(const accounts::Principal& principal, std::string data,
                            ImportOptions options);

  // Removes kept files whose job has ended or does not exist (cancelled before it ran, or a
  // crash between keeping the file and queuing the job). Call when no import is being queued:
  // the server does at start. Returns how many it removed.
  Result<int> sweep_uploads();

 private:
  Result<std::string> run_job(jobs::JobContext& context);
  Status save_failed_report(const std::string& id, const std::string& created,
                            const std::string& user_id, const std::string& publisher_id,
                            const std::string& source, const std::string& message);
  Status save_report(const boost::json::object& report, const std::string& user_id,
                     const std::string& publisher_id);

  storage::Database& database_;
  OrganizationService& organizations_;
  DatasetService& datasets_;
  DataServiceService& data_services_;
  std::string base_url_;
  jobs::JobService* jobs_ = nullptr;  // set by run_queued_imports_on
  std::filesystem::path upload_directory_;
  PrincipalLookup principal_for_;
};

}  // namespace samverka::catalog
