// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "core/result.h"
#include "search/search_index.h"
#include "storage/change_log.h"
#include "storage/database.h"

namespace samverka::search {

// How one domain's entities become search documents. A domain implements it and the composition
// root hands every source to the ChangeIndexer. Sources are called from the indexing thread (and
// from a rebuild) only.
class DocumentSource {
 public:
  virtual ~DocumentSource() = default;
  // Applies one batch of changes (of every entity, so that a source can follow changes of
  // others: a renamed organisation re-indexes its datasets): replaces the documents of the
  // entities that exist and removes those that are gone. Runs inside one read of the database.
  virtual Status apply(storage::Connection& connection, const std::vector<storage::Change>& changes,
                       IndexWriter& writer) = 0;
  // For a rebuild: how many documents the source has, then every one of them, in pages read
  // in short reads; `advanced(n)` after each page, which returns false to stop there (the
  // rebuild then fails with kUnavailable).
  virtual Result<int64_t> count(storage::Connection& connection) = 0;
  virtual Status index_all(storage::Database& database, IndexWriter& writer,
                           const std::function<bool(int64_t indexed)>& advanced) = 0;
};

// Keeps the search index equal to the database by following the change log. The index lives in
// SEARCH_DIR/index-<n>, named by the symlink SEARCH_DIR/current. Each batch of changes is applied
// and committed together with its last sequence number, so after a crash the indexer resumes
// exactly where the index stopped. A rebuilt index (samverka reindex) is swapped in by replacing
// the symlink; the indexer follows it and resumes from the new index's sequence number.
class ChangeIndexer {
 public:
  // The sources must outlive the indexer.
  ChangeIndexer(storage::Database& database, std::filesystem::path search_directory,
                std::vector<DocumentSource*> sources);
  ~ChangeIndexer();

  // Opens (creating when absent) the live index and starts the background thread. An index
  // built with an older schema is rebuilt beside it meanwhile (searches use the old one until
  // the new one is swapped in).
  Status start();
  void stop();
  // Applies all pending changes now, on the calling thread (the thread must not be running).
  Status catch_up();
  // Waits until every change committed so far is searchable; false on timeout.
  bool wait_for_latest(std::chrono::milliseconds timeout);
  int64_t applied() const { return applied_.load(); }
  // Called after every commit with the index directory and the commit's facet changes, and
  // when the indexer follows a rebuilt index (with no changes): readers reopen and update their
  // facet tables.
  using OnCommit = std::function<void(const std::string& directory,
                                      const std::vector<search::FacetChange>& changes)>;
  void set_on_commit(OnCommit on_commit) { on_commit_ = std::move(on_commit); }
  // Called after every commit with the changes it applied, whoever wrote them (this process,
  // the command line, another node): caches of this process drop what changed elsewhere.
  using OnChanges = std::function<void(const std::vector<storage::Change>& changes)>;
  void set_on_changes(OnChanges on_changes) { on_changes_ = std::move(on_changes); }

  std::string current_link() const { return (search_directory_ / "current").string(); }

  // Builds a fresh index from the whole database beside the live one and swaps it in
  // atomically; a server that is running keeps serving the old index until the swap.
  // `keep_going`, when given and cleared, ends the rebuild early (kUnavailable; the live index
  // stays).
  static Status rebuild(storage::Database& database, const std::filesystem::path& search_directory,
                        const std::vector<DocumentSource*>& sources,
                        const std::function<void(int64_t done, int64_t total)>& progress,
                        const std::atomic<bool>* keep_going = nullptr);

 private:
  Status open_current();
  Result<bool> apply_batch();  // true when it applied something
  void run();

  storage::Database& database_;
  std::filesystem::path search_directory_;
  std::vector<DocumentSource*> sources_;
  std::unique_ptr<search::IndexWriter> writer_;  // used by the indexing thread only
  std::atomic<int64_t> applied_{0};
  std::atomic<bool> running_{false};
  std::thread thread_;
  std::thread rebuild_thread_;  // rebuilds an index of an older schema
  std::mutex mutex_;
  std::condition_variable wake_;  // new changes may be waiting
  std::condition_variable applied_changed_;
  OnCommit on_commit_;
  OnChanges on_changes_;
};

}  // namespace samverka::search
