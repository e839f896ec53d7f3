// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "datastore/table_store.h"

namespace samverka::datastore {

// A datastore query as a caller writes it (docs/datastore-query.md): each part in the small
// language, empty when not given.
struct QueryText {
  std::string select;  // columns and aggregates, with "as" names: "kommun, sum(antal) as summa"
  std::string where;   // a condition: "år >= 2020 and län in ('01', '03')"
  std::string order;   // "summa desc, kommun"
  std::string group;   // "kommun"
  std::string having;  // a condition on aggregates: "sum(antal) > 100"
  std::string q;       // words that must all occur in some text column
  int64_t limit = 100;
  int64_t offset = 0;
  std::optional<int64_t> after;  // keyset paging: rows after this _id (default order only)
};

// A column of a query's result.
struct ResultColumn {
  std::string name;
  ColumnType type = ColumnType::kText;
};

struct Compiled {
  CompiledQuery query;
  std::vector<ResultColumn> columns;
  bool keyset = false;  // ordered by _id alone, so `after` pages the result
  CompiledQuery count;  // the same without select, order and paging: how many rows match
};

// Parses every part into a syntax tree and compiles it to SQL over the table's columns, with
// literals as parameters: no text of the caller's reaches the SQL. Unknown columns, unknown
// functions, type errors (a text column compared with a number) and syntax errors come back as
// kBadRequest naming the part and the character position.
Result<Compiled> compile(const TableInfo& table, const QueryText& text);

}  // namespace samverka::datastore
