// SPDX-License-Identifier: Apache-2.0
#include "datastore/table_store.h"

#include <sqlite3.h>

#include <boost/json.hpp>
#include <system_error>

#include "core/clock.h"
#include "core/ids.h"
#include "core/json.h"

namespace samverka::datastore {

namespace bj = boost::json;
namespace fs = std::filesystem;

namespace {

struct Closer {
  void operator()(sqlite3* handle) const { sqlite3_close_v2(handle); }
};
using Handle = std::unique_ptr<sqlite3, Closer>;
struct Finalizer {
  void operator()(sqlite3_stmt* statement) const { sqlite3_finalize(statement); }
};
using Prepared = std::unique_ptr<sqlite3_stmt, Finalizer>;

Error sqlite_error(sqlite3* handle, const std::string& doing) {
  return make_error(ErrorCode::kInternal, doing + ": " + sqlite3_errmsg(handle));
}

Status execute(sqlite3* handle, const std::string& sql, const char* doing) {
  char* message = nullptr;
  if (sqlite3_exec(handle, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    std::string text = message ? message : "unknown error";
    sqlite3_free(message);
    return make_error(ErrorCode::kInternal, std::string(doing) + ": " + text);
  }
  return {};
}

Result<Prepared> prepare(sqlite3* handle, const std::string& sql) {
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v3(handle, sql.c_str(), static_cast<int>(sql.size()),
                         SQLITE_PREPARE_PERSISTENT, &statement, nullptr) != SQLITE_OK) {
    return sqlite_error(handle, "preparing a datastore statement");
  }
  return Prepared(statement);
}

void bind(sqlite3_stmt* statement, int index, const Value& value) {
  if (const auto* number = std::get_if<int64_t>(&value)) {
    sqlite3_bind_int64(statement, index, *number);
  } else if (const auto* real = std::get_if<double>(&value)) {
    sqlite3_bind_double(statement, index, *real);
  } else if (const auto* flag = std::get_if<bool>(&value)) {
    sqlite3_bind_int(statement, index, *flag ? 1 : 0);
  } else if (const auto* text = std::get_if<std::string>(&value)) {
    sqlite3_bind_text(statement, index, text->data(), static_cast<int>(text->size()),
                      SQLITE_TRANSIENT);
  } else {
    sqlite3_bind_null(statement, index);
  }
}

const char* sql_type(ColumnType type) {
  switch (type) {
    case ColumnType::kInteger:
    case ColumnType::kBoolean:
      return "INTEGER";
    case ColumnType::kDecimal:
      return "REAL";
    default:
      return "TEXT";
  }
}

bj::object info_json(const TableInfo& info) {
  bj::array columns;
  for (const TableColumn& column : info.columns) {
    columns.push_back(bj::object{{"name", column.name},
                                 {"type", type_name(column.type)},
                                 {"decimal_mark", column.mark == DecimalMark::kComma ? "," : "."},
                                 {"title", column.title},
                                 {"description", column.description},
                                 {"indexed", column.indexed}});
  }
  bj::value source = bj::object();
  if (auto parsed = json::parse(info.source.empty() ? "{}" : info.source); parsed.ok())
    source = std::move(parsed.value());
  return bj::object{{"distribution_id", info.distribution_id},
                    {"dataset_id", info.dataset_id},
                    {"columns", std::move(columns)},
                    {"rows", info.rows},
                    {"loaded", info.loaded},
                    {"source", std::move(source)}};
}

std::string string_at(const bj::object& object, const char* key) {
  const bj::value* value = object.if_contains(key);
  return value && value->is_string() ? std::string(value->get_string()) : std::string();
}

Result<TableInfo> info_from(std::string_view text) {
  bj::value parsed = TRY(json::parse(text));
  if (!parsed.is_object()) return make_error(ErrorCode::kInternal, "a datastore table's info");
  const bj::object& object = parsed.get_object();
  TableInfo info;
  info.distribution_id = string_at(object, "distribution_id");
  info.dataset_id = string_at(object, "dataset_id");
  info.loaded = string_at(object, "loaded");
  if (const bj::value* rows = object.if_contains("rows"); rows && rows->is_int64())
    info.rows = rows->get_int64();
  if (const bj::value* source = object.if_contains("source")) info.source = bj::serialize(*source);
  if (const bj::value* columns = object.if_contains("columns"); columns && columns->is_array()) {
    for (const bj::value& item : columns->get_array()) {
      if (!item.is_object()) continue;
      const bj::object& column = item.get_object();
      TableColumn out;
      out.name = string_at(column, "name");
      out.type = type_from_name(string_at(column, "type")).value_or(ColumnType::kText);
      out.mark =
          string_at(column, "decimal_mark") == "." ? DecimalMark::kPoint : DecimalMark::kComma;
      out.title = string_at(column, "title");
      out.description = string_at(column, "description");
      const bj::value* indexed = column.if_contains("indexed");
      out.indexed = indexed && indexed->is_bool() && indexed->get_bool();
      info.columns.push_back(std::move(out));
    }
  }
  return info;
}

}  // namespace

struct TableBuilder::Impl {
  fs::path path;
  fs::path building;
  TableInfo info;
  Handle handle;
  Prepared insert;
  Prepared insert_text;  // none when the table has no text column
  int64_t next_id = 1;
  bool committed = false;
  std::string text;  // the row's words for the full-text index
};

TableBuilder::TableBuilder(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
TableBuilder::TableBuilder(TableBuilder&&) noexcept = default;
TableBuilder& TableBuilder::operator=(TableBuilder&&) noexcept = default;

TableBuilder::~TableBuilder() {
  if (!impl_ || impl_->committed) return;
  impl_->insert.reset();
  impl_->insert_text.reset();
  impl_->handle.reset();
  std::error_code ignored;
  fs::remove(impl_->building, ignored);
}

Result<TableBuilder> TableBuilder::create(const fs::path& path, TableInfo info) {
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  impl->building = path.string() + ".building-" + ids::new_uuid();
  impl->info = std::move(info);
  std::error_code error;
  fs::create_directories(path.parent_path(), error);
  if (error) {
    return make_error(
        ErrorCode::kInternal,
        "creating the datastore folder " + path.parent_path().string() + ": " + error.message());
  }
  sqlite3* handle = nullptr;
  int opened = sqlite3_open_v2(impl->building.c_str(), &handle,
                               SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  impl->handle.reset(handle);
  // From here on the builder owns the file: a failure below removes it with the builder.
  TableBuilder builder(std::move(impl));
  if (opened != SQLITE_OK) return sqlite_error(handle, "creating a datastore table");
  Impl* built = builder.impl_.get();
  // Built aside and thrown away on failure: no journal, one transaction.
  TRY(execute(handle,
              "PRAGMA journal_mode=OFF; PRAGMA synchronous=NORMAL; PRAGMA locking_mode=EXCLUSIVE; "
              "PRAGMA cache_size=-32768; PRAGMA temp_store=FILE;",
              "setting up a datastore table"));
  std::string create = "CREATE TABLE rows (_id INTEGER PRIMARY KEY";
  std::string insert = "INSERT INTO rows VALUES (?";
  bool has_text = false;
  for (size_t index = 0; index < built->info.columns.size(); ++index) {
    create += ", c" + std::to_string(index) + " " + sql_type(built->info.columns[index].type);
    insert += ", ?";
    has_text = has_text || built->info.columns[index].type == ColumnType::kText;
  }
  create += ");\nCREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);\n";
  if (has_text) {
    create +=
        "CREATE VIRTUAL TABLE rows_text USING fts5(body, content='', "
        "tokenize='unicode61 remove_diacritics 2');\n";
  }
  TRY(execute(handle, "BEGIN; " + create, "creating a datastore table"));
  built->insert = TRY(prepare(handle, insert + ")"));
  if (has_text)
    built->insert_text = TRY(prepare(handle, "INSERT INTO rows_text (rowid, body) VALUES (?, ?)"));
  return builder;
}

Status TableBuilder::add(const std::vector<Value>& row) {
  sqlite3_stmt* statement = impl_->insert.get();
  sqlite3_reset(statement);
  int64_t id = impl_->next_id++;
  sqlite3_bind_int64(statement, 1, id);
  impl_->text.clear();
  for (size_t index = 0; index < impl_->info.columns.size(); ++index) {
    const Value& value = index < row.size() ? row[index] : Value();
    bind(statement, static_cast<int>(index) + 2, value);
    if (impl_->insert_text && impl_->info.columns[index].type == ColumnType::kText) {
      if (const auto* text = std::get_if<std::string>(&value)) {
        if (!impl_->text.empty()) impl_->text.push_back('\n');
        impl_->text += *text;
      }
    }
  }
  if (sqlite3_step(statement) != SQLITE_DONE)
    return sqlite_error(impl_->handle.get(), "storing a datastore row");
  if (impl_->insert_text && !impl_->text.empty()) {
    sqlite3_stmt* words = impl_->insert_text.get();
    sqlite3_reset(words);
    sqlite3_bind_int64(words, 1, id);
    sqlite3_bind_text(words, 2, impl_->text.data(), static_cast<int>(impl_->text.size()),
                      SQLITE_STATIC);
    if (sqlite3_step(words) != SQLITE_DONE)
      return sqlite_error(impl_->handle.get(), "indexing a datastore row's text");
  }
  return {};
}

void TableBuilder::keep_words(const std::vector<TableColumn>& old) {
  for (TableColumn& column : impl_->info.columns) {
    for (const TableColumn& before : old) {
      if (before.name != column.name) continue;
      column.title = before.title;
      column.description = before.description;
    }
  }
}

Status TableBuilder::commit(int64_t rows, const std::string& source) {
  sqlite3* handle = impl_->handle.get();
  for (size_t index = 0; index < impl_->info.columns.size(); ++index) {
    if (!impl_->info.columns[index].indexed) continue;
    std::string column = "c" + std::to_string(index);
    TRY(execute(handle, "CREATE INDEX rows_" + column + " ON rows (" + column + ")",
                "indexing a datastore column"));
  }
  impl_->info.rows = rows;
  impl_->info.source = source;
  impl_->info.loaded = clock::now_iso();
  Prepared meta = TRY(prepare(handle, "INSERT INTO meta (key, value) VALUES ('info', ?)"));
  std::string info = bj::serialize(info_json(impl_->info));
  sqlite3_bind_text(meta.get(), 1, info.data(), static_cast<int>(info.size()), SQLITE_STATIC);
  if (sqlite3_step(meta.get()) != SQLITE_DONE)
    return sqlite_error(handle, "recording a datastore table's info");
  meta.reset();
  impl_->insert.reset();
  impl_->insert_text.reset();
  TRY(execute(handle, "COMMIT; PRAGMA optimize;", "finishing a datastore table"));
  impl_->handle.reset();
  std::error_code error;
  fs::rename(impl_->building, impl_->path, error);
  if (error) {
    return make_error(ErrorCode::kInternal,
                      "putting the datastore table in place: " + error.message());
  }
  impl_->committed = true;
  return {};
}

struct TableReader::Impl {
  Handle handle;
  TableInfo info;
};

TableReader::TableReader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
TableReader::TableReader(TableReader&&) noexcept = default;
TableReader& TableReader::operator=(TableReader&&) noexcept = default;
TableReader::~TableReader() = default;

Result<std::optional<TableReader>> TableReader::open(const fs::path& path) {
  std::error_code error;
  if (!fs::exists(path, error)) return std::optional<TableReader>();
  sqlite3* handle = nullptr;
  int opened = sqlite3_open_v2(path.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr);
  auto impl = std::make_unique<Impl>();
  impl->handle.reset(handle);
  if (opened != SQLITE_OK) return sqlite_error(handle, "opening a datastore table");
  sqlite3_busy_timeout(handle, 1000);
  // Each reader starts with an empty page cache: pages come straight from the system's, mapped.
  TRY(execute(handle, "PRAGMA mmap_size=1073741824; PRAGMA cache_size=-16384;",
              "opening a datastore table"));
  Prepared statement = TRY(prepare(handle, "SELECT value FROM meta WHERE key = 'info'"));
  if (sqlite3_step(statement.get()) != SQLITE_ROW)
    return make_error(ErrorCode::kInternal, "a datastore table without its info");
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement.get(), 0));
  impl->info = TRY(info_from(text ? text : ""));
  return std::optional<TableReader>(TableReader(std::move(impl)));
}

const TableInfo& TableReader::info() const { return impl_->info; }

Status TableReader::run(const CompiledQuery& query, const QueryLimits& limits,
                        const std::function<Status(std::vector<Value>& row)>& each) {
  sqlite3* handle = impl_->handle.get();
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(handle, query.sql.c_str(), static_cast<int>(query.sql.size()), &raw,
                         nullptr) != SQLITE_OK) {
    return sqlite_error(handle, "preparing a datastore query");
  }
  Prepared statement(raw);
  for (size_t index = 0; index < query.parameters.size(); ++index)
    bind(raw, static_cast<int>(index) + 1, query.parameters[index]);
  auto deadline = std::chrono::steady_clock::now() + limits.time;
  sqlite3_progress_handler(
      handle, 10000,
      [](void* at) -> int {
        return std::chrono::steady_clock::now() >
                       *static_cast<std::chrono::steady_clock::time_point*>(at)
                   ? 1
                   : 0;
      },
      &deadline);
  struct Unset {
    sqlite3* handle;
    ~Unset() { sqlite3_progress_handler(handle, 0, nullptr, nullptr); }
  } unset{handle};
  int columns = sqlite3_column_count(raw);
  std::vector<Value> row(static_cast<size_t>(columns));
  for (int64_t count = 0; count < limits.max_rows; ++count) {
    int stepped = sqlite3_step(raw);
    if (stepped == SQLITE_DONE) return {};
    if (stepped == SQLITE_INTERRUPT) {
      return make_error(ErrorCode::kUnavailable,
                        "the query took longer than " +
                            std::to_string(limits.time.count() / 1000.0).substr(0, 4) +
                            " s: narrow it with a filter on an indexed column, or ask for fewer "
                            "rows");
    }
    if (stepped != SQLITE_ROW) return sqlite_error(handle, "running a datastore query");
    for (int column = 0; column < columns; ++column) {
      switch (sqlite3_column_type(raw, column)) {
        case SQLITE_INTEGER:
          row[static_cast<size_t>(column)] =
              static_cast<int64_t>(sqlite3_column_int64(raw, column));
          break;
        case SQLITE_FLOAT:
          row[static_cast<size_t>(column)] = sqlite3_column_double(raw, column);
          break;
        case SQLITE_NULL:
          row[static_cast<size_t>(column)] = std::monostate();
          break;
        default: {
          const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(raw, column));
          row[static_cast<size_t>(column)] =
              std::string(text ? text : "", static_cast<size_t>(sqlite3_column_bytes(raw, column)));
        }
      }
    }
    TRY(each(row));
  }
  return {};
}

Status write_info(const fs::path& path, const TableInfo& info) {
  sqlite3* raw = nullptr;
  int opened = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE, nullptr);
  Handle handle(raw);
  if (opened != SQLITE_OK) return sqlite_error(raw, "opening a datastore table");
  sqlite3_busy_timeout(raw, 5000);
  Prepared statement = TRY(prepare(raw, "UPDATE meta SET value = ? WHERE key = 'info'"));
  std::string text = bj::serialize(info_json(info));
  sqlite3_bind_text(statement.get(), 1, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
  if (sqlite3_step(statement.get()) != SQLITE_DONE)
    return sqlite_error(raw, "recording a datastore table's info");
  return {};
}

Result<bool> remove_table(const fs::path& path) {
  std::error_code error;
  bool removed = fs::remove(path, error);
  if (error)
    return make_error(ErrorCode::kInternal, "removing a datastore table: " + error.message());
  return removed;
}

}  // namespace samverka::datastore
