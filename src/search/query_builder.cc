// SPDX-License-Identifier: Apache-2.0
// Queries for the index: query text through Xapian's parser (each word widened to its
// inflections, its compounds and its translations), condition trees, and the order of results.
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

namespace {

std::string prefix_of(const std::string& term) {
  // Z, then the field prefix (capitals), then the stem.
  size_t end = 1;
  while (end < term.size() && term[end] >= 'A' && term[end] <= 'Z') ++end;
  return term.substr(1, end - 1);
}

void add_term(std::vector<Q>& alternatives, const std::string& term) {
  if (term.size() >= kMaxTermLength) return;
  // The same term twice would only make the matcher walk its posting list twice.
  for (const Q& known : alternatives) {
    if (known.get_type() == Q::LEAF_TERM && *known.get_terms_begin() == term) return;
  }
  alternatives.emplace_back(term);
}

// Rewrites the parser's tree word by word. The parser stems every word as Swedish, into the
// stem space ("Z" terms). Documents hold Swedish stems and base forms of Swedish text and
// English stems of English text, so each word also matches its English stem, its base forms
// from the lexicon and, when it is a compound, its parts together; and the exact word, which
// weighs in so that an exact match ranks above an inflected one. Rewriting the tree (rather
// than OR-ing several parses) keeps NOT and AND meaning what they say.
class WordRewriter {
 public:
  WordRewriter(const Xapian::QueryParser& parser, bool translate, const std::string& text)
      : parser_(parser),
        lexicon_(language_resources().swedish.get()),
        bilingual_(translate ? language_resources().bilingual.get() : nullptr) {
    // A query with a word that is no Swedish word as typed, but one with its diacritics
    // folded (sjoar, kustfaglar), was typed without them: then each of its words may stand for
    // a folded one (ankor beside kustfaglar is änkor). A query of known words is taken as
    // written (ankor alone: ducks).
    if (lexicon_ == nullptr) return;
    for (const std::string& word : words_of(Xapian::Unicode::tolower(text))) {
      bool ascii = std::all_of(word.begin(), word.end(),
                               [](char c) { return static_cast<unsigned char>(c) < 0x80; });
      if (ascii && word.size() >= 3 && !lexicon_->analyse(word).known) {
        without_diacritics_ = true;
        break;
      }
    }
  }

  // The tree with each word widened; with translations too when `translating`.
  Q rewrite(const Q& query, bool translating) {
    Q::op type = query.get_type();
    if (type == Q::LEAF_TERM) {
      std::string term = *query.get_terms_begin();
      std::optional<Word> word = word_of(term);
      if (!word) return query;
      Q direct = widen(*word);
      if (!translating) return direct;
      std::optional<Q> translated = translate(*word);
      if (!translated) return direct;
      translated_ = true;
      return Q(Q::OP_OR, direct, *translated);
    }
    switch (type) {
      case Q::OP_AND_NOT: {
        // What is excluded is excluded as written, never through a translation.
        std::vector<Q> children{rewrite(query.get_subquery(0), translating)};
        for (size_t index = 1; index < query.get_num_subqueries(); ++index)
          children.push_back(rewrite(query.get_subquery(index), false));
        return Q(type, children.begin(), children.end());
      }
      case Q::OP_AND:
        if (translating && bilingual_ != nullptr) return rewrite_and(query);
        [[fallthrough]];
      case Q::OP_OR:
      case Q::OP_XOR:
      case Q::OP_AND_MAYBE:
      case Q::OP_FILTER:
      case Q::OP_SYNONYM:
      case Q::OP_MAX: {
        std::vector<Q> children;
        for (size_t index = 0; index < query.get_num_subqueries(); ++index)
          children.push_back(rewrite(query.get_subquery(index), translating));
        return Q(type, children.begin(), children.end());
      }
      default:
        return query;  // phrases, wildcards, weighted filters: no stemmed words to widen
    }
  }

  bool translated() const { return translated_; }

