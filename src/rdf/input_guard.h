// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>

#include "core/result.h"

namespace samverka::rdf {

// Limits on what a file may make the parser do, checked on the raw text before the parser sees
// it: a parser's own costs are not all linear (raptor's RDF/XML parser is quadratic in nesting
// depth; libxml2 expands internal entities without bound), and a check that runs first keeps a
// small hostile file small.
struct InputLimits {
  size_t max_nesting = 128;  // XML elements; Turtle [ ] and ( )
  // Bytes that references to internal entities (<!ENTITY x "...">, &x;) may add in all.
  size_t max_entity_expansion = size_t{16} << 20;
  size_t max_internal_subset = size_t{64} << 10;  // the DTD inside <!DOCTYPE ... [ ... ]>
};

// A scanner over a file's text, fed in chunks as they arrive (a construct may span chunks). It
// understands just enough of RDF/XML (tags, comments, CDATA, processing instructions, the
// DOCTYPE and entity references) and Turtle (IRIs, strings, comments, brackets) to count
// nesting and entity expansion; syntax errors are left to the parser.
class InputGuard {
 public:
  enum class Syntax { kXml, kTurtle };
  InputGuard(Syntax syntax, InputLimits limits = {});

  // kBadRequest, naming the line, when the text so far passes a limit.
  Status add(std::string_view chunk);

 private:
  Status xml(char c);
  Status turtle(char c);
  Status open_nesting();
  Status end_internal_subset();
  Status count_reference(const std::string& name);
  Result<size_t> expanded_length(const std::string& name, int depth);
  Error refuse(const std::string& message) const;

  enum class State {
    kText,
    kTagOpen,
    kStartTag,
    kAttribute,
    kEndTag,
    kBang,
    kDeclaration,  // <!ELEMENT ...> and the like outside a DOCTYPE: skipped to its '>'
    kComment,
    kCData,
    kProcessing,
    kDoctype,
    kSubset,
    kSubsetQuoted,
    kReference,
    // Turtle
    kIri,
    kLineComment,
    kQuotes,
    kShortString,
    kLongString,
  };
  Syntax syntax_;
  InputLimits limits_;
  State state_;
  State return_to_ = State::kText;  // where a reference or a quoted value goes back to
  size_t line_ = 1;
  size_t depth_ = 0;
  char quote_ = 0;
  char previous_ = 0;
  bool escaped_ = false;
  int run_ = 0;            // consecutive quote characters, or characters of a closing marker
  std::string collected_;  // a <!...> opening, a reference's name, the internal subset
  std::map<std::string, std::string> entities_;
  std::map<std::string, size_t> expanded_;
  size_t expansion_ = 0;
};

}  // namespace samverka::rdf
