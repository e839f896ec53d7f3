// SPDX-License-Identifier: Apache-2.0
#include "datastore/query.h"

#include <charconv>
#include <cmath>
#include <optional>

#include "core/text.h"

namespace samverka::datastore {

namespace {

enum class TokenKind { kName, kQuotedName, kString, kNumber, kSymbol, kEnd };

struct Token {
  TokenKind kind = TokenKind::kEnd;
  std::string text;     // the name, the string's value, the number or the symbol
  size_t position = 0;  // 1-based character position in the part
};

bool name_byte(char c) {
  auto byte = static_cast<unsigned char>(c);
  return std::isalnum(byte) || c == '_' || byte >= 0x80;
}

std::string lower(std::string_view text) { return text::ascii_lower(text); }

// The 1-based position of the character at byte `at`, as people count (å is one).
size_t character_position(std::string_view text, size_t at) {
  size_t position = 1;
  for (size_t index = 0; index < at && index < text.size(); ++index)
    if ((static_cast<unsigned char>(text[index]) & 0xC0) != 0x80) ++position;
  return position;
}

// A syntax error: the part, the position and what was wrong.
struct Failure {
  std::string part;
  Error operator()(size_t position, const std::string& message) const {
    return make_error(ErrorCode::kBadRequest,
                      part + ", position " + std::to_string(position) + ": " + message,
                      {{part, message}});
  }
};

Result<std::vector<Token>> tokens_of(std::string_view text, const Failure& fail) {
  std::vector<Token> out;
  size_t at = 0;
  while (at < text.size()) {
    char c = text[at];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++at;
      continue;
    }
    Token token;
    token.position = character_position(text, at);
    if (c == '\'') {  // a string, '' for a quote
      token.kind = TokenKind::kString;
      ++at;
      while (true) {
        if (at >= text.size())
          return fail(token.position, "a string that never ends (a missing ')");
        if (text[at] == '\'') {
          if (at + 1 < text.size() && text[at + 1] == '\'') {
            token.text.push_back('\'');
            at += 2;
            continue;
          }
          ++at;
          break;
        }
        token.text.push_back(text[at++]);
      }
    } else if (c == '`') {  // a column name with spaces or signs in it
      token.kind = TokenKind::kQuotedName;
      size_t close = text.find('`', at + 1);
      if (close == std::string_view::npos)
        return fail(token.position, "a `name` that never ends (a missing `)");
      token.text = std::string(text.substr(at + 1, close - at - 1));
      at = close + 1;
    } else if (std::isdigit(static_cast<unsigned char>(c)) ||
               (c == '.' && at + 1 < text.size() &&
                std::isdigit(static_cast<unsigned char>(text[at + 1])))) {
      token.kind = TokenKind::kNumber;
      while (at < text.size() && (std::isdigit(static_cast<unsigned char>(text[at])) ||
                                  text[at] == '.' || text[at] == 'e' || text[at] == 'E' ||
                                  ((text[at] == '-' || text[at] == '+') &&
                                   (text[at - 1] == 'e' || text[at - 1] == 'E')))) {
        token.text.push_back(text[at++]);
      }
    } else if (name_byte(c)) {
      token.kind = TokenKind::kName;
      while (at < text.size() && name_byte(text[at])) token.text.push_back(text[at++]);
    } else {
      token.kind = TokenKind::kSymbol;
      std::string_view two = text.substr(at, 2);
      if (two == "<=" || two == ">=" || two == "!=" || two == "<>") {
        token.text = std::string(two);
        at += 2;
      } else if (std::string_view("()=<>,*-").find(c) != std::string_view::npos) {
        token.text = std::string(1, c);
        ++at;
      } else {
        return fail(token.position, "unexpected '" + text::valid_utf8(std::string(1, c)) + "'");
      }
    }
    out.push_back(std::move(token));
  }
  Token end;
  end.position = character_position(text, text.size());
  out.push_back(end);
  return out;
}

enum class Literal { kNone, kString, kNumber, kBoolean, kNull };

// A compiled piece of an expression.
struct Expr {
  std::string sql;
  std::vector<Value> parameters;
  ColumnType type = ColumnType::kText;
  bool condition = false;  // true/false valued: a comparison, AND, OR ...
  bool aggregate = false;  // holds an aggregate
  Literal literal = Literal::kNone;
  std::string literal_text;  // a string's value or a number as written
  double literal_number = 0;
  size_t position = 0;
  std::string name;  // what a result column of it is called
};

// "a text column", "an integer column".
std::string a_column(ColumnType type) {
  return std::string(type == ColumnType::kInteger ? "an " : "a ") + type_name(type) + " column";
}

bool numeric(ColumnType type) {
  return type == ColumnType::kInteger || type == ColumnType::kDecimal;
}

class Parser {
 public:
  Parser(const TableInfo& table, std::vector<Token> tokens, Failure fail,
         const std::vector<std::pair<std::string, Expr>>* aliases = nullptr)
      : table_(table), tokens_(std::move(tokens)), fail_(std::move(fail)), aliases_(aliases) {}

