// SPDX-License-Identifier: Apache-2.0
#include "datastore/csv_parser.h"

#include <string>

namespace samverka::datastore {

namespace {
std::string size_text(size_t bytes) {
  if (bytes >= (1 << 20) && bytes % (1 << 20) == 0) return std::to_string(bytes >> 20) + " MiB";
  return std::to_string(bytes) + " bytes";
}
}  // namespace

CsvParser::CsvParser(char delimiter, size_t max_row_bytes, OnRow on_row)
    : delimiter_(delimiter), max_row_bytes_(max_row_bytes), on_row_(std::move(on_row)) {}

Status CsvParser::end_cell() {
  if (cell_.empty() && !cell_quoted_)
    row_.cells.emplace_back(std::nullopt);
  else
    row_.cells.emplace_back(std::move(cell_));
  cell_.clear();
  cell_quoted_ = false;
  state_ = State::kCellStart;
  return {};
}

Status CsvParser::end_row() {
  TRY(end_cell());
  // A blank line is one empty unquoted cell: nothing to report.
  bool blank = row_.cells.size() == 1 && !row_.cells[0];
  if (!blank) TRY(on_row_(row_));
  row_.cells.clear();
  row_bytes_ = 0;
  return {};
}

Status CsvParser::feed(std::string_view text) {
  if (!failed_.ok()) return failed_;
  auto fail = [this](Error error) -> Status {
    failed_ = std::move(error);
    return failed_;
  };
  for (char c : text) {
    // Lines are counted the same in and out of quotes: LF, CRLF and CR each end one.
    bool second_half = c == '\n' && previous_cr_;
    previous_cr_ = c == '\r';
    bool line_break = c == '\r' || (c == '\n' && !second_half);
    struct NextLine {
      int64_t& line;
      bool counts;
      ~NextLine() {
        if (counts) ++line;
      }
    } next_line{line_, line_break};
    if (second_half && state_ == State::kCellStart && row_.cells.empty()) continue;
    if (state_ == State::kCellStart && row_.cells.empty() && cell_.empty()) row_.line = line_;
    if (++row_bytes_ > max_row_bytes_) {
      return fail(make_error(ErrorCode::kValidation,
                             "line " + std::to_string(row_.line) + ": a row longer than " +
                                 size_text(max_row_bytes_) +
                                 " (is this a CSV file, and is the delimiter right?)"));
    }
    switch (state_) {
      case State::kCellStart:
        if (c == '"') {
          state_ = State::kQuoted;
          cell_quoted_ = true;
          quote_line_ = line_;
          continue;
        }
        state_ = State::kUnquoted;
        [[fallthrough]];
      case State::kUnquoted:
        if (c == delimiter_) {
          TRY(end_cell());
        } else if (c == '\n' || c == '\r') {
          if (Status ended = end_row(); !ended.ok()) return fail(std::move(ended).error());
        } else {
          cell_.push_back(c);
        }
        continue;
      case State::kQuoted:
        if (c == '"')
          state_ = State::kQuoteInQuoted;
        else
          cell_.push_back(c);
        continue;
      case State::kQuoteInQuoted:
        if (c == '"') {
          cell_.push_back('"');
          state_ = State::kQuoted;
        } else if (c == delimiter_) {
          TRY(end_cell());
        } else if (c == '\n' || c == '\r') {
          if (Status ended = end_row(); !ended.ok()) return fail(std::move(ended).error());
        } else {
          cell_.push_back(c);  // "abc"def reads as abcdef
          state_ = State::kUnquoted;
        }
        continue;
    }
  }
  return {};
}

Status CsvParser::finish() {
  if (!failed_.ok()) return failed_;
  if (state_ == State::kQuoted) {
    failed_ = make_error(ErrorCode::kValidation,
                         "line " + std::to_string(quote_line_) +
                             ": a quoted cell starts here and never ends (a missing \")");
    return failed_;
  }
  if (state_ != State::kCellStart || !row_.cells.empty() || !cell_.empty()) {
    if (Status ended = end_row(); !ended.ok()) {
      failed_ = std::move(ended).error();
      return failed_;
    }
  }
  return {};
}

}  // namespace samverka::datastore
