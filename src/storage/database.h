// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace samverka::storage {

// A prepared statement. Positional parameters are 1-based ('?'). A Statement belongs to the
// Connection that prepared it and is reset when handed out again.
class Statement {
 public:
  virtual ~Statement() = default;
  virtual Statement& bind(int index, std::string_view text) = 0;
  virtual Statement& bind(int index, int64_t number) = 0;
  virtual Statement& bind_null(int index) = 0;
  Statement& bind(int index, const std::optional<std::string>& text) {
    return text ? bind(index, std::string_view(*text)) : bind_null(index);
  }
  Statement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
  Statement& bind(int index, const std::string& text) {
    return bind(index, std::string_view(text));
  }
  Statement& bind(int index, int number) { return bind(index, static_cast<int64_t>(number)); }
  Statement& bind(int index, bool flag) { return bind(index, static_cast<int64_t>(flag ? 1 : 0)); }

  // Advances to the next row: true when a row is available, false when done.
  virtual Result<bool> step() = 0;
  // Runs to completion, for statements without rows.
  Status run();

  virtual bool is_null(int column) const = 0;
  virtual int64_t integer(int column) const = 0;
  virtual std::string text(int column) const = 0;
  std::optional<std::string> optional_text(int column) const {
    return is_null(column) ? std::nullopt : std::optional<std::string>(text(column));
  }
};

// One database session. Not thread-safe: a Connection is used by one thread at a time, which
// Database guarantees by handing it out exclusively.
class Connection {
 public:
  virtual ~Connection() = default;
  // Prepares (or reuses from this connection's cache) a statement, reset and unbound.
  virtual Result<Statement*> prepare(std::string_view sql) = 0;
  // Runs one or more statements without parameters.
  virtual Status execute(std::string_view sql) = 0;
  // Rows changed by the last statement.
  virtual int64_t changes() const = 0;

  // The dialect's expression for a top-level text field of a JSON column, for WHERE clauses:
  // json_extract(document, '$.iri') with SQLite, document->>'iri' with PostgreSQL. It matches
  // the expression indexes the backend's schema declares. `field` is a plain identifier.
  virtual std::string json_field(std::string_view column, std::string_view field) const = 0;

  // The schema version stored in the database (0 for a new one), and setting it inside the
  // migration's transaction.
  virtual Result<int> schema_version() = 0;
  virtual Status set_schema_version(int version) = 0;

  // Savepoints inside the write transaction: work after savepoint(name) can be undone with
  // rollback_to(name) while the transaction goes on; release(name) keeps it. Names are plain
  // identifiers ([a-z_]+). The same statements on every backend.
  Status savepoint(std::string_view name) { return execute("SAVEPOINT " + std::string(name)); }
  Status rollback_to(std::string_view name) {
    return execute("ROLLBACK TO SAVEPOINT " + std::string(name));
  }
  Status release(std::string_view name) {
    return execute("RELEASE SAVEPOINT " + std::string(name));
  }
};

// True when `error` is a storage conflict on the named unique constraint ("table.column").
inline bool violates(const Error& error, std::string_view constraint) {
  return error.code == ErrorCode::kConflict && error.constraint == constraint;
}

// Which schema a database holds: the catalogue and everything else, or the job queue (a file
// of its own with SQLite, so that queuing never waits for a long catalogue write).
enum class Schema { kCatalog, kJobs };

struct DatabaseFigures {
  int64_t reads = 0;
  int64_t writes = 0;
  int64_t failed_writes = 0;
  int64_t statement_cache_hits = 0;
  int64_t statement_cache_misses = 0;
};

// The storage engine. Safe for concurrent use from many threads: reads run in parallel on a pool
// of read connections and never wait for writers; writes are serialised on the one writer
// connection and each runs in one transaction that commits only when the function returns
// success. A failed write changes nothing. A write that cannot begin within the write wait
// fails with kUnavailable.
class Database {
 public:
  virtual ~Database() = default;

  template <typename F>
  auto read(F&& function) -> decltype(function(std::declval<Connection&>())) {
    auto lease = acquire_reader();
    if (!lease.ok()) return std::move(lease).error();
    auto result = function(*lease.value().connection);
    return result;
  }

  template <typename F>
  auto write(F&& function) -> decltype(function(std::declval<Connection&>())) {
    using R = decltype(function(std::declval<Connection&>()));
    std::optional<R> result;
    Status status = run_write([&](Connection& connection) -> Status {
      result.emplace(function(connection));
      if (!result->ok()) return result->error();
      return {};
    });
    if (!result) return status.error();  // the transaction could not even begin
    if (!status.ok() && result->ok()) return status.error();  // commit failed
    return std::move(*result);
  }

  virtual DatabaseFigures figures() const = 0;
  // The backend's SQL for each step of a schema, in order (storage/migrations.cc runs them).
  virtual const std::vector<const char*>& migration_steps(Schema schema) const = 0;
  // True when a trivial query succeeds.
  virtual bool healthy() = 0;

 protected:
  struct Lease {
    Connection* connection = nullptr;
    std::function<void()> release;
    Lease() = default;
    Lease(Connection* c, std::function<void()> r) : connection(c), release(std::move(r)) {}
    Lease(Lease&& other) noexcept
        : connection(other.connection), release(std::move(other.release)) {
      other.release = nullptr;
    }
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (release) release();
    }
  };
  virtual Result<Lease> acquire_reader() = 0;
  virtual Status run_write(const std::function<Status(Connection&)>& body) = 0;
};

struct SqliteOptions {
  std::string path;
  int read_connections = 8;
  int busy_timeout_ms = 5000;
  // How long a write waits for the writer, held by another write of this process, before it
  // fails with kUnavailable (503 + Retry-After): never an unbounded wait.
  int write_wait_ms = 5000;
  bool create = false;
};

Result<std::unique_ptr<Database>> open_sqlite(const SqliteOptions& options);

}  // namespace samverka::storage
