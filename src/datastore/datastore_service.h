// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <boost/json/fwd.hpp>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "accounts/principal.h"
#include "catalog/dataset/dataset_service.h"
#include "catalog/search/search_service.h"
#include "core/result.h"
#include "datastore/csv_sniff.h"
#include "datastore/query.h"
#include "datastore/table_store.h"
#include "jobs/job_service.h"
#include "net/fetch.h"

namespace samverka::datastore {

struct DatastoreSettings {
  std::filesystem::path folder;    // the data folder's datastore/: tables and uploads
  int64_t error_budget = 100;      // rows a load may pass over (ragged, or not of their type)
  size_t max_row_bytes = 1 << 20;  // a longer row ends the load
  QueryLimits limits;              // per query
  net::FetchOptions fetch;         // loads of a distribution's download URL
};

// How to read a file: the dialect where the caller knows it, and column types to use instead
// of the guessed ones, by column name.
struct LoadOptions {
  DialectHints hints;
  std::map<std::string, ColumnType> types;
  std::string file_name;  // for the table's record of its source
};

// The words callers give a load: "name:type,name:type" and ", ; | tab". kBadRequest naming the
// parameter otherwise.
Result<std::map<std::string, ColumnType>> parse_types(const std::string& text,
                                                      const std::string& parameter);
Result<char> parse_delimiter(const std::string& text, const std::string& parameter);

// A distribution with a table, or one that could have one: where it sits.
struct Located {
  std::string distribution_id;
  catalog::DatasetRecord dataset;
};

// A page of a query's result.
struct QueryResult {
  std::vector<ResultColumn> columns;
  std::vector<std::vector<Value>> rows;
  std::optional<int64_t> total;       // rows matching, when asked
  std::optional<int64_t> next_after;  // the cursor of the next page (keyset paging), if any
  int64_t limit = 0;
  int64_t offset = 0;
};

// A value as text: numbers in their shortest exact form (10.25), booleans as true/false,
// nothing as "".
std::string value_text(const Value& value, ColumnType type);
// A cell as CSV writes it: quoted, with quotes doubled, when it holds the delimiter, a quote
// or a line break.
std::string csv_field(std::string text, char delimiter = ',');
// A value as JSON, by its column's type (booleans are stored as 0 and 1).
boost::json::value value_json(const Value& value, ColumnType type);

using LoadProgress = std::function<void(int64_t done, int64_t total, const std::string& stage)>;

// Tables of rows loaded from a distribution's file, one per distribution, and queries on them.
// Whoever may read a dataset may query its distributions' tables; editors of its publisher
// (and sysadmins) load and remove them. A load is a job: the table is built aside and takes
// the old one's place at the end, so a failed or cancelled load changes nothing. Thread-safe.
class DatastoreService {
 public:
  DatastoreService(DatastoreSettings settings, catalog::DatasetService& datasets,
                   catalog::SearchService& search);

  void run_jobs_on(jobs::JobService& jobs);

  // A dataset's distribution and its table's first rows, for the dataset page (which has
  // decided who may see the dataset); nothing when it has no table. total is the table's rows.
  Result<std::optional<QueryResult>> preview(const catalog::DatasetRecord& record,
                                             const std::string& distribution_id, int64_t rows);

  // The distribution and its dataset, when the principal may read it (else kNotFound).
  Result<Located> locate(const accounts::Principal& principal, const std::string& distribution_id);

  // A fresh path in the datastore folder for an upload that a load job will take over.
  std::filesystem::path upload_path() const;
  // Queues a load of `upload` (a file in the datastore folder; the job removes it when done).
  Result<jobs::Job> start_load(const accounts::Principal& principal,
                               const std::string& distribution_id,
                               const std::filesystem::path& upload, const LoadOptions& options);
  // Queues a load of the distribution's own download URL (its first), fetched by the job
  // within the outbound fetch bounds.
  Result<jobs::Job> start_load_from_url(const accounts::Principal& principal,
                                        const std::string& distribution_id,
                                        const LoadOptions& options);
  // Loads a file now, for a distribution already located (the job's work, and the command
  // line's). The result: rows, columns, the rows passed over and why.
  Result<boost::json::object> load(const Located& located, const std::filesystem::path& file,
                                   const LoadOptions& options, const LoadProgress& progress,
                                   const std::function<bool()>& cancelled);

  // The table's record: columns (the data dictionary), rows, when and from what it was loaded.
  Result<TableInfo> info(const accounts::Principal& principal, const std::string& distribution_id);
  Result<QueryResult> query(const accounts::Principal& principal,
                            const std::string& distribution_id, const QueryText& text,
                            bool with_total);
  // The rows of the page `text` asks for, one at a time, without holding them (CSV answers).
  Status each_row(
      const accounts::Principal& principal, const std::string& distribution_id,
      const QueryText& text, const std::function<void(const std::vector<ResultColumn>&)>& columns,
      const std::function<Status(const std::vector<ResultColumn>&, std::vector<Value>&)>& each);
  Status remove(const accounts::Principal& principal, const std::string& distribution_id);
  // The data dictionary: a title and a description per column, from
  // {"fields": [{"name": ..., "title": ..., "description": ...}]}. Later loads keep them for
  // the columns that keep their names.
  Result<TableInfo> describe(const accounts::Principal& principal,
                             const std::string& distribution_id, const boost::json::value& body);
  // Removes what loads cut short by a crash left behind: builds and uploads a day old
  // (`samverka serve` calls it as it starts).
  void remove_stale_builds() const;

 private:
  Result<std::string> run_job(jobs::JobContext& context);
  // datastore/{dataset}/{distribution}.sqlite: a table belongs to both.
  std::filesystem::path table_path(const Located& located) const;
  Result<Located> locate_in(const accounts::Principal& principal, const std::string& dataset_id,
                            const std::string& distribution_id);
  Result<TableReader> open_table(const accounts::Principal& principal,
                                 const std::string& distribution_id);
  Status may_load(const accounts::Principal& principal, const Located& located) const;
  // The page a query asks for: limit and offset not negative, limit at most max_rows.
  Result<QueryText> bounded_page(const QueryText& text) const;
  Result<jobs::Job> submit_load(const accounts::Principal& principal, const Located& located,
                                const std::string& upload, const std::string& from,
                                const LoadOptions& options);

  DatastoreSettings settings_;
  catalog::DatasetService& datasets_;
  catalog::SearchService& search_;
  jobs::JobService* jobs_ = nullptr;
  std::mutex tables_mutex_;  // a table's record: read and rewritten, or replaced, one at a time
};

}  // namespace samverka::datastore
