// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace samverka::datastore {

// The type of a datastore column. Text is what every cell can be; the others hold only values
// written as docs/datastore.md describes (Swedish forms included: "1 234,5", "ja").
enum class ColumnType { kInteger, kDecimal, kBoolean, kDate, kTimestamp, kText };

const char* type_name(ColumnType type);  // integer, decimal, boolean, date, timestamp, text
std::optional<ColumnType> type_from_name(std::string_view name);
// The Frictionless Table Schema type: integer, number, boolean, date, datetime, string.
const char* table_schema_type(ColumnType type);

// How a decimal column writes its numbers: 1234,5 (Swedish) or 1234.5.
enum class DecimalMark { kComma, kPoint };

// A typed cell: nothing (an empty cell), a whole number, a number, a truth value, or text
// (dates and timestamps as ISO 8601 text).
using Value = std::variant<std::monostate, int64_t, double, bool, std::string>;

// Reads a cell as a column of `type` holds it; nothing when the cell is not such a value.
// Surrounding spaces are ignored; an empty cell is handled by the caller.
std::optional<Value> parse_value(std::string_view cell, ColumnType type,
                                 DecimalMark mark = DecimalMark::kComma);

// The cells statistics offices write for a value that is missing or cannot be shown (".",
// "..", "-", "NA" ...): nothing in a typed column, and no sign of its type.
bool is_missing_marker(std::string_view cell);
inline constexpr const char* kMissingMarkers[] = {".",  "..",  "...", "-", "\xE2\x80\x93",
                                                  "NA", "N/A", "n/a", ""};

// Watches every cell of a column and says which type holds them all: the narrowest of integer,
// decimal, boolean, date, timestamp, else text. Numbers with leading zeros ("0114", a
// municipality code) keep a column text. Empty cells and missing-value markers say nothing.
class TypeGuess {
 public:
  void see(std::string_view cell);
  ColumnType type() const;
  DecimalMark decimal_mark() const;
  int64_t cells() const { return cells_; }  // non-empty cells seen

 private:
  int64_t cells_ = 0;
  bool integer_ = true;
  bool decimal_comma_ = true;  // every cell reads as a number with a decimal comma
  bool decimal_point_ = true;
  bool boolean_ = true;
  bool date_ = true;
  bool timestamp_ = true;
};

}  // namespace samverka::datastore
