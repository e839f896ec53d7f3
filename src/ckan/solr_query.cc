// SPDX-License-Identifier: Apache-2.0
#include "ckan/solr_query.h"

#include <chrono>
#include <cstdio>
#include <optional>

namespace samverka::ckan {

namespace {

using namespace std::chrono;

Error bad(const std::string& message) { return make_error(ErrorCode::kValidation, message); }

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Splits a date-time into its civil parts; the offset is applied by the caller.
struct Civil {
  int year = 0;
  unsigned month = 1, day = 1, hour = 0, minute = 0, second = 0, milli = 0;
  int offset_minutes = 0;
};

// Reads exactly `count` digits at `at`.
std::optional<unsigned> digits(std::string_view text, size_t& at, size_t count) {
  if (at + count > text.size()) return std::nullopt;
  unsigned value = 0;
  for (size_t index = 0; index < count; ++index) {
    char c = text[at + index];
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<unsigned>(c - '0');
  }
  at += count;
  return value;
}

// YYYY-MM-DD, optionally THH:MM[:SS[.fraction]] and Z or ±HH:MM; `at` moves past it.
std::optional<Civil> read_civil(std::string_view text, size_t& at) {
  Civil civil;
  auto year = digits(text, at, 4);
  if (!year || at >= text.size() || text[at] != '-') return std::nullopt;
  ++at;
  auto month = digits(text, at, 2);
  if (!month || at >= text.size() || text[at] != '-') return std::nullopt;
  ++at;
  auto day = digits(text, at, 2);
  if (!day) return std::nullopt;
  civil.year = static_cast<int>(*year);
  civil.month = *month;
  civil.day = *day;
  if (at < text.size() && (text[at] == 'T' || text[at] == 't')) {
    ++at;
    auto hour = digits(text, at, 2);
    if (!hour || at >= text.size() || text[at] != ':') return std::nullopt;
    ++at;
    auto minute = digits(text, at, 2);
    if (!minute) return std::nullopt;
    civil.hour = *hour;
    civil.minute = *minute;
    if (at < text.size() && text[at] == ':') {
      ++at;
      auto second = digits(text, at, 2);
      if (!second) return std::nullopt;
      civil.second = *second;
      if (at < text.size() && (text[at] == '.' || text[at] == ',')) {
        ++at;
        unsigned scale = 100;
        size_t start = at;
        while (at < text.size() && text[at] >= '0' && text[at] <= '9') {
          civil.milli += static_cast<unsigned>(text[at] - '0') * scale;
          scale /= 10;
          ++at;
        }
        if (at == start) return std::nullopt;
      }
    }
    if (at < text.size() && (text[at] == 'Z' || text[at] == 'z')) {
      ++at;
    } else if (at < text.size() && (text[at] == '+' || text[at] == '-') && at + 6 <= text.size() &&
               text[at + 3] == ':') {
      int sign = text[at] == '-' ? -1 : 1;
      size_t cursor = at + 1;
      auto hours = digits(text, cursor, 2);
      ++cursor;
      auto minutes = digits(text, cursor, 2);
      if (hours && minutes && *hours < 24 && *minutes < 60) {
        civil.offset_minutes = sign * static_cast<int>(*hours * 60 + *minutes);
        at = cursor;
      }
    }
  }
  return civil;
}

std::optional<int64_t> civil_ms(const Civil& civil) {
  year_month_day date{year{civil.year}, month{civil.month}, day{civil.day}};
  if (!date.ok() || civil.hour > 23 || civil.minute > 59 || civil.second > 60) return std::nullopt;
  int64_t days = sys_days(date).time_since_epoch().count();
  int64_t seconds = days * 86400 + civil.hour * 3600 + civil.minute * 60 + civil.second -
                    static_cast<int64_t>(civil.offset_minutes) * 60;
  return seconds * 1000 + civil.milli;
}

int64_t floor_div(int64_t value, int64_t divisor) {
  int64_t quotient = value / divisor;
  return (value % divisor != 0 && (value < 0) != (divisor < 0)) ? quotient - 1 : quotient;
}

enum class Unit { kYear, kMonth, kDay, kHour, kMinute, kSecond, kMilli };

std::optional<Unit> unit_of(std::string_view name) {
  static const std::pair<std::string_view, Unit> kUnits[] = {
      {"YEARS", Unit::kYear},         {"YEAR", Unit::kYear},        {"MONTHS", Unit::kMonth},
      {"MONTH", Unit::kMonth},        {"DAYS", Unit::kDay},         {"DAY", Unit::kDay},
      {"DATE", Unit::kDay},           {"HOURS", Unit::kHour},       {"HOUR", Unit::kHour},
      {"MINUTES", Unit::kMinute},     {"MINUTE", Unit::kMinute},    {"SECONDS", Unit::kSecond},
      {"SECOND", Unit::kSecond},      {"MILLIS", Unit::kMilli},     {"MILLI", Unit::kMilli},
      {"MILLISECONDS", Unit::kMilli}, {"MILLISECOND", Unit::kMilli}};
  for (const auto& [known, unit] : kUnits) {
    if (name == known) return unit;
  }
  return std::nullopt;
}

// Adds `amount` units (calendar arithmetic for months and years, clamping the day).
int64_t add_units(int64_t ms, Unit unit, int64_t amount) {
  switch (unit) {
    case Unit::kYear:
    case Unit::kMonth: {
      sys_days day_point{days{floor_div(ms, 86400000)}};
      int64_t within = ms - day_point.time_since_epoch().count() * 86400000;
      year_month_day date{day_point};
      months shift{unit == Unit::kYear ? amount * 12 : amount};
      year_month_day moved = date + shift;
      if (!moved.ok()) moved = moved.year() / moved.month() / last;
      return sys_days(moved).time_since_epoch().count() * 86400000 + within;
    }
    case Unit::kDay:
      return ms + amount * 86400000;
    case Unit::kHour:
      return ms + amount * 3600000;
    case Unit::kMinute:
      return ms + amount * 60000;
    case Unit::kSecond:
      return ms + amount * 1000;
    case Unit::kMilli:
      return ms + amount;
  }
  return ms;
}

int64_t round_down(int64_t ms, Unit unit) {
  switch (unit) {
    case Unit::kYear:
    case Unit::kMonth: {
      sys_days day_point{days{floor_div(ms, 86400000)}};
      year_month_day date{day_point};
      year_month_day first =
          unit == Unit::kYear ? date.year() / January / 1 : date.year() / date.month() / 1;
      return sys_days(first).time_since_epoch().count() * 86400000;
    }
    case Unit::kDay:
      return floor_div(ms, 86400000) * 86400000;
    case Unit::kHour:
      return floor_div(ms, 3600000) * 3600000;
    case Unit::kMinute:
      return floor_div(ms, 60000) * 60000;
    case Unit::kSecond:
      return floor_div(ms, 1000) * 1000;
    case Unit::kMilli:
      return ms;
  }
  return ms;
}

// The parser proper: recursive descent over the text, counting clauses and depth.
class Parser {
 public:
  Parser(std::string_view text, int64_t now_ms) : text_(text), now_ms_(now_ms) {}

