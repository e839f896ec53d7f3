// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "datastore/column_type.h"

namespace samverka::datastore {

// A column of a datastore table: its name (from the file's header), its type and the data
// dictionary's words on it. Stored as c0, c1 ... so that no name reaches SQL.
struct TableColumn {
  std::string name;
  ColumnType type = ColumnType::kText;
  DecimalMark mark = DecimalMark::kComma;  // how the file wrote its decimals
  std::string title;
  std::string description;
  bool indexed = false;
};

// What a table is: whose, its columns, how many rows, when and from what it was loaded.
struct TableInfo {
  std::string distribution_id;
  std::string dataset_id;
  std::vector<TableColumn> columns;
  int64_t rows = 0;
  std::string loaded;  // ISO time
  std::string source;  // JSON: the file's name, size, encoding, delimiter, header, skipped rows
};

// Each table is an SQLite file of its own in the datastore folder, so a big load never holds the
// catalogue's writer and a table is replaced by renaming a file: a new version is built beside
// the old one and takes its place in one step, or is thrown away.
class TableBuilder {
 public:
  // Starts building the table that will live at `path`.
  static Result<TableBuilder> create(const std::filesystem::path& path, TableInfo info);
  TableBuilder(TableBuilder&&) noexcept;
  TableBuilder& operator=(TableBuilder&&) noexcept;
  // Removes what was built unless commit() succeeded.
  ~TableBuilder();

  // One row, a value per column (monostate for nothing).
  Status add(const std::vector<Value>& row);
  // Takes the titles and descriptions of the same-named columns of `old` (the data dictionary
  // of the table this one replaces).
  void keep_words(const std::vector<TableColumn>& old);
  // Indexes the columns marked indexed and the text for `q`, records the info, and puts the
  // table in place of the old one.
  Status commit(int64_t rows, const std::string& source);

 private:
  struct Impl;
  explicit TableBuilder(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// A compiled query: SQL over the table `rows` (columns c0, c1 ... and _id) with positional
// parameters. Built only by the query compiler, never from a caller's text.
struct CompiledQuery {
  std::string sql;
  std::vector<Value> parameters;
};

struct QueryLimits {
  std::chrono::milliseconds time{5000};
  int64_t max_rows = 32000;
};

// Reads one table. Any number of readers, on any threads, each with its own reader.
class TableReader {
 public:
  // Nothing when no table is there.
  static Result<std::optional<TableReader>> open(const std::filesystem::path& path);
  TableReader(TableReader&&) noexcept;
  TableReader& operator=(TableReader&&) noexcept;
  ~TableReader();

  const TableInfo& info() const;
  // Runs a query; each row's values in the order of its result columns. A query past the time
  // limit stops with kUnavailable; rows past max_rows are not read.
  Status run(const CompiledQuery& query, const QueryLimits& limits,
             const std::function<Status(std::vector<Value>& row)>& each);

 private:
  struct Impl;
  explicit TableReader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Rewrites a table's record (the data dictionary's titles and descriptions) in place.
Status write_info(const std::filesystem::path& path, const TableInfo& info);

// Removes a table (its file); false when there was none.
Result<bool> remove_table(const std::filesystem::path& path);

}  // namespace samverka::datastore
