// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

// The Solr query syntax that CKAN clients write in package_search's q and fq, parsed into a
// tree that the CKAN layer maps onto the catalogue's search. Nothing here knows the catalogue.
namespace samverka::ckan {

struct SolrNode {
  enum class Kind {
    kAll,    // *:*
    kAnd,    // children
    kOr,     // children
    kNot,    // children[0]
    kMatch,  // field (empty: the default, free text) and a value
  };
  enum class Match {
    kWord,    // value: one word or term
    kPhrase,  // value: "quoted words"
    kPrefix,  // value: the part before a trailing *
    kAny,     // field:*, any value
    kRange,   // from / to: RFC 3339 UTC with milliseconds, or empty for an open end
  };
  Kind kind = Kind::kAll;
  std::string field;
  Match match = Match::kWord;
  std::string value;
  std::string from;
  std::string to;
  bool from_inclusive = true;
  bool to_inclusive = true;
  std::vector<SolrNode> children;
};

// Bounds on what one q or fq may hold.
inline constexpr size_t kMaxSolrLength = 10000;
inline constexpr size_t kMaxSolrDepth = 20;
inline constexpr size_t kMaxSolrClauses = 300;

// Parses q or fq. Adjacent clauses are ANDed (CKAN's q.op), and an explicit OR binds tighter
// than that juxtaposition, so `organization:a OR organization:b metadata_modified:[X TO *]`,
// as CKAN's harvester writes it, means (a OR b) AND X. AND binds tighter than OR; NOT, - and !
// negate, + is ignored; field:(a OR b) gives each bare value the field; [a TO b] and {a TO b}
// are ranges whose ends may be *, dates, date-times or Solr date math (NOW-1DAY, NOW/DAY ...),
// evaluated against now_ms (milliseconds since the epoch). A backslash escapes the next
// character. Errors name what is wrong and where.
Result<SolrNode> parse_solr(std::string_view text, int64_t now_ms);

// A Solr date or date-math expression as milliseconds since the epoch: NOW, a date
// (YYYY-MM-DD) or RFC 3339 date-time, followed by any of /UNIT (round down), +N UNIT, -N UNIT.
Result<int64_t> solr_date_ms(std::string_view text, int64_t now_ms);

// Milliseconds since the epoch as RFC 3339 UTC with milliseconds (2026-11-27T10:15:00.123Z),
// the form the catalogue stores, so that such strings compare in time order.
std::string iso_ms(int64_t ms);

}  // namespace samverka::ckan