  Result<SolrNode> parse() {
    SolrNode node = TRY(sequence(""));
    skip_space();
    if (at_ < text_.size()) return bad("unexpected ')' at position " + std::to_string(at_ + 1));
    return node;
  }

 private:
  void skip_space() {
    while (at_ < text_.size() && is_space(text_[at_])) ++at_;
  }
  bool at_end() const { return at_ >= text_.size(); }

  // The operator word at the cursor (AND, OR, NOT, &&, ||), when followed by a separator.
  bool keyword(std::string_view word) {
    if (text_.substr(at_, word.size()) != word) return false;
    size_t after = at_ + word.size();
    if (after < text_.size() && !is_space(text_[after]) && text_[after] != '(') return false;
    at_ = after;
    return true;
  }

  // Juxtaposed clauses, ANDed, until ')' or the end.
  Result<SolrNode> sequence(const std::string& field) {
    if (++depth_ > kMaxSolrDepth) {
      return bad("the query nests deeper than " + std::to_string(kMaxSolrDepth) + " levels");
    }
    std::vector<SolrNode> clauses;
    while (true) {
      skip_space();
      if (at_end() || text_[at_] == ')') break;
      clauses.push_back(TRY(disjunction(field)));
    }
    --depth_;
    if (clauses.empty()) return bad("an empty query or group");
    return combine(SolrNode::Kind::kAnd, std::move(clauses));
  }

