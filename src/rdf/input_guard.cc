// SPDX-License-Identifier: Apache-2.0
#include "rdf/input_guard.h"

#include <algorithm>
#include <cctype>

namespace samverka::rdf {

namespace {
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
// References XML defines itself (and character references), which expand to one character.
bool is_predefined(const std::string& name) {
  return name.empty() || name[0] == '#' || name == "lt" || name == "gt" || name == "amp" ||
         name == "quot" || name == "apos";
}
}  // namespace

InputGuard::InputGuard(Syntax syntax, InputLimits limits)
    : syntax_(syntax), limits_(limits), state_(State::kText) {}

Error InputGuard::refuse(const std::string& message) const {
  return make_error(ErrorCode::kBadRequest, message + " (line " + std::to_string(line_) + ")");
}

Status InputGuard::add(std::string_view chunk) {
  const char* at = chunk.data();
  const char* const end = at + chunk.size();
  while (at < end) {
    // Text and attribute values, most of an RDF/XML file, matter only where markup or a
    // reference starts: skipped to it at once.
    if (syntax_ == Syntax::kXml && (state_ == State::kText || state_ == State::kAttribute)) {
      const char stop = state_ == State::kText ? '<' : quote_;
      const char* next = at;
      while (next < end && *next != stop && *next != '&') ++next;
      line_ += static_cast<size_t>(std::count(at, next, '\n'));
      at = next;
      if (at == end) break;
    }
    char c = *at++;
    if (c == '\n') ++line_;
    TRY(syntax_ == Syntax::kXml ? xml(c) : turtle(c));
  }
  return {};
}

Status InputGuard::open_nesting() {
  if (++depth_ > limits_.max_nesting) {
    return refuse("the file nests more than " + std::to_string(limits_.max_nesting) +
                  " levels deep");
  }
  return {};
}

Status InputGuard::xml(char c) {
  switch (state_) {
    case State::kText:
      if (c == '<') {
        state_ = State::kTagOpen;
      } else if (c == '&') {
        collected_.clear();
        return_to_ = State::kText;
        state_ = State::kReference;
      }
      return {};
    case State::kReference:
      if (c == ';') {
        state_ = return_to_;
        return count_reference(collected_);
      }
      if (collected_.size() > 64 || is_space(c) || c == '<' || c == '&' || c == '"' || c == '\'') {
        // Not a reference after all (the parser will say so): read the character as text.
        state_ = return_to_;
        return xml(c);
      }
      collected_.push_back(c);
      return {};
    case State::kTagOpen:
      if (c == '/') {
        state_ = State::kEndTag;
      } else if (c == '!') {
        collected_.clear();
        state_ = State::kBang;
      } else if (c == '?') {
        run_ = 0;
        state_ = State::kProcessing;
      } else {
        previous_ = c;
        state_ = State::kStartTag;
      }
      return {};
    case State::kStartTag:
      if (c == '"' || c == '\'') {
        quote_ = c;
        state_ = State::kAttribute;
      } else if (c == '>') {
        state_ = State::kText;
        if (previous_ != '/') return open_nesting();
      }
      previous_ = c;
      return {};
    case State::kAttribute:
      if (c == quote_) {
        previous_ = c;
        state_ = State::kStartTag;
      } else if (c == '&') {
        collected_.clear();
        return_to_ = State::kAttribute;
        state_ = State::kReference;
      }
      return {};
    case State::kEndTag:
      if (c == '>') {
        if (depth_ > 0) --depth_;
        state_ = State::kText;
      }
      return {};
    case State::kBang: {
      collected_.push_back(c);
      run_ = 0;
      if (collected_ == "--") {
        state_ = State::kComment;
      } else if (collected_ == "[CDATA[") {
        state_ = State::kCData;
      } else if (collected_ == "DOCTYPE") {
        state_ = State::kDoctype;
      } else if (std::string_view("--").substr(0, collected_.size()) != collected_ &&
                 std::string_view("[CDATA[").substr(0, collected_.size()) != collected_ &&
                 std::string_view("DOCTYPE").substr(0, collected_.size()) != collected_) {
        state_ = State::kDeclaration;  // something else: skipped to its '>' (the parser judges it)
      }
      return {};
    }
    case State::kDeclaration:
      if (c == '>') state_ = State::kText;
      return {};
    case State::kComment:
      if (c == '>' && run_ >= 2) {
        state_ = State::kText;
      } else {
        run_ = c == '-' ? run_ + 1 : 0;
      }
      return {};
    case State::kCData:
      if (c == '>' && run_ >= 2) {
        state_ = State::kText;
      } else {
        run_ = c == ']' ? run_ + 1 : 0;
      }
      return {};
    case State::kProcessing:
      if (c == '>' && run_ == 1) {
        state_ = State::kText;
      } else {
        run_ = c == '?' ? 1 : 0;
      }
      return {};
    case State::kDoctype:
      if (c == '[') {
        collected_.clear();
        state_ = State::kSubset;
      } else if (c == '>') {
        state_ = State::kText;
      }
      return {};
    case State::kSubset:
    case State::kSubsetQuoted:
      if (state_ == State::kSubset && c == ']') {
        state_ = State::kDoctype;
        return end_internal_subset();
      }
      collected_.push_back(c);
      if (collected_.size() > limits_.max_internal_subset) {
        return refuse("the document type declaration is longer than " +
                      std::to_string(limits_.max_internal_subset) + " bytes");
      }
      if (state_ == State::kSubsetQuoted) {
        if (c == quote_) state_ = State::kSubset;
      } else if (c == '"' || c == '\'') {
        quote_ = c;
        state_ = State::kSubsetQuoted;
      }
      return {};
    default:
      return {};
  }
}

Status InputGuard::end_internal_subset() {
  std::string_view subset = collected_;
  size_t at = 0;
  while ((at = subset.find("<!ENTITY", at)) != std::string_view::npos) {
    at += 8;
    while (at < subset.size() && is_space(subset[at])) ++at;
    if (at < subset.size() && subset[at] == '%') {
      return refuse("parameter entities (<!ENTITY % ...>) are not accepted");
    }
    size_t name_start = at;
    while (at < subset.size() && !is_space(subset[at]) && subset[at] != '"' && subset[at] != '\'')
      ++at;
    std::string name(subset.substr(name_start, at - name_start));
    while (at < subset.size() && is_space(subset[at])) ++at;
    if (at >= subset.size() || (subset[at] != '"' && subset[at] != '\'')) {
      return refuse("entity '" + name +
                    "' is external (SYSTEM or PUBLIC); only internal entities " + "are accepted");
    }
    char quote = subset[at];
    size_t end = subset.find(quote, at + 1);
    if (end == std::string_view::npos) return {};  // unterminated: the parser will say so
    entities_[name] = std::string(subset.substr(at + 1, end - at - 1));
    at = end + 1;
  }
  collected_.clear();
  return {};
}

Result<size_t> InputGuard::expanded_length(const std::string& name, int depth) {
  auto known = expanded_.find(name);
  if (known != expanded_.end()) return known->second;
  auto entity = entities_.find(name);
  if (entity == entities_.end()) return size_t{0};  // undefined: the parser will say so
  if (depth > 8) return refuse("entity '" + name + "' nests more than 8 deep or refers to itself");
  const std::string& value = entity->second;
  size_t length = 0;
  for (size_t at = 0; at < value.size(); ++at) {
    size_t end = value[at] == '&' ? value.find(';', at) : std::string::npos;
    if (end == std::string::npos) {
      ++length;
      continue;
    }
    std::string inner = value.substr(at + 1, end - at - 1);
    length += is_predefined(inner) ? 1 : TRY(expanded_length(inner, depth + 1));
    if (length > limits_.max_entity_expansion) break;
    at = end;
  }
  expanded_[name] = length;
  return length;
}

Status InputGuard::count_reference(const std::string& name) {
  if (is_predefined(name)) return {};
  expansion_ += TRY(expanded_length(name, 0));
  if (expansion_ > limits_.max_entity_expansion) {
    return refuse("entity references expand to more than " +
                  std::to_string(limits_.max_entity_expansion >> 20) + " MiB; the file is refused");
  }
  return {};
}

Status InputGuard::turtle(char c) {
  switch (state_) {
    case State::kText:
      if (c == '#') {
        state_ = State::kLineComment;
      } else if (c == '<') {
        state_ = State::kIri;
      } else if (c == '"' || c == '\'') {
        quote_ = c;
        run_ = 1;
        state_ = State::kQuotes;
      } else if (c == '[' || c == '(') {
        return open_nesting();
      } else if ((c == ']' || c == ')') && depth_ > 0) {
        --depth_;
      }
      return {};
    case State::kLineComment:
      if (c == '\n') state_ = State::kText;
      return {};
    case State::kIri:
      if (c == '>') state_ = State::kText;
      return {};
    case State::kQuotes:
      if (c == quote_) {
        if (++run_ == 3) {
          run_ = 0;
          escaped_ = false;
          state_ = State::kLongString;
        }
        return {};
      }
      if (run_ == 2) {  // "" : an empty string, then this character
        state_ = State::kText;
        return turtle(c);
      }
      escaped_ = false;
      state_ = State::kShortString;
      return turtle(c);
    case State::kShortString:
      if (escaped_) {
        escaped_ = false;
      } else if (c == '\\') {
        escaped_ = true;
      } else if (c == quote_ || c == '\n') {
        state_ = State::kText;
      }
      return {};
    case State::kLongString:
      if (escaped_) {
        escaped_ = false;
        run_ = 0;
      } else if (c == '\\') {
        escaped_ = true;
        run_ = 0;
      } else if (c == quote_) {
        if (++run_ == 3) state_ = State::kText;
      } else {
        run_ = 0;
      }
      return {};
    default:
      return {};
  }
}

}  // namespace samverka::rdf