 private:
  // Words ANDed, translated: a run of two or three words that is an English phrase of the
  // dictionary (life expectancy, sick leave) is also translated as a whole.
  Q rewrite_and(const Q& query) {
    size_t count = query.get_num_subqueries();
    std::vector<std::optional<Word>> words(count);
    for (size_t index = 0; index < count; ++index) {
      Q child = query.get_subquery(index);
      if (child.get_type() == Q::LEAF_TERM) words[index] = word_of(*child.get_terms_begin());
    }
    std::vector<Q> children;
    for (size_t index = 0; index < count;) {
      bool joined = false;
      for (size_t length = 3; length >= 2 && !joined; --length) {
        if (index + length > count) continue;
        std::vector<std::string> written;
        for (size_t at = index; at < index + length; ++at) {
          if (!words[at] || words[at]->written.empty() || words[at]->prefix != words[index]->prefix)
            break;
          written.push_back(words[at]->written.front());
        }
        if (written.size() != length) continue;
        const std::vector<std::string>& swedish = bilingual_->swedish_for_phrase(written);
        if (swedish.empty()) continue;
        std::vector<Q> each, alternatives;
        for (size_t at = index; at < index + length; ++at)
          each.push_back(rewrite(query.get_subquery(at), true));
        for (const std::string& phrase : swedish)
          alternatives.push_back(swedish_terms(words[index]->prefix, phrase));
        children.push_back(Q(Q::OP_OR, Q(Q::OP_AND, each.begin(), each.end()),
                             Q(Q::OP_SYNONYM, alternatives.begin(), alternatives.end())));
        translated_ = true;
        index += length;
        joined = true;
      }
      if (!joined) children.push_back(rewrite(query.get_subquery(index++), true));
    }
    return Q(Q::OP_AND, children.begin(), children.end());
  }

  // A word of the query: the stemmed term the parser made of it, with the field prefix and
  // the words as typed (lower case).
  struct Word {
    std::string prefix;
    std::string stemmed;
    std::vector<std::string> written;
  };

  // The parser stems words ("Z" terms) but leaves capitalised ones as written (a proper noun, in
  // its view): both are words; other terms (filters, ids) are not.
  std::optional<Word> word_of(const std::string& term) const {
    if (term.empty()) return std::nullopt;
    Word word;
    if (term[0] == 'Z') {
      word.prefix = prefix_of(term);
      word.stemmed = term;
      for (auto it = parser_.unstem_begin(term); it != parser_.unstem_end(term); ++it) {
        if ((*it).size() > word.prefix.size())
          word.written.push_back((*it).substr(word.prefix.size()));
      }
      return word;
    }
    size_t end = 0;
    while (end < term.size() && term[end] >= 'A' && term[end] <= 'Z') ++end;
    word.prefix = term.substr(0, end);
    if (end == term.size() || (word.prefix != "" && word.prefix != "S")) return std::nullopt;
    std::string written = term.substr(end);
    word.stemmed = "Z" + word.prefix + swedish_(written);
    word.written.push_back(std::move(written));
    return word;
  }

  Q widen(const Word& query_word) {
    const std::string& prefix = query_word.prefix;
    std::vector<Q> alternatives;
    std::vector<Q> exact;
    std::vector<Q> compounds;
    for (const std::string& word : query_word.written) {
      add_term(alternatives, "Z" + prefix + english_(word));
      exact.emplace_back(prefix + word);
      SwedishLexicon::Analysis analysis;
      if (lexicon_ != nullptr) analysis = lexicon_->analyse(word);
      bool known = analysis.known;
      // A word typed without diacritics may stand for a folded one: so may every word of a
      // query typed so.
      if (!known || without_diacritics_) add_term(alternatives, kFoldedSpace + prefix + word);
      if (!known) {
        // A word the lexicon does not know: Snowball's stem, and the word inside compounds;
        // and what the lexicon guesses (a compound of known words: artfynd).
        add_term(alternatives, query_word.stemmed);
        add_term(alternatives, kPartSpace + prefix + word);
      }
      if (analysis.base_forms.empty()) continue;
      // Its base forms, alone or inside compounds. For a known word not Snowball's stem, which
      // joins words the lexicon tells apart (timmar and timmer both stem to timm).
      for (const std::string& base : analysis.base_forms) {
        add_term(alternatives, "Z" + prefix + base);
        add_term(alternatives, kPartSpace + prefix + base);
      }
      // A compound also finds its parts written apart as words (vattenkvalitet: kvalitet på
      // vatten), not inside other compounds (tidtabell is not rekryteringstid +
      // tabellinnehåll).
      if (analysis.parts.size() >= 2) {
        compounds.push_back(
            Q(Q::OP_AND, Q("Z" + prefix + analysis.parts[0]), Q("Z" + prefix + analysis.parts[1])));
      }
    }
    if (alternatives.empty()) add_term(alternatives, query_word.stemmed);
    Q stems = alternatives.size() == 1 ? alternatives.front()
                                       : Q(Q::OP_SYNONYM, alternatives.begin(), alternatives.end());
    std::vector<Q> matching{stems};
    matching.insert(matching.end(), compounds.begin(), compounds.end());
    Q matched = matching.size() == 1 ? stems : Q(Q::OP_OR, matching.begin(), matching.end());
    // The exact word only adds weight: alone it would match the folded form of another word
    // (ankor, ducks, is änkor, widows, without its diacritics).
    return Q(Q::OP_AND_MAYBE, matched, Q(Q::OP_OR, exact.begin(), exact.end()));
  }

