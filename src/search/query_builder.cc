// SPDX-License-Identifier: Apache-2.0
// Queries for the index: query text through Xapian's parser (Swedish stems widened with the
// English ones), condition trees, and the order of results.
#include "search/xapian_detail.h"

namespace samverka::search::detail {

namespace {

using Q = Xapian::Query;

// Prefix conditions may expand to at most this many terms (slugs starting with "a" in a large
// catalogue); past it the search is refused rather than silently cut.
constexpr Xapian::termcount kMaxPrefixTerms = 10000;

std::string term_of(const std::string& field, const std::string& value) {
  return field == "id" ? "Q" + value : filter_term(field, value);
}

std::optional<Xapian::valueno> range_slot(const std::string& field) {
  if (field == "modified") return kSlotModified;
  if (field == "created") return kSlotCreated;
  return std::nullopt;
}

Q all_but(const Q& excluded) { return Q(Q::OP_AND_NOT, Q::MatchAll, excluded); }

}  // namespace

Q text_query(const Xapian::Database& database, const std::string& text,
             const std::string& default_prefix, std::string* corrected) {
  Xapian::QueryParser parser;
  parser.set_database(database);
  parser.set_default_op(Q::OP_AND);
  parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
  parser.set_max_expansion(200, Q::WILDCARD_LIMIT_MOST_FREQUENT,
                           Xapian::QueryParser::FLAG_WILDCARD);
  parser.add_prefix("title", "S");
  for (const FacetSpec& facet : registered_facets()) {
    if (facet.in_query) parser.add_boolean_prefix(facet.name, filter_term(facet.name, ""));
  }
  unsigned flags = Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_WILDCARD;
  if (corrected != nullptr) flags |= Xapian::QueryParser::FLAG_SPELLING_CORRECTION;
  parser.set_stemmer(Xapian::Stem("swedish"));
  Q swedish = parser.parse_query(text, flags, default_prefix);
  if (corrected != nullptr) *corrected = parser.get_corrected_query_string();
  return widen_stems(swedish, parser, Xapian::Stem("english"));
}

Q condition_query(const Xapian::Database& database, const Condition& condition) {
  using Kind = Condition::Kind;
  switch (condition.kind) {
    case Kind::kAll:
      return Q::MatchAll;
    case Kind::kNothing:
      return Q::MatchNothing;
    case Kind::kNot:
      return all_but(condition_query(database, condition.children.at(0)));
    case Kind::kAnd: {
      // Positive parts ANDed, negated ones taken away from them.
      std::vector<Q> positive, negative;
      for (const Condition& child : condition.children) {
        if (child.kind == Kind::kNot)
          negative.push_back(condition_query(database, child.children.at(0)));
        else
          positive.push_back(condition_query(database, child));
      }
      Q out = positive.empty() ? Q::MatchAll : Q(Q::OP_AND, positive.begin(), positive.end());
      if (!negative.empty())
        out = Q(Q::OP_AND_NOT, out, Q(Q::OP_OR, negative.begin(), negative.end()));
      return out;
    }
    case Kind::kOr: {
      std::vector<Q> alternatives;
      for (const Condition& child : condition.children)
        alternatives.push_back(condition_query(database, child));
      return Q(Q::OP_OR, alternatives.begin(), alternatives.end());
    }
    case Kind::kTerm:
      return Q(term_of(condition.field, condition.value));
    case Kind::kPrefix:
    case Kind::kAny:
      return Q(Q::OP_WILDCARD, term_of(condition.field, condition.value), kMaxPrefixTerms,
               Q::WILDCARD_LIMIT_ERROR);
    case Kind::kRange: {
      auto slot = range_slot(condition.field);
      if (!slot) return Q::MatchNothing;
      if (condition.from.empty() && condition.to.empty()) return Q::MatchAll;
      if (condition.to.empty()) return Q(Q::OP_VALUE_GE, *slot, condition.from);
      if (condition.from.empty()) return Q(Q::OP_VALUE_LE, *slot, condition.to);
      return Q(Q::OP_VALUE_RANGE, *slot, condition.from, condition.to);
    }
    case Kind::kText:
      return text_query(database, condition.value, condition.field == "title" ? "S" : "", nullptr);
  }
  return Q::MatchNothing;
}

void apply_sort(Xapian::Enquire& enquire, const SearchQuery& query,
                std::unique_ptr<Xapian::MultiValueKeyMaker>& keys) {
  if (query.sort_keys.empty()) {
    switch (query.sort) {
      case SortOrder::kModified:
        enquire.set_sort_by_value_then_relevance(kSlotModified, true);
        break;
      case SortOrder::kTitle:
        enquire.set_sort_by_value_then_relevance(kSlotTitle, false);
        break;
      case SortOrder::kRelevance:
        break;
    }
    return;
  }
  using Field = SortKey::Field;
  keys = std::make_unique<Xapian::MultiValueKeyMaker>();
  bool relevance_first = query.sort_keys.front().field == Field::kRelevance;
  bool relevance_later = false;
  for (size_t index = relevance_first ? 1 : 0; index < query.sort_keys.size(); ++index) {
    const SortKey& key = query.sort_keys[index];
    if (key.field == Field::kRelevance) {
      relevance_later = true;  // ties after the keys before it go by relevance, then by id
      break;
    }
    Xapian::valueno slot = kSlotId;
    switch (key.field) {
      case Field::kId:
        slot = kSlotId;
        break;
      case Field::kName:
        slot = kSlotName;
        break;
      case Field::kTitle:
        slot = kSlotTitle;
        break;
      case Field::kModified:
        slot = kSlotModified;
        break;
      case Field::kCreated:
        slot = kSlotCreated;
        break;
      case Field::kRelevance:
        break;
    }
    keys->add_value(slot, key.descending);
  }
  if (!relevance_later) keys->add_value(kSlotId, false);
  if (relevance_first)
    enquire.set_sort_by_relevance_then_key(keys.get(), false);
  else if (relevance_later)
    enquire.set_sort_by_key_then_relevance(keys.get(), false);
  else
    enquire.set_sort_by_key(keys.get(), false);
}

}  // namespace samverka::search::detail