  bool at_end() const { return peek().kind == TokenKind::kEnd; }
  const Token& peek() const { return tokens_[index_]; }
  const Token& next() { return tokens_[index_ < tokens_.size() - 1 ? index_++ : index_]; }
  bool keyword(const char* word) const {
    return peek().kind == TokenKind::kName && lower(peek().text) == word;
  }
  bool symbol(const char* text) const {
    return peek().kind == TokenKind::kSymbol && peek().text == text;
  }
  Status expect_symbol(const char* text) {
    if (!symbol(text))
      return fail_(peek().position, std::string("expected '") + text + "'" + seen());
    next();
    return {};
  }
  std::string seen() const {
    if (peek().kind == TokenKind::kEnd) return " at the end";
    return ", not '" + text::truncated(text::valid_utf8(peek().text), 40) + "'";
  }
  Error fail(size_t position, const std::string& message) const { return fail_(position, message); }

  Result<Expr> condition() {
    Expr left = TRY(conjunction());
    while (keyword("or")) {
      size_t position = next().position;
      Expr right = TRY(conjunction());
      TRY(must_be_condition(left));
      TRY(must_be_condition(right));
      left = join(std::move(left), " OR ", std::move(right), position);
    }
    return left;
  }

  Result<Expr> value() {
    const Token& token = peek();
    Expr out;
    out.position = token.position;
    if (token.kind == TokenKind::kString) {
      out.literal = Literal::kString;
      out.literal_text = next().text;
      return out;
    }
    if (token.kind == TokenKind::kNumber || symbol("-")) {
      std::string number;
      if (symbol("-")) {
        next();
        number = "-";
        if (peek().kind != TokenKind::kNumber)
          return fail_(peek().position, "expected a number after '-'" + seen());
      }
      number += next().text;
      double parsed = 0;
      auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), parsed);
      if (error != std::errc() || end != number.data() + number.size() || !std::isfinite(parsed))
        return fail_(out.position, "'" + number + "' is not a number");
      out.literal = Literal::kNumber;
      out.literal_text = number;
      out.literal_number = parsed;
      return out;
    }
    if (token.kind == TokenKind::kQuotedName) return column(next());
    if (token.kind == TokenKind::kName) {
      std::string word = lower(token.text);
      if (word == "true" || word == "false") {
        next();
        out.literal = Literal::kBoolean;
        out.literal_text = word;
        return out;
      }
      if (word == "null") {
        next();
        out.literal = Literal::kNull;
        return out;
      }
      if (tokens_[index_ + 1].kind == TokenKind::kSymbol && tokens_[index_ + 1].text == "(")
        return function();
      return column(next());
    }
    if (symbol("(")) {
      if (++depth_ > kMaxDepth)
        return fail_(token.position,
                     "parentheses nested more than " + std::to_string(kMaxDepth) + " deep");
      next();
      Expr inner = TRY(condition());
      --depth_;
      TRY(expect_symbol(")"));
      inner.sql = "(" + inner.sql + ")";
      return inner;
    }
    return fail_(token.position, "expected a column, a value or a function" + seen());
  }

  // A literal made a value of `type` to stand beside a column of it, as a parameter.
  Result<Expr> coerce(Expr literal, ColumnType type, const std::string& column) {
    auto mismatch = [&](const std::string& hint) -> Error {
      return fail_(literal.position, "'" + text::truncated(literal.literal_text, 40) +
                                         "' does not fit " + column + ", " + a_column(type) + hint);
    };
    Expr out;
    out.position = literal.position;
    out.type = type;
    out.sql = "?";
    switch (literal.literal) {
      case Literal::kNull:
        return fail_(literal.position, "compare with null by 'is null' or 'is not null'");
      case Literal::kNumber:
        if (numeric(type)) {
          int64_t whole = 0;
          const std::string& text = literal.literal_text;
          auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), whole);
          if (error == std::errc() && end == text.data() + text.size())
            out.parameters.emplace_back(whole);
          else
            out.parameters.emplace_back(literal.literal_number);
          return out;
        }
        if (type == ColumnType::kText)
          return mismatch(": write the value in quotes, '" + literal.literal_text + "'");
        return mismatch("");
      case Literal::kBoolean:
        if (type == ColumnType::kBoolean) {
          out.parameters.emplace_back(literal.literal_text == "true");
          return out;
        }
        return mismatch("");
      case Literal::kString:
        if (type == ColumnType::kText) {
          out.parameters.emplace_back(literal.literal_text);
          return out;
        }
        if (type == ColumnType::kDate || type == ColumnType::kTimestamp) {
          auto parsed = parse_value(literal.literal_text, type);
          if (!parsed)
            return mismatch(type == ColumnType::kDate ? ": write a date as 'YYYY-MM-DD'"
                                                      : ": write a time as 'YYYY-MM-DDThh:mm:ss'");
          out.parameters.push_back(std::move(*parsed));
          return out;
        }
        if (numeric(type)) return mismatch(": write a number without quotes");
        return mismatch(": write true or false");
      case Literal::kNone:
        break;
    }
    return literal;
  }

  size_t index() const { return index_; }

 private:
  Status must_be_condition(const Expr& expr) {
    if (expr.condition || (expr.literal == Literal::kNone && expr.type == ColumnType::kBoolean))
      return {};
    return fail_(expr.position, "expected a condition (a comparison, 'in', 'like', 'is null' ...)");
  }

  static Expr join(Expr left, const char* op, Expr right, size_t position) {
    Expr out;
    out.sql = left.sql + op + right.sql;
    out.parameters = std::move(left.parameters);
    for (Value& value : right.parameters) out.parameters.push_back(std::move(value));
    out.condition = true;
    out.type = ColumnType::kBoolean;
    out.aggregate = left.aggregate || right.aggregate;
    out.position = position;
    return out;
  }

  Result<Expr> conjunction() {
    Expr left = TRY(negation());
    while (keyword("and")) {
      size_t position = next().position;
      Expr right = TRY(negation());
      TRY(must_be_condition(left));
      TRY(must_be_condition(right));
      left = join(std::move(left), " AND ", std::move(right), position);
    }
    return left;
  }

  Result<Expr> negation() {
    if (keyword("not")) {
      size_t position = next().position;
      if (++depth_ > kMaxDepth)
        return fail_(position, "'not' nested more than " + std::to_string(kMaxDepth) + " deep");
      Expr inner = TRY(negation());
      --depth_;
      TRY(must_be_condition(inner));
      inner.sql = "NOT (" + inner.sql + ")";
      inner.position = position;
      inner.condition = true;
      return inner;
    }
    return predicate();
  }

  // Two values side by side in a comparison: the literal takes the column's type.
  Result<std::pair<Expr, Expr>> typed_pair(Expr left, Expr right) {
    bool left_literal = left.literal != Literal::kNone;
    bool right_literal = right.literal != Literal::kNone;
    if (left_literal && right_literal)
      return fail_(left.position, "compare a column with a value, not two values");
    if (left_literal) {
      auto swapped = TRY(typed_pair(std::move(right), std::move(left)));
      return std::pair{std::move(swapped.second), std::move(swapped.first)};
    }
    if (right_literal) {
      Expr typed = TRY(coerce(std::move(right), left.type, left.name));
      return std::pair{std::move(left), std::move(typed)};
    }
    bool compatible = left.type == right.type || (numeric(left.type) && numeric(right.type)) ||
                      (left.type == ColumnType::kDate && right.type == ColumnType::kTimestamp) ||
                      (left.type == ColumnType::kTimestamp && right.type == ColumnType::kDate);
    if (!compatible) {
      return fail_(right.position, left.name + " (" + type_name(left.type) + ") and " + right.name +
                                       " (" + type_name(right.type) + ") cannot be compared");
    }
    return std::pair{std::move(left), std::move(right)};
  }

  Result<Expr> predicate() {
    Expr left = TRY(value());
    if (left.condition) return left;
    size_t position = peek().position;
    static const char* const kComparisons[] = {"=", "!=", "<>", "<", "<=", ">", ">="};
    for (const char* op : kComparisons) {
      if (!symbol(op)) continue;
      next();
      Expr right = TRY(value());
      if (left.literal == Literal::kNull || right.literal == Literal::kNull)
        return fail_(position, "compare with null by 'is null' or 'is not null'");
      auto [a, b] = TRY(typed_pair(std::move(left), std::move(right)));
      std::string sql_op = std::string(op) == "!=" ? "<>" : op;
      return join(std::move(a), (" " + sql_op + " ").c_str(), std::move(b), position);
    }
    bool negated = false;
    if (keyword("not")) {
      negated = true;
      next();
      if (!keyword("in") && !keyword("between") && !keyword("like"))
        return fail_(peek().position, "expected 'in', 'between' or 'like' after 'not'" + seen());
    }
    if (left.literal != Literal::kNone &&
        (keyword("in") || keyword("between") || keyword("like") || keyword("is")))
      return fail_(left.position, "a condition starts with a column, not a value");
    if (keyword("in")) {
      next();
      TRY(expect_symbol("("));
      Expr out = left;
      out.sql = left.sql + (negated ? " NOT IN (" : " IN (");
      size_t count = 0;
      while (true) {
        Expr item = TRY(value());
        if (item.literal == Literal::kNone)
          return fail_(item.position, "'in' takes a list of values");
        if (++count > 1000) return fail_(item.position, "at most 1000 values in one 'in'");
        Expr typed = TRY(coerce(std::move(item), left.type, left.name));
        out.sql += (count > 1 ? ", " : "") + typed.sql;
        for (Value& parameter : typed.parameters) out.parameters.push_back(std::move(parameter));
        if (symbol(",")) {
          next();
          continue;
        }
        TRY(expect_symbol(")"));
        break;
      }
      out.sql += ")";
      out.condition = true;
      out.position = position;
      return out;
    }
    if (keyword("between")) {
      next();
      Expr low = TRY(value());
      if (!keyword("and")) return fail_(peek().position, "expected 'and' in 'between'" + seen());
      next();
      Expr high = TRY(value());
      auto [a, low_typed] = TRY(typed_pair(left, std::move(low)));
      auto [b, high_typed] = TRY(typed_pair(left, std::move(high)));
      Expr out = std::move(a);
      out.sql += std::string(negated ? " NOT" : "") + " BETWEEN " + low_typed.sql + " AND " +
                 high_typed.sql;
      for (Value& parameter : low_typed.parameters) out.parameters.push_back(std::move(parameter));
      for (Value& parameter : high_typed.parameters) out.parameters.push_back(std::move(parameter));
      out.condition = true;
      out.position = position;
      return out;
    }
    if (keyword("like")) {
      next();
      Expr pattern = TRY(value());
      if (left.type != ColumnType::kText)
        return fail_(position,
                     "'like' compares text, and " + left.name + " is " + a_column(left.type));
      if (pattern.literal != Literal::kString)
        return fail_(pattern.position, "'like' takes a pattern in quotes: 'Sto%'");
      Expr out = left;
      out.sql += std::string(negated ? " NOT" : "") + " LIKE ? ESCAPE '\\'";
      out.parameters.emplace_back(pattern.literal_text);
      out.condition = true;
      out.position = position;
      return out;
    }
    if (keyword("is")) {
      next();
      bool is_not = false;
      if (keyword("not")) {
        is_not = true;
        next();
      }
      if (!keyword("null")) return fail_(peek().position, "expected 'null' after 'is'" + seen());
      next();
      Expr out = left;
      out.sql += is_not ? " IS NOT NULL" : " IS NULL";
      out.condition = true;
      out.position = position;
      return out;
    }
    return left;
  }

  Result<Expr> column(const Token& token) {
    if (aliases_) {
      for (size_t index = 0; index < aliases_->size(); ++index) {
        if ((*aliases_)[index].first == token.text) {
          Expr out = (*aliases_)[index].second;
          out.sql = "r" + std::to_string(index);
          out.parameters.clear();
          out.position = token.position;
          return out;
        }
      }
    }
    if (token.text == "_id") {
      Expr out;
      out.sql = "_id";
      out.type = ColumnType::kInteger;
      out.name = "_id";
      out.position = token.position;
      return out;
    }
    std::optional<size_t> found;
    for (size_t index = 0; index < table_.columns.size(); ++index) {
      if (table_.columns[index].name == token.text) {
        found = index;
        break;
      }
    }
    if (!found) {  // case does not matter when only one column could be meant
      for (size_t index = 0; index < table_.columns.size(); ++index) {
        if (lower(table_.columns[index].name) != lower(token.text)) continue;
        if (found) {
          found.reset();
          break;
        }
        found = index;
      }
    }
    if (!found) {
      return fail_(token.position,
                   "no column '" + text::truncated(text::valid_utf8(token.text), 60) +
                       "' (a name with spaces or signs goes in backquotes: `Kommun namn`)");
    }
    Expr out;
    out.sql = "c" + std::to_string(*found);
    out.type = table_.columns[*found].type;
    out.name = table_.columns[*found].name;
    out.position = token.position;
    return out;
  }

  Result<Expr> function() {
    const Token& name_token = next();
    std::string name = lower(name_token.text);
    TRY(expect_symbol("("));
    Expr out;
    out.position = name_token.position;
    if (name == "count" && symbol("*")) {
      next();
      TRY(expect_symbol(")"));
      out.sql = "count(*)";
      out.type = ColumnType::kInteger;
      out.aggregate = true;
      out.name = "count";
      return out;
    }
    static const char* const kFunctions[] = {
        "count", "sum", "avg", "min", "max", "date_trunc_y", "date_trunc_ym", "date_trunc_ymd"};
    bool known = false;
    for (const char* function : kFunctions) known = known || name == function;
    if (!known) {
      return fail_(name_token.position,
                   "no function '" + text::truncated(text::valid_utf8(name_token.text), 40) +
                       "' (there are count, sum, avg, min, max, date_trunc_y, date_trunc_ym, "
                       "date_trunc_ymd)");
    }
    Expr argument = TRY(value());
    TRY(expect_symbol(")"));
    if (argument.literal != Literal::kNone)
      return fail_(argument.position, name + "() takes a column");
    out.name = name + "_" + argument.name;
    if (name == "count" || name == "sum" || name == "avg" || name == "min" || name == "max") {
      if (argument.aggregate) return fail_(argument.position, "an aggregate inside an aggregate");
      if ((name == "sum" || name == "avg") && !numeric(argument.type)) {
        return fail_(argument.position, name + "() adds numbers, and " + argument.name + " is " +
                                            a_column(argument.type));
      }
      out.sql = name + "(" + argument.sql + ")";
      out.parameters = std::move(argument.parameters);
      out.aggregate = true;
      out.type = name == "count" ? ColumnType::kInteger
                 : name == "avg" ? ColumnType::kDecimal
                                 : argument.type;
      return out;
    }
    if (name == "date_trunc_y" || name == "date_trunc_ym" || name == "date_trunc_ymd") {
      if (argument.type != ColumnType::kDate && argument.type != ColumnType::kTimestamp) {
        return fail_(argument.position, name + "() takes a date or timestamp column, and " +
                                            argument.name + " is " + a_column(argument.type));
      }
      out.sql = name == "date_trunc_y"    ? "substr(" + argument.sql + ", 1, 4) || '-01-01'"
                : name == "date_trunc_ym" ? "substr(" + argument.sql + ", 1, 7) || '-01'"
                                          : "substr(" + argument.sql + ", 1, 10)";
      out.sql = "(" + out.sql + ")";
      out.parameters = std::move(argument.parameters);
      out.aggregate = argument.aggregate;
      out.type = ColumnType::kDate;
      return out;
    }
    return fail_(name_token.position,
                 "no function '" + text::truncated(text::valid_utf8(name_token.text), 40) +
                     "' (there are count, sum, avg, min, max, date_trunc_y, date_trunc_ym, "
                     "date_trunc_ymd)");
  }

  static constexpr int kMaxDepth = 64;
  const TableInfo& table_;
  std::vector<Token> tokens_;
  size_t index_ = 0;
  int depth_ = 0;  // parentheses and 'not's open: bounded, so no text can exhaust the stack
  Failure fail_;
  const std::vector<std::pair<std::string, Expr>>* aliases_;
};