  // Terms for a translation: an English word or phrase as English stems, a Swedish one as base
  // forms; a phrase's words all required.
  Q english_terms(const std::string& prefix, const std::string& phrase) const {
    std::vector<Q> words;
    for (const std::string& word : words_of(phrase))
      words.emplace_back("Z" + prefix + english_(word));
    return words.size() == 1 ? words.front() : Q(Q::OP_AND, words.begin(), words.end());
  }
  Q swedish_terms(const std::string& prefix, const std::string& phrase) const {
    std::vector<Q> words;
    for (const std::string& word : words_of(phrase)) {
      words.push_back(Q(Q::OP_SYNONYM, Q("Z" + prefix + word), Q(kPartSpace + prefix + word)));
    }
    return words.size() == 1 ? words.front() : Q(Q::OP_AND, words.begin(), words.end());
  }

  // English for a Swedish base form; for a compound the dictionary lacks, its first and last
  // part translated each (vattenkvalitet: water AND quality).
  void swedish_to_english(const std::string& prefix, const std::string& base,
                          std::vector<Q>& out) const {
    for (const std::string& english : bilingual_->english(base))
      out.push_back(english_terms(prefix, english));
  }

  std::optional<Q> translate(const Word& query_word) const {
    if (bilingual_ == nullptr) return std::nullopt;
    const std::string& prefix = query_word.prefix;
    std::vector<Q> out;
    for (const std::string& word : query_word.written) {
      // The word as English: its Swedish equivalents.
      for (const std::string& swedish : bilingual_->swedish(word))
        out.push_back(swedish_terms(prefix, swedish));
      // The word as Swedish: the English for it, its base forms or its parts.
      size_t before = out.size();
      swedish_to_english(prefix, word, out);
      SwedishLexicon::Analysis analysis;
      if (lexicon_ != nullptr) analysis = lexicon_->analyse(word);
      for (const std::string& base : analysis.base_forms) {
        if (base != word) swedish_to_english(prefix, base, out);
      }
      if (out.size() == before && analysis.parts.size() >= 2) {
        std::vector<Q> head, tail;
        swedish_to_english(prefix, analysis.parts[0], head);
        swedish_to_english(prefix, analysis.parts[1], tail);
        if (!head.empty() && !tail.empty()) {
          out.push_back(Q(Q::OP_AND, Q(Q::OP_OR, head.begin(), head.end()),
                          Q(Q::OP_OR, tail.begin(), tail.end())));
        }
      }
    }
    if (out.empty()) return std::nullopt;
    return out.size() == 1 ? out.front() : Q(Q::OP_SYNONYM, out.begin(), out.end());
  }

  const Xapian::QueryParser& parser_;
  const SwedishLexicon* lexicon_;
  const BilingualDictionary* bilingual_;
  Xapian::Stem english_{"english"};
  Xapian::Stem swedish_{"swedish"};
  bool without_diacritics_ = false;
  bool translated_ = false;
};

}  // namespace

TextQuery text_query(const Xapian::Database& database, const std::string& text,
                     const std::string& default_prefix, std::string* corrected, bool translate) {
  Xapian::QueryParser parser;
  parser.set_database(database);
  parser.set_default_op(Q::OP_AND);
  // Capitalised words are left unstemmed by the parser; the rewriter stems them too (users
  // capitalise at random) and adds every exact word back, for ranking.
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
  Q parsed = parser.parse_query(text, flags, default_prefix);
  if (corrected != nullptr) *corrected = parser.get_corrected_query_string();
  WordRewriter rewriter(parser, translate, text);
  Q direct = rewriter.rewrite(parsed, false);
  if (!translate) return {direct, false};
  Q widened = rewriter.rewrite(parsed, true);
  if (!rewriter.translated()) return {direct, false};
  // Direct matches first: they carry a fixed weight far above any BM25 weight. Translated
  // matches come after them. The widened tree matches every direct match too, so the direct
  // query only adds weight (AND_MAYBE): it is then only checked on the widened tree's matches.
  auto* boost = new Xapian::FixedWeightPostingSource(kDirectBoost);
  Q boosted(Q::OP_AND, direct, Q(boost->release()));
  return {Q(Q::OP_AND_MAYBE, widened, boosted), true};
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
      return text_query(database, condition.value, condition.field == "title" ? "S" : "", nullptr,
                        false)
          .query;
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