  static SolrNode combine(SolrNode::Kind kind, std::vector<SolrNode> children) {
    if (children.size() == 1) return std::move(children.front());
    SolrNode node;
    node.kind = kind;
    node.children = std::move(children);
    return node;
  }

  Result<SolrNode> disjunction(const std::string& field) {
    std::vector<SolrNode> alternatives;
    alternatives.push_back(TRY(conjunction(field)));
    while (true) {
      skip_space();
      if (!keyword("OR") && !keyword("||")) break;
      skip_space();
      if (at_end() || text_[at_] == ')') return bad("OR needs something after it");
      alternatives.push_back(TRY(conjunction(field)));
    }
    return combine(SolrNode::Kind::kOr, std::move(alternatives));
  }

  Result<SolrNode> conjunction(const std::string& field) {
    std::vector<SolrNode> terms;
    terms.push_back(TRY(unary(field)));
    while (true) {
      skip_space();
      if (!keyword("AND") && !keyword("&&")) break;
      skip_space();
      if (at_end() || text_[at_] == ')') return bad("AND needs something after it");
      terms.push_back(TRY(unary(field)));
    }
    return combine(SolrNode::Kind::kAnd, std::move(terms));
  }

  // NOT, -, ! and + before a term; a run of them is read in a loop (an even number of
  // negations cancels out), so that a long run cannot nest the tree or the stack.
  Result<SolrNode> unary(const std::string& field) {
    bool negate = false;
    while (true) {
      skip_space();
      if (at_end()) return bad("the query ends where a term was expected");
      bool sign = false;
      if (keyword("NOT")) {
        negate = !negate;
        sign = true;
      } else if (text_[at_] == '-' || text_[at_] == '!') {
        negate = !negate;
        sign = true;
        ++at_;
      } else if (text_[at_] == '+') {
        sign = true;
        ++at_;
      }
      if (!sign) break;
      skip_space();
      if (at_end() || text_[at_] == ')') return bad("a + or - needs a term after it");
    }
    SolrNode inner = TRY(primary(field));
    if (!negate) return inner;
    SolrNode node;
    node.kind = SolrNode::Kind::kNot;
    node.children.push_back(std::move(inner));
    return node;
  }

