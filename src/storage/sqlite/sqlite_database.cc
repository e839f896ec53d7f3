// SPDX-License-Identifier: Apache-2.0
#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "storage/database.h"
#include "storage/sqlite/sqlite_schema.h"

namespace samverka::storage {

Status Statement::run() {
  while (true) {
    bool row = TRY(step());
    if (!row) return {};
  }
}

namespace {

// The writer keeps temporary files in memory: a savepoint's sub-journal (the import takes one
// per dataset) otherwise goes to a temporary file, page by page: importing 10,000 datasets made
// 341,000 writes to it for a 47 MB database. And its page cache may grow to 64 MB (SQLite's
// default is 2 MB), so that a large transaction does not spill pages to the WAL and read them
// back (42,000 reads in that import). Memory is taken only as pages are used.
constexpr const char* kWriterCachePragma = "PRAGMA temp_store=MEMORY; PRAGMA cache_size=-65536;";

Error sqlite_error(sqlite3* handle, std::string_view context) {
  int code = sqlite3_extended_errcode(handle);
  std::string message = std::string(context) + ": " + sqlite3_errmsg(handle);
  if ((code & 0xff) == SQLITE_CONSTRAINT) {
    Error error = make_error(ErrorCode::kConflict, message);
    // SQLite names the columns: "UNIQUE constraint failed: datasets.slug". Read here, in the
    // backend, and nowhere else.
    std::string_view text = sqlite3_errmsg(handle);
    constexpr std::string_view kFailed = "constraint failed: ";
    if (auto at = text.find(kFailed); at != std::string_view::npos) {
      std::string columns(text.substr(at + kFailed.size()));
      columns.erase(std::remove(columns.begin(), columns.end(), ' '), columns.end());
      error.constraint = columns;
    }
    return error;
  }
  if ((code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED) {
    return make_error(ErrorCode::kUnavailable, message);
  }
  return make_error(ErrorCode::kInternal, message);
}

class SqliteStatement final : public Statement {
 public:
  SqliteStatement(sqlite3* handle, sqlite3_stmt* statement)
      : handle_(handle), statement_(statement) {}
  ~SqliteStatement() override { sqlite3_finalize(statement_); }

  void reset() {
    sqlite3_reset(statement_);
    sqlite3_clear_bindings(statement_);
  }
  Statement& bind(int index, std::string_view text) override {
    sqlite3_bind_text(statement_, index, text.data(), static_cast<int>(text.size()),
                      SQLITE_TRANSIENT);
    return *this;
  }
  Statement& bind(int index, int64_t number) override {
    sqlite3_bind_int64(statement_, index, number);
    return *this;
  }
  Statement& bind_null(int index) override {
    sqlite3_bind_null(statement_, index);
    return *this;
  }
  Result<bool> step() override {
    int code = sqlite3_step(statement_);
    if (code == SQLITE_ROW) return true;
    if (code == SQLITE_DONE) return false;
    Error error = sqlite_error(handle_, "database statement failed");
    sqlite3_reset(statement_);
    return error;
  }
  bool is_null(int column) const override {
    return sqlite3_column_type(statement_, column) == SQLITE_NULL;
  }
  int64_t integer(int column) const override { return sqlite3_column_int64(statement_, column); }
  std::string text(int column) const override {
    const unsigned char* data = sqlite3_column_text(statement_, column);
    int size = sqlite3_column_bytes(statement_, column);
    return data ? std::string(reinterpret_cast<const char*>(data), size) : std::string();
  }

 private:
  sqlite3* handle_;
  sqlite3_stmt* statement_;
};

class SqliteConnection final : public Connection {
 public:
  SqliteConnection(sqlite3* handle, DatabaseFigures* figures, std::mutex* figures_mutex)
      : handle_(handle), figures_(figures), figures_mutex_(figures_mutex) {}
  ~SqliteConnection() override {
    cache_.clear();
    sqlite3_close_v2(handle_);
  }

  Result<Statement*> prepare(std::string_view sql) override {
    std::string key(sql);
    auto found = cache_.find(key);
    if (found != cache_.end()) {
      ++hits_;
      found->second->reset();
      in_use_.push_back(found->second.get());
      return static_cast<Statement*>(found->second.get());
    }
    ++misses_;
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v3(handle_, sql.data(), static_cast<int>(sql.size()),
                           SQLITE_PREPARE_PERSISTENT, &raw, nullptr) != SQLITE_OK) {
      return sqlite_error(handle_, "preparing a database statement failed");
    }
    auto statement = std::make_unique<SqliteStatement>(handle_, raw);
    in_use_.push_back(statement.get());
    Statement* pointer = statement.get();
    cache_.emplace(std::move(key), std::move(statement));
    return pointer;
  }

  Status execute(std::string_view sql) override {
    char* message = nullptr;
    std::string owned(sql);
    if (sqlite3_exec(handle_, owned.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
      std::string text = message ? message : "unknown error";
      sqlite3_free(message);
      int code = sqlite3_extended_errcode(handle_) & 0xff;
      return make_error(code == SQLITE_BUSY ? ErrorCode::kUnavailable : ErrorCode::kInternal,
                        "database command failed: " + text);
    }
    return {};
  }

  int64_t changes() const override { return sqlite3_changes64(handle_); }

  std::string json_field(std::string_view column, std::string_view field) const override {
    return "json_extract(" + std::string(column) + ", '$." + std::string(field) + "')";
  }

  // SQLite keeps it in the file header (PRAGMA user_version).
  Result<int> schema_version() override {
    Statement* statement = TRY(prepare("PRAGMA user_version"));
    TRY(statement->step());
    return static_cast<int>(statement->integer(0));
  }
  Status set_schema_version(int version) override {
    return execute("PRAGMA user_version = " + std::to_string(version));
  }

  // Resets the statements handed out since the last call. A statement left on a row keeps its
  // read transaction (and so an old snapshot) open, so every lease ends with this.
  void reset_statements() {
    for (SqliteStatement* statement : in_use_) statement->reset();
    in_use_.clear();
  }

  void flush_figures() {
    std::lock_guard lock(*figures_mutex_);
    figures_->statement_cache_hits += hits_;
    figures_->statement_cache_misses += misses_;
    hits_ = misses_ = 0;
  }

 private:
  sqlite3* handle_;
  std::unordered_map<std::string, std::unique_ptr<SqliteStatement>> cache_;
  std::vector<SqliteStatement*> in_use_;
  DatabaseFigures* figures_;
  std::mutex* figures_mutex_;
  int64_t hits_ = 0;
  int64_t misses_ = 0;
};

Result<std::unique_ptr<SqliteConnection>> open_connection(const SqliteOptions& options, bool writer,
                                                          DatabaseFigures* figures,
                                                          std::mutex* figures_mutex) {
  sqlite3* handle = nullptr;
  int flags = SQLITE_OPEN_NOMUTEX | (writer ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY);
  if (writer && options.create) flags |= SQLITE_OPEN_CREATE;
  if (sqlite3_open_v2(options.path.c_str(), &handle, flags, nullptr) != SQLITE_OK) {
    std::string message = handle ? sqlite3_errmsg(handle) : "out of memory";
    sqlite3_close_v2(handle);
    return make_error(ErrorCode::kUnavailable,
                      "cannot open database " + options.path + ": " + message);
  }
  sqlite3_busy_timeout(handle, options.busy_timeout_ms);
  sqlite3_extended_result_codes(handle, 1);
  auto connection = std::make_unique<SqliteConnection>(handle, figures, figures_mutex);
  if (writer) {
    // Setting the application id writes the header of a new file, which makes WAL mode stick
    // before any reader opens it; a reader that opened a zero-byte file would miss the WAL.
    TRY(connection->execute(
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
        "PRAGMA application_id=1398164299; " +
        std::string(kWriterCachePragma)));
  } else {
    TRY(connection->execute("PRAGMA foreign_keys=ON; PRAGMA query_only=ON;"));
  }
  return connection;
}

class SqliteDatabase final : public Database {
 public:
  explicit SqliteDatabase(SqliteOptions options) : options_(std::move(options)) {}

  Status open() {
    writer_ = TRY(open_connection(options_, true, &figures_, &figures_mutex_));
    // Readers open on first use, after the writer has created and migrated the file; a reader
    // opened on a brand-new file would not see the schema the writer adds.
    readers_.resize(options_.read_connections);
    for (auto& reader : readers_) idle_readers_.push_back(&reader);
    return {};
  }

  const std::vector<const char*>& migration_steps(Schema schema) const override {
    return sqlite_migration_steps(schema);
  }

  DatabaseFigures figures() const override {
    std::lock_guard lock(figures_mutex_);
    DatabaseFigures copy = figures_;
    copy.reads = reads_.load();
    copy.writes = writes_.load();
    copy.failed_writes = failed_writes_.load();
    return copy;
  }

  bool healthy() override {
    auto result = read([](Connection& connection) -> Result<bool> {
      Statement* statement = TRY(connection.prepare("SELECT 1"));
      return statement->step();
    });
    return result.ok() && result.value();
  }

 protected:
  Result<Lease> acquire_reader() override {
    std::unique_lock lock(readers_mutex_);
    readers_available_.wait(lock, [&] { return !idle_readers_.empty(); });
    std::unique_ptr<SqliteConnection>* slot = idle_readers_.back();
    idle_readers_.pop_back();
    lock.unlock();
    if (!*slot) {
      auto opened = open_connection(options_, false, &figures_, &figures_mutex_);
      if (!opened.ok()) {
        std::lock_guard release_lock(readers_mutex_);
        idle_readers_.push_back(slot);
        readers_available_.notify_one();
        return std::move(opened).error();
      }
      *slot = std::move(opened).value();
    }
    ++reads_;
    SqliteConnection* connection = slot->get();
    return Lease(connection, [this, slot, connection] {
      connection->reset_statements();
      connection->flush_figures();
      {
        std::lock_guard release_lock(readers_mutex_);
        idle_readers_.push_back(slot);
      }
      readers_available_.notify_one();
    });
  }

  Status run_write(const std::function<Status(Connection&)>& body) override {
    std::unique_lock lock(writer_mutex_, std::defer_lock);
    if (!lock.try_lock_for(std::chrono::milliseconds(options_.write_wait_ms))) {
      ++failed_writes_;
      return make_error(ErrorCode::kUnavailable,
                        "the database is busy with another write (waited " +
                            std::to_string(options_.write_wait_ms) + " ms); try again");
    }
    ++writes_;
    Status begun = writer_->execute("BEGIN IMMEDIATE");
    if (!begun.ok()) {
      ++failed_writes_;
      return begun;
    }
    Status status;
    try {
      status = body(*writer_);
    } catch (...) {
      // Not left inside a transaction that every later BEGIN would trip over.
      writer_->reset_statements();
      (void)writer_->execute("ROLLBACK");
      ++failed_writes_;
      throw;
    }
    writer_->reset_statements();
    if (status.ok()) status = writer_->execute("COMMIT");
    if (!status.ok()) {
      ++failed_writes_;
      (void)writer_->execute("ROLLBACK");
    }
    writer_->flush_figures();
    return status;
  }

 private:
  SqliteOptions options_;
  std::timed_mutex writer_mutex_;
  std::unique_ptr<SqliteConnection> writer_;  // GUARDED_BY(writer_mutex_)
  std::mutex readers_mutex_;
  std::condition_variable readers_available_;
  std::vector<std::unique_ptr<SqliteConnection>> readers_;
  std::vector<std::unique_ptr<SqliteConnection>*> idle_readers_;  // GUARDED_BY(readers_mutex_)
  mutable std::mutex figures_mutex_;
  DatabaseFigures figures_;  // GUARDED_BY(figures_mutex_)
  std::atomic<int64_t> reads_{0}, writes_{0}, failed_writes_{0};
};

}  // namespace

Result<std::unique_ptr<Database>> open_sqlite(const SqliteOptions& options) {
  auto database = std::make_unique<SqliteDatabase>(options);
  TRY(database->open());
  return std::unique_ptr<Database>(std::move(database));
}

}  // namespace samverka::storage