// The items of a comma list, each by `item`.
template <typename Item>
Status each_item(Parser& parser, Item item) {
  while (true) {
    TRY(item());
    if (parser.symbol(",")) {
      parser.next();
      continue;
    }
    if (!parser.at_end())
      return parser.fail(parser.peek().position, "expected ',' or the end" + parser.seen());
    return {};
  }
}

Result<Parser> parser_for(const TableInfo& table, const std::string& text, const char* part,
                          const std::vector<std::pair<std::string, Expr>>* aliases = nullptr) {
  Failure fail{part};
  if (text.size() > 10000) return fail(1, "longer than 10,000 characters");
  return Parser(table, TRY(tokens_of(text, fail)), fail, aliases);
}

void append(std::vector<Value>& to, std::vector<Value>& from) {
  for (Value& value : from) to.push_back(std::move(value));
  from.clear();
}

// q as an FTS5 query: every word, quoted, must occur.
std::optional<std::string> fts_query(const std::string& q) {
  std::string out;
  std::string word;
  auto flush = [&] {
    if (word.empty()) return;
    std::string quoted = "\"";
    for (char c : word) {
      if (c == '"') quoted += "\"";
      quoted += c;
    }
    if (!out.empty()) out += " ";
    out += quoted + "\"";
    word.clear();
  };
  for (char c : q) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
      flush();
    else
      word += c;
  }
  flush();
  if (out.empty()) return std::nullopt;
  return out;
}

}  // namespace