  Result<SolrNode> primary(const std::string& field) {
    skip_space();
    if (text_[at_] == '(') {
      ++at_;
      SolrNode inner = TRY(sequence(field));
      skip_space();
      if (at_end() || text_[at_] != ')') return bad("unbalanced ( in the query");
      ++at_;
      return inner;
    }
    if (text_[at_] == ')') return bad("unexpected ')' at position " + std::to_string(at_ + 1));
    // field:... or a bare value
    size_t start = at_;
    std::string name;
    bool has_field = false;
    if (field.empty() && text_[at_] != '"' && text_[at_] != '[' && text_[at_] != '{') {
      size_t cursor = at_;
      std::string read;
      while (cursor < text_.size() && !is_space(text_[cursor]) && text_[cursor] != '(' &&
             text_[cursor] != ')' && text_[cursor] != ':') {
        if (text_[cursor] == '\\' && cursor + 1 < text_.size()) ++cursor;
        read.push_back(text_[cursor++]);
      }
      if (cursor < text_.size() && text_[cursor] == ':' && !read.empty()) {
        name = std::move(read);
        has_field = true;
        at_ = cursor + 1;
      }
    }
    if (has_field) {
      if (name == "*") {
        if (text_.substr(at_, 1) == "*" &&
            (at_ + 1 >= text_.size() || is_space(text_[at_ + 1]) || text_[at_ + 1] == ')')) {
          ++at_;
          return count(SolrNode{});
        }
        return bad("*: must be followed by *");
      }
      if (at_ < text_.size() && text_[at_] == '(') {
        ++at_;
        SolrNode inner = TRY(sequence(name));
        skip_space();
        if (at_end() || text_[at_] != ')') return bad("unbalanced ( after " + name + ":");
        ++at_;
        return inner;
      }
      if (at_end() || is_space(text_[at_]) || text_[at_] == ')')
        return bad("field '" + name + "' has no value");
      return value(name);
    }
    at_ = start;
    return value(field);
  }

  Result<SolrNode> count(SolrNode node) {
    if (++clauses_ > kMaxSolrClauses) {
      return bad("the query has more than " + std::to_string(kMaxSolrClauses) + " terms");
    }
    return node;
  }

  // A value for `field` (empty: free text): "phrase", [range], prefix*, *, or a word.
  Result<SolrNode> value(const std::string& field) {
    SolrNode node;
    node.kind = SolrNode::Kind::kMatch;
    node.field = field;
    char first = text_[at_];
    if (first == '"') {
      size_t close = at_ + 1;
      std::string read;
      while (close < text_.size() && text_[close] != '"') {
        if (text_[close] == '\\' && close + 1 < text_.size()) ++close;
        read.push_back(text_[close++]);
      }
      if (close >= text_.size()) return bad("unbalanced quote in the query");
      at_ = close + 1;
      skip_boost();
      node.match = SolrNode::Match::kPhrase;
      node.value = std::move(read);
      return count(std::move(node));
    }
    if (first == '[' || first == '{') return range(std::move(node));
    std::string read;
    bool wildcard_end = false;
    while (at_ < text_.size() && !is_space(text_[at_]) && text_[at_] != '(' && text_[at_] != ')') {
      char c = text_[at_];
      if (c == '\\' && at_ + 1 < text_.size()) {
        read.push_back(text_[at_ + 1]);
        at_ += 2;
        continue;
      }
      if (c == '^' || c == '~') {  // a boost or fuzziness: irrelevant here
        skip_boost();
        break;
      }
      if (c == '*' && (at_ + 1 >= text_.size() || is_space(text_[at_ + 1]) ||
                       text_[at_ + 1] == ')' || text_[at_ + 1] == '^')) {
        wildcard_end = true;
        ++at_;
        continue;
      }
      if (c == '*' || c == '?') {
        return bad("wildcards are supported only at the end of a term, got '" + read + c + "'");
      }
      read.push_back(c);
      ++at_;
    }
    if (wildcard_end) {
      node.match = read.empty() ? SolrNode::Match::kAny : SolrNode::Match::kPrefix;
      if (read.empty() && field.empty()) return count(SolrNode{});  // a bare *: everything
    } else {
      if (read.empty()) return bad("an empty term at position " + std::to_string(at_ + 1));
      node.match = SolrNode::Match::kWord;
    }
    node.value = std::move(read);
    return count(std::move(node));
  }

  void skip_boost() {
    if (at_ < text_.size() && (text_[at_] == '^' || text_[at_] == '~')) {
      ++at_;
      while (at_ < text_.size() && ((text_[at_] >= '0' && text_[at_] <= '9') || text_[at_] == '.'))
        ++at_;
    }
  }

