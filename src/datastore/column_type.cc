// SPDX-License-Identifier: Apache-2.0
#include "datastore/column_type.h"

#include <array>
#include <cctype>
#include <charconv>
#include <cmath>

#include "core/text.h"

namespace samverka::datastore {

namespace {

constexpr std::string_view kNoBreakSpace = "\xC2\xA0";
constexpr std::string_view kNarrowNoBreakSpace = "\xE2\x80\xAF";

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string_view trimmed(std::string_view cell) {
  while (true) {
    if (!cell.empty() && (cell.front() == ' ' || cell.front() == '\t')) {
      cell.remove_prefix(1);
    } else if (cell.starts_with(kNoBreakSpace)) {
      cell.remove_prefix(kNoBreakSpace.size());
    } else if (cell.starts_with(kNarrowNoBreakSpace)) {
      cell.remove_prefix(kNarrowNoBreakSpace.size());
    } else {
      break;
    }
  }
  while (true) {
    if (!cell.empty() && (cell.back() == ' ' || cell.back() == '\t' || cell.back() == '\r')) {
      cell.remove_suffix(1);
    } else if (cell.ends_with(kNoBreakSpace)) {
      cell.remove_suffix(kNoBreakSpace.size());
    } else if (cell.ends_with(kNarrowNoBreakSpace)) {
      cell.remove_suffix(kNarrowNoBreakSpace.size());
    } else {
      break;
    }
  }
  return cell;
}

// The length of a thousands separator at `at` among `allowed` (a space, a no-break space, or
// the one punctuation mark the style groups with), 0 when none is there.
size_t separator_at(std::string_view text, size_t at, char punctuation) {
  if (at >= text.size()) return 0;
  if (text[at] == ' ' || (punctuation != 0 && text[at] == punctuation)) return 1;
  if (text.substr(at).starts_with(kNoBreakSpace)) return kNoBreakSpace.size();
  if (text.substr(at).starts_with(kNarrowNoBreakSpace)) return kNarrowNoBreakSpace.size();
  return 0;
}

// The digits of a whole part written with optional thousands separators ("1 234 567",
// "1.234.567"): a first group of 1-3 digits, then groups of exactly 3. No leading zero unless
// the part is "0". Sets `end` to the first byte after it and `punctuation_groups` to the groups
// separated by the punctuation mark. Nothing when the text does not start so.
std::optional<std::string> whole_part(std::string_view text, size_t& end, char punctuation,
                                      int& punctuation_groups) {
  std::string digits;
  size_t at = 0;
  while (at < text.size() && is_digit(text[at])) digits.push_back(text[at++]);
  if (digits.empty()) return std::nullopt;
  if (digits.size() > 1 && digits[0] == '0') return std::nullopt;  // a code such as 0114
  bool grouped = false;
  while (size_t separator = separator_at(text, at, punctuation)) {
    size_t next = at + separator;
    size_t count = 0;
    while (next + count < text.size() && is_digit(text[next + count])) ++count;
    // Not a group: the part ends before the separator, and the caller decides whether what
    // follows may (it may not, so "1 2" is no number).
    if (count != 3 || (!grouped && (digits.size() > 3 || digits[0] == '0'))) break;
    if (text[at] == punctuation) ++punctuation_groups;
    digits.append(text.substr(next, 3));
    grouped = true;
    at = next + 3;
  }
  end = at;
  return digits;
}

std::optional<int64_t> parse_integer(std::string_view cell) {
  bool negative = false;
  if (!cell.empty() && (cell[0] == '-' || cell[0] == '+')) {
    negative = cell[0] == '-';
    cell.remove_prefix(1);
  }
  size_t end = 0;
  int groups = 0;
  auto digits = whole_part(cell, end, 0, groups);
  if (!digits || end != cell.size()) return std::nullopt;
  std::string text = (negative ? "-" : "") + *digits;
  int64_t value = 0;
  auto [at, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || at != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<double> parse_decimal(std::string_view cell, DecimalMark mark) {
  std::string normal;
  if (!cell.empty() && (cell[0] == '-' || cell[0] == '+')) {
    if (cell[0] == '-') normal.push_back('-');
    cell.remove_prefix(1);
  }
  const char decimal = mark == DecimalMark::kComma ? ',' : '.';
  const char grouping = mark == DecimalMark::kComma ? '.' : ',';
  size_t end = 0;
  int groups = 0;
  auto digits = whole_part(cell, end, grouping, groups);
  if (!digits) return std::nullopt;
  normal += *digits;
  bool has_fraction = false;
  if (end < cell.size() && cell[end] == decimal) {
    size_t at = end + 1;
    size_t count = 0;
    while (at + count < cell.size() && is_digit(cell[at + count])) ++count;
    if (count == 0) return std::nullopt;
    normal += '.';
    normal.append(cell.substr(at, count));
    end = at + count;
    has_fraction = true;
  }
  // One group by the other mark ("1.234" with a comma style) is read only beside a fraction:
  // alone it is as likely a decimal of the other style.
  if (groups == 1 && !has_fraction) return std::nullopt;
  if (mark == DecimalMark::kPoint && end < cell.size() && (cell[end] == 'e' || cell[end] == 'E')) {
    size_t at = end + 1;
    std::string exponent = "e";
    if (at < cell.size() && (cell[at] == '-' || cell[at] == '+')) exponent += cell[at++];
    size_t count = 0;
    while (at + count < cell.size() && is_digit(cell[at + count])) ++count;
    if (count == 0) return std::nullopt;
    exponent.append(cell.substr(at, count));
    normal += exponent;
    end = at + count;
  }
  if (end != cell.size()) return std::nullopt;
  double value = 0;
  auto [at, error] = std::from_chars(normal.data(), normal.data() + normal.size(), value);
  if (error != std::errc() || at != normal.data() + normal.size() || !std::isfinite(value))
    return std::nullopt;
  return value;
}

std::optional<bool> parse_boolean(std::string_view cell) {
  if (cell.size() > 6) return std::nullopt;
  std::string word = text::ascii_lower(cell);
  for (const char* yes : {"true", "ja", "yes", "sant"})
    if (word == yes) return true;
  for (const char* no : {"false", "nej", "no", "falskt"})
    if (word == no) return false;
  return std::nullopt;
}

int number_at(std::string_view text, size_t at, size_t length) {
  int value = 0;
  for (size_t index = at; index < at + length; ++index) {
    if (index >= text.size() || !is_digit(text[index])) return -1;
    value = value * 10 + (text[index] - '0');
  }
  return value;
}

bool is_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  int year = number_at(text, 0, 4);
  int month = number_at(text, 5, 2);
  int day = number_at(text, 8, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1) return false;
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  int last = kDays[month - 1] + (month == 2 && leap ? 1 : 0);
  return day <= last;
}

// YYYY-MM-DD, then T or a space, HH:MM, optional :SS and fraction, optional Z or an offset.
// The normal form uses T.
std::optional<std::string> parse_timestamp(std::string_view text) {
  if (text.size() < 16 || !is_date(text.substr(0, 10)) || (text[10] != 'T' && text[10] != ' '))
    return std::nullopt;
  int hour = number_at(text, 11, 2);
  int minute = number_at(text, 14, 2);
  if (text[13] != ':' || hour < 0 || hour > 23 || minute < 0 || minute > 59) return std::nullopt;
  size_t at = 16;
  if (at < text.size() && text[at] == ':') {
    int second = number_at(text, at + 1, 2);
    if (second < 0 || second > 60) return std::nullopt;
    at += 3;
    if (at < text.size() && (text[at] == '.' || text[at] == ',')) {
      size_t count = 0;
      while (at + 1 + count < text.size() && is_digit(text[at + 1 + count])) ++count;
      if (count == 0 || count > 9) return std::nullopt;
      at += 1 + count;
    }
  }
  if (at < text.size()) {
    std::string_view zone = text.substr(at);
    bool offset = (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':' &&
                   number_at(zone, 1, 2) >= 0 && number_at(zone, 1, 2) <= 14 &&
                   number_at(zone, 4, 2) >= 0 && number_at(zone, 4, 2) <= 59);
    if (zone != "Z" && !offset) return std::nullopt;
  }
  std::string out(text);
  out[10] = 'T';
  if (out.size() > 19 && out[19] == ',') out[19] = '.';
  return out;
}

}  // namespace

const char* type_name(ColumnType type) {
  switch (type) {
    case ColumnType::kInteger:
      return "integer";
    case ColumnType::kDecimal:
      return "decimal";
    case ColumnType::kBoolean:
      return "boolean";
    case ColumnType::kDate:
      return "date";
    case ColumnType::kTimestamp:
      return "timestamp";
    case ColumnType::kText:
      return "text";
  }
  return "text";
}

std::optional<ColumnType> type_from_name(std::string_view name) {
  for (ColumnType type : {ColumnType::kInteger, ColumnType::kDecimal, ColumnType::kBoolean,
                          ColumnType::kDate, ColumnType::kTimestamp, ColumnType::kText}) {
    if (name == type_name(type)) return type;
  }
  return std::nullopt;
}

const char* table_schema_type(ColumnType type) {
  switch (type) {
    case ColumnType::kInteger:
      return "integer";
    case ColumnType::kDecimal:
      return "number";
    case ColumnType::kBoolean:
      return "boolean";
    case ColumnType::kDate:
      return "date";
    case ColumnType::kTimestamp:
      return "datetime";
    case ColumnType::kText:
      return "string";
  }
  return "string";
}

std::optional<Value> parse_value(std::string_view cell, ColumnType type, DecimalMark mark) {
  std::string_view text = trimmed(cell);
  switch (type) {
    case ColumnType::kInteger:
      if (auto value = parse_integer(text)) return Value(*value);
      return std::nullopt;
    case ColumnType::kDecimal:
      if (auto value = parse_decimal(text, mark)) return Value(*value);
      return std::nullopt;
    case ColumnType::kBoolean:
      if (auto value = parse_boolean(text)) return Value(*value);
      return std::nullopt;
    case ColumnType::kDate:
      if (is_date(text)) return Value(std::string(text));
      return std::nullopt;
    case ColumnType::kTimestamp:
      if (is_date(text)) return Value(std::string(text) + "T00:00:00");
      if (auto value = parse_timestamp(text)) return Value(std::move(*value));
      return std::nullopt;
    case ColumnType::kText:
      return Value(std::string(cell));
  }
  return std::nullopt;
}

bool is_missing_marker(std::string_view cell) {
  std::string_view text = trimmed(cell);
  for (std::string_view marker : kMissingMarkers)
    if (text == marker) return true;
  return false;
}

void TypeGuess::see(std::string_view cell) {
  std::string_view text = trimmed(cell);
  if (is_missing_marker(text)) return;
  ++cells_;
  if (integer_ && !parse_integer(text)) integer_ = false;
  if (decimal_comma_ && !parse_decimal(text, DecimalMark::kComma)) decimal_comma_ = false;
  if (decimal_point_ && !parse_decimal(text, DecimalMark::kPoint)) decimal_point_ = false;
  if (boolean_ && !parse_boolean(text)) boolean_ = false;
  bool date = is_date(text);
  if (date_ && !date) date_ = false;
  if (timestamp_ && !date && !parse_timestamp(text)) timestamp_ = false;
}

ColumnType TypeGuess::type() const {
  if (cells_ == 0) return ColumnType::kText;
  if (integer_) return ColumnType::kInteger;
  if (decimal_comma_ || decimal_point_) return ColumnType::kDecimal;
  if (boolean_) return ColumnType::kBoolean;
  if (date_) return ColumnType::kDate;
  if (timestamp_) return ColumnType::kTimestamp;
  return ColumnType::kText;
}

DecimalMark TypeGuess::decimal_mark() const {
  return decimal_comma_ || !decimal_point_ ? DecimalMark::kComma : DecimalMark::kPoint;
}

}  // namespace samverka::datastore