Result<Compiled> compile(const TableInfo& table, const QueryText& text) {
  Compiled compiled;
  std::vector<std::pair<std::string, Expr>> items;  // the result columns, by name
  bool any_aggregate = false;
  if (text.select.find_first_not_of(" \t") == std::string::npos) {
    Expr id;
    id.sql = "_id";
    id.type = ColumnType::kInteger;
    items.emplace_back("_id", id);
    for (size_t index = 0; index < table.columns.size(); ++index) {
      Expr column;
      column.sql = "c" + std::to_string(index);
      column.type = table.columns[index].type;
      items.emplace_back(table.columns[index].name, column);
    }
  } else {
    Parser parser = TRY(parser_for(table, text.select, "select"));
    TRY(each_item(parser, [&]() -> Status {
      if (parser.symbol("*")) {
        parser.next();
        for (size_t index = 0; index < table.columns.size(); ++index) {
          Expr column;
          column.sql = "c" + std::to_string(index);
          column.type = table.columns[index].type;
          items.emplace_back(table.columns[index].name, column);
        }
        return {};
      }
      Expr item = TRY(parser.value());
      if (item.literal != Literal::kNone || item.condition)
        return parser.fail(item.position,
                           "select columns and aggregates, not values or conditions");
      std::string name = item.name;
      if (parser.keyword("as")) {
        parser.next();
        const Token& alias = parser.next();
        if (alias.kind != TokenKind::kName && alias.kind != TokenKind::kQuotedName)
          return parser.fail(alias.position, "expected a name after 'as'");
        name = alias.text;
      }
      for (const auto& [existing, _] : items) {
        if (existing == name)
          return parser.fail(
              item.position,
              "two result columns named '" + text::truncated(name, 60) + "': name one with 'as'");
      }
      any_aggregate = any_aggregate || item.aggregate;
      items.emplace_back(name, std::move(item));
      return {};
    }));
    if (items.size() > 500)
      return make_error(ErrorCode::kBadRequest, "select: at most 500 columns");
  }

  std::string where;
  std::vector<Value> where_parameters;
  if (text.where.find_first_not_of(" \t") != std::string::npos) {
    Parser parser = TRY(parser_for(table, text.where, "where"));
    Expr condition = TRY(parser.condition());
    if (!parser.at_end())
      return parser.fail(parser.peek().position, "expected 'and', 'or' or the end" + parser.seen());
    if (!condition.condition && condition.type != ColumnType::kBoolean)
      return parser.fail(condition.position,
                         "expected a condition (a comparison, 'in', 'like', 'is null' ...)");
    if (condition.aggregate)
      return parser.fail(condition.position, "aggregates go in 'having', not in 'where'");
    where = condition.sql;
    where_parameters = std::move(condition.parameters);
  }
  if (auto words = text.q.empty() ? std::nullopt : fts_query(text.q)) {
    bool has_text = false;
    for (const TableColumn& column : table.columns)
      has_text = has_text || column.type == ColumnType::kText;
    if (!has_text)
      return make_error(ErrorCode::kBadRequest, "q: this table has no text columns to search",
                        {{"q", "no text columns"}});
    where = (where.empty() ? "" : "(" + where + ") AND ") +
            "_id IN (SELECT rowid FROM rows_text WHERE rows_text MATCH ?)";
    where_parameters.emplace_back(*words);
  }

  std::vector<std::string> groups;
  std::vector<Value> group_parameters;
  if (text.group.find_first_not_of(" \t") != std::string::npos) {
    Parser parser = TRY(parser_for(table, text.group, "group"));
    TRY(each_item(parser, [&]() -> Status {
      Expr item = TRY(parser.value());
      if (item.literal != Literal::kNone || item.condition || item.aggregate)
        return parser.fail(item.position, "group by columns or date_trunc_*()");
      groups.push_back(item.sql);
      append(group_parameters, item.parameters);
      return {};
    }));
  }
  bool grouped = !groups.empty() || any_aggregate;
  if (grouped) {
    for (const auto& [name, item] : items) {
      if (item.aggregate) continue;
      bool listed = false;
      for (const std::string& group : groups) listed = listed || group == item.sql;
      if (!listed) {
        return make_error(ErrorCode::kBadRequest,
                          "select: " + text::truncated(name, 60) +
                              " must be in 'group' or inside an aggregate such as count()",
                          {{"select", "not grouped"}});
      }
    }
  }
  std::string having;
  std::vector<Value> having_parameters;
  if (text.having.find_first_not_of(" \t") != std::string::npos) {
    if (!grouped)
      return make_error(ErrorCode::kBadRequest, "having: needs 'group' or an aggregate in 'select'",
                        {{"having", "not grouped"}});
    Parser parser = TRY(parser_for(table, text.having, "having", &items));
    Expr condition = TRY(parser.condition());
    if (!parser.at_end())
      return parser.fail(parser.peek().position, "expected 'and', 'or' or the end" + parser.seen());
    if (!condition.condition &&
        (condition.literal != Literal::kNone || condition.type != ColumnType::kBoolean))
      return parser.fail(condition.position,
                         "expected a condition (a comparison, 'in', 'like', 'is null' ...)");
    having = condition.sql;
    having_parameters = std::move(condition.parameters);
  }

  std::vector<std::string> orders;
  std::vector<Value> order_parameters;
  if (text.order.find_first_not_of(" \t") != std::string::npos) {
    Parser parser = TRY(parser_for(table, text.order, "order", &items));
    TRY(each_item(parser, [&]() -> Status {
      Expr item = TRY(parser.value());
      if (item.literal != Literal::kNone || item.condition)
        return parser.fail(item.position, "order by columns or result names");
      if (item.aggregate && !grouped)
        return parser.fail(item.position, "order by an aggregate needs 'group'");
      std::string direction = " ASC";
      if (parser.keyword("desc")) {
        parser.next();
        direction = " DESC";
      } else if (parser.keyword("asc")) {
        parser.next();
      }
      orders.push_back(item.sql + direction);
      append(order_parameters, item.parameters);
      return {};
    }));
  }
  compiled.keyset = orders.empty() && !grouped;
  // A stable order for paging: _id last, in the direction of the key before it, so that an
  // index on that key (which ends with the row id) gives the whole order without a sort.
  if (!grouped)
    orders.push_back(!orders.empty() && orders.back().ends_with(" DESC") ? "_id DESC" : "_id ASC");
  else
    for (const std::string& group : groups) orders.push_back(group);

  if (text.after) {
    if (!compiled.keyset)
      return make_error(ErrorCode::kBadRequest,
                        "cursor: pages by cursor follow the table's own order; with 'order' or "
                        "'group', page with offset",
                        {{"cursor", "not with order or group"}});
  }

  std::string sql = "SELECT ";
  for (size_t index = 0; index < items.size(); ++index) {
    sql += (index ? ", " : "") + items[index].second.sql + " AS r" + std::to_string(index);
    compiled.columns.push_back({items[index].first, items[index].second.type});
  }
  std::vector<Value> select_parameters;
  for (const auto& [_, item] : items)
    select_parameters.insert(select_parameters.end(), item.parameters.begin(),
                             item.parameters.end());
  std::vector<Value> parameters = select_parameters;
  std::string from = " FROM rows";
  std::string filter = where;
  std::vector<Value> filter_parameters = where_parameters;
  if (text.after) {
    filter = (filter.empty() ? "" : "(" + filter + ") AND ") + "_id > ?";
    filter_parameters.emplace_back(*text.after);
  }
  std::string tail;
  if (!filter.empty()) tail += " WHERE " + filter;
  append(parameters, filter_parameters);
  std::string grouping;
  if (!groups.empty()) {
    grouping += " GROUP BY ";
    for (size_t index = 0; index < groups.size(); ++index)
      grouping += (index ? ", " : "") + groups[index];
  }
  if (!having.empty()) grouping += " HAVING " + having;
  tail += grouping;
  std::vector<Value> grouping_parameters = group_parameters;
  for (const Value& value : having_parameters) grouping_parameters.push_back(value);
  for (const Value& value : grouping_parameters) parameters.push_back(value);
  if (!orders.empty()) tail += " ORDER BY ";
  for (size_t index = 0; index < orders.size(); ++index)
    tail += (index ? ", " : "") + orders[index];
  append(parameters, order_parameters);
  tail += " LIMIT ? OFFSET ?";
  parameters.emplace_back(text.limit);
  parameters.emplace_back(text.offset);
  compiled.query = CompiledQuery{sql + from + tail, std::move(parameters)};

  // How many rows match, paging aside.
  std::vector<Value> count_parameters = where_parameters;
  std::string count_where = where.empty() ? "" : " WHERE " + where;
  if (grouped) {
    for (const Value& value : grouping_parameters) count_parameters.push_back(value);
    // having may name result columns: count over the grouped select itself.
    std::vector<Value> all = select_parameters;
    for (Value& value : count_parameters) all.push_back(std::move(value));
    compiled.count = CompiledQuery{
        "SELECT count(*) FROM (" + sql + from + count_where + grouping + ")", std::move(all)};
  } else {
    compiled.count =
        CompiledQuery{"SELECT count(*) FROM rows" + count_where, std::move(count_parameters)};
  }
  return compiled;
}

}  // namespace samverka::datastore