  // [FROM TO UNTIL] with [ ] inclusive and { } exclusive ends.
  Result<SolrNode> range(SolrNode node) {
    std::string field = node.field.empty() ? std::string("the query") : node.field;
    node.from_inclusive = text_[at_] == '[';
    size_t close = text_.find_first_of("]}", at_ + 1);
    if (close == std::string_view::npos) return bad("unbalanced [ in a range of " + field);
    node.to_inclusive = text_[close] == ']';
    std::string_view inside = text_.substr(at_ + 1, close - at_ - 1);
    at_ = close + 1;
    size_t to = inside.find(" TO ");
    if (to == std::string_view::npos) {
      return bad("a range of " + field + " must be [FROM TO UNTIL], got '" + std::string(inside) +
                 "'");
    }
    auto end = [&](std::string_view text) -> Result<std::string> {
      while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
      while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
      if (text.size() >= 2 && text.front() == '"' && text.back() == '"')
        text = text.substr(1, text.size() - 2);
      if (text == "*") return std::string();
      auto ms = solr_date_ms(text, now_ms_);
      if (!ms.ok()) {
        return bad("a range end of " + field + " must be *, a date, a date-time or date math " +
                   "such as NOW-1DAY, got '" + std::string(text) + "'");
      }
      return iso_ms(ms.value());
    };
    node.match = SolrNode::Match::kRange;
    node.from = TRY(end(inside.substr(0, to)));
    node.to = TRY(end(inside.substr(to + 4)));
    return count(std::move(node));
  }

  std::string_view text_;
  int64_t now_ms_;
  size_t at_ = 0;
  size_t depth_ = 0;
  size_t clauses_ = 0;
};

}  // namespace

std::string iso_ms(int64_t ms) {
  int64_t day_number = floor_div(ms, 86400000);
  int64_t within = ms - day_number * 86400000;
  year_month_day date{sys_days{days{day_number}}};
  char out[32];
  std::snprintf(out, sizeof out, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ",
                static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                static_cast<unsigned>(date.day()), static_cast<int>(within / 3600000),
                static_cast<int>(within / 60000 % 60), static_cast<int>(within / 1000 % 60),
                static_cast<int>(within % 1000));
  return out;
}

Result<int64_t> solr_date_ms(std::string_view text, int64_t now_ms) {
  size_t at = 0;
  int64_t ms = 0;
  if (text.substr(0, 3) == "NOW") {
    ms = now_ms;
    at = 3;
  } else {
    auto civil = read_civil(text, at);
    if (!civil) return bad("not a date");
    auto value = civil_ms(*civil);
    if (!value) return bad("not a date");
    ms = *value;
  }
  while (at < text.size()) {
    char op = text[at++];
    int64_t amount = 0;
    if (op == '+' || op == '-') {
      size_t start = at;
      while (at < text.size() && text[at] >= '0' && text[at] <= '9' && at - start < 9) {
        amount = amount * 10 + (text[at] - '0');
        ++at;
      }
      if (at == start) return bad("date math needs a number after " + std::string(1, op));
    } else if (op != '/') {
      return bad("unexpected '" + std::string(1, op) + "' in a date");
    }
    size_t start = at;
    while (at < text.size() && text[at] >= 'A' && text[at] <= 'Z') ++at;
    auto unit = unit_of(text.substr(start, at - start));
    if (!unit)
      return bad("unknown date unit '" + std::string(text.substr(start, at - start)) + "'");
    if (op == '/')
      ms = round_down(ms, *unit);
    else
      ms = add_units(ms, *unit, op == '-' ? -amount : amount);
  }
  // Years 0000-9999 only: the stored form has four digits.
  if (ms < -62167219200000 || ms > 253402300799999) return bad("the date is out of range");
  return ms;
}

Result<SolrNode> parse_solr(std::string_view text, int64_t now_ms) {
  if (text.size() > kMaxSolrLength) {
    return bad("the query is longer than " + std::to_string(kMaxSolrLength) + " bytes");
  }
  return Parser(text, now_ms).parse();
}

}  // namespace samverka::ckan
