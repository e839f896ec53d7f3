// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace samverka::datastore {

// One record: its cells (nothing for an empty unquoted cell, "" for a quoted empty one) and
// the line it starts on (1-based; a quoted cell may span lines).
struct CsvRow {
  std::vector<std::optional<std::string>> cells;
  int64_t line = 0;
};

// An incremental RFC 4180 reader over UTF-8 text fed in pieces of any size: quotes, doubled
// quotes, delimiters and line breaks (LF, CRLF, CR) inside quoted cells. Lenient where files
// are: a quote inside an unquoted cell is a character, text after a closing quote joins the
// cell, blank lines are passed over. Memory is one row; a row longer than `max_row_bytes` is an
// error naming its line (a 10 GB stream without a line break ends there).
class CsvParser {
 public:
  using OnRow = std::function<Status(CsvRow& row)>;
  CsvParser(char delimiter, size_t max_row_bytes, OnRow on_row);

  // Reads a piece; rows completed by it go to on_row. An error from on_row or the text stops
  // the parser: later calls return it again.
  Status feed(std::string_view text);
  // The end of the text: the last row without a line break, or an error for an open quote.
  Status finish();

 private:
  enum class State { kCellStart, kUnquoted, kQuoted, kQuoteInQuoted };
  Status end_cell();
  Status end_row();

  char delimiter_;
  size_t max_row_bytes_;
  OnRow on_row_;
  State state_ = State::kCellStart;
  CsvRow row_;
  std::string cell_;
  bool cell_quoted_ = false;
  size_t row_bytes_ = 0;
  int64_t line_ = 1;          // the line being read
  int64_t quote_line_ = 0;    // where the open quote started
  bool previous_cr_ = false;  // the last character was a CR: a LF now is the same break
  Status failed_;
};

}  // namespace samverka::datastore
