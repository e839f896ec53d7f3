// SPDX-License-Identifier: Apache-2.0
// Text analysis: folding, words, stems, compounds, filter terms, and the widening of Swedish
// query stems to English.
#include "search/xapian_detail.h"

namespace samverka::search {
namespace detail {

std::string filter_term(const std::string& field, const std::string& value) {
  std::string term = "X" + field + ":" + value;
  for (char& c : term) {
    if (c >= 'a' && c <= 'z' && &c < term.data() + field.size() + 1) c = static_cast<char>(c - 32);
  }
  if (term.size() > kMaxTermLength) term.resize(kMaxTermLength);
  return term;
}

Xapian::Stem stemmer_for(const std::string& language) {
  if (language.rfind("sv", 0) == 0) return Xapian::Stem("swedish");
  if (language.rfind("en", 0) == 0) return Xapian::Stem("english");
  return Xapian::Stem("none");
}

bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// Splits folded text into words: runs of ASCII letters and digits and multi-byte characters.
std::vector<std::string> words_of(const std::string& text) {
  std::vector<std::string> words;
  std::string current;
  for (unsigned char c : text) {
    bool word_char = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80;
    if (word_char) {
      current.push_back(static_cast<char>(c));
    } else if (!current.empty()) {
      words.push_back(std::move(current));
      current.clear();
    }
  }
  if (!current.empty()) words.push_back(std::move(current));
  return words;
}

// Swedish writes compounds as one word (vattenkvalitet). Every split of a long word into a head
// and a tail of at least four bytes is indexed too, raw and stemmed, so that "vatten" and
// "kvalitet" both find "vattenkvalitet".
void add_compound_parts(Xapian::Document& document, const std::string& prefix,
                        const std::string& word, const Xapian::Stem& stemmer) {
  if (word.size() < 8 || word.size() > 60) return;
  for (size_t split = 4; split + 4 <= word.size(); ++split) {
    if (is_continuation(static_cast<unsigned char>(word[split]))) continue;
    for (const std::string& part : {word.substr(0, split), word.substr(split)}) {
      document.add_term(prefix + part, 1);
      document.add_term("Z" + prefix + stemmer(part), 1);
    }
  }
}

// Text is indexed as written (lower-cased), so stemming sees real Swedish words and snippets
// highlight what the user typed. Words with diacritics are also indexed folded (malardalen for
// Mälardalen), raw and stemmed, so that a query typed without them finds them too.
void add_extra_terms(Xapian::Document& document, const TextField& field,
                     const Xapian::Stem& stemmer) {
  std::vector<std::string> written = words_of(Xapian::Unicode::tolower(field.text));
  std::vector<std::string> folded = words_of(fold(field.text));
  bool aligned = written.size() == folded.size();
  for (size_t index = 0; index < folded.size(); ++index) {
    if (aligned && written[index] != folded[index] && folded[index].size() < kMaxTermLength) {
      document.add_term(field.prefix + folded[index], 1);
      document.add_term("Z" + field.prefix + stemmer(folded[index]), 1);
    }
    if (field.compounds) {
      add_compound_parts(document, field.prefix, folded[index], stemmer);
      if (aligned && written[index] != folded[index]) {
        add_compound_parts(document, field.prefix, written[index], stemmer);
      }
    }
  }
}

// The parser stems with the Swedish stemmer. Documents hold Swedish stems of Swedish text and
// English stems of English text, so each stemmed term of the query is widened to also match the
// English stem of the word the user typed. Rewriting the tree (rather than OR-ing a Swedish and
// an English parse) keeps NOT and AND meaning what they say.
Xapian::Query widen_stems(const Xapian::Query& query, const Xapian::QueryParser& parser,
                          const Xapian::Stem& english) {
  using Q = Xapian::Query;
  Q::op type = query.get_type();
  if (type == Q::LEAF_TERM) {
    std::string term = *query.get_terms_begin();
    if (term.empty() || term[0] != 'Z') return query;
    std::string prefix =
        (term.size() > 1 && term[1] >= 'A' && term[1] <= 'Z') ? term.substr(1, 1) : "";
    std::vector<Q> alternatives{query};
    for (auto word = parser.unstem_begin(term); word != parser.unstem_end(term); ++word) {
      std::string raw = (*word).substr(prefix.size());
      // Many words stem alike in both languages: the same term twice would only make the
      // matcher walk its posting list twice.
      std::string widened = "Z" + prefix + english(raw);
      bool known = std::any_of(alternatives.begin(), alternatives.end(), [&](const Q& alternative) {
        return *alternative.get_terms_begin() == widened;
      });
      if (!known) alternatives.emplace_back(std::move(widened));
    }
    if (alternatives.size() == 1) return query;
    return Q(Q::OP_SYNONYM, alternatives.begin(), alternatives.end());
  }
  switch (type) {
    case Q::OP_AND:
    case Q::OP_OR:
    case Q::OP_AND_NOT:
    case Q::OP_XOR:
    case Q::OP_AND_MAYBE:
    case Q::OP_FILTER:
    case Q::OP_SYNONYM:
    case Q::OP_MAX: {
      std::vector<Q> children;
      for (size_t index = 0; index < query.get_num_subqueries(); ++index) {
        children.push_back(widen_stems(query.get_subquery(index), parser, english));
      }
      return Q(type, children.begin(), children.end());
    }
    default:
      return query;  // phrases, wildcards, weighted filters: no stemmed terms to widen
  }
}

}  // namespace detail

using namespace detail;

int current_schema() { return kIndexSchema; }

std::string fold(std::string_view text, bool keep_ascii_case) {
  std::string out;
  out.reserve(text.size());
  for (size_t index = 0; index < text.size(); ++index) {
    unsigned char c = static_cast<unsigned char>(text[index]);
    if (c < 0x80) {
      out.push_back(keep_ascii_case ? static_cast<char>(c) : static_cast<char>(std::tolower(c)));
      continue;
    }
    if (c == 0xC3 && index + 1 < text.size()) {
      unsigned char next = static_cast<unsigned char>(text[index + 1]);
      char base = 0;
      bool upper = next < 0xA0;
      unsigned char lower_code = upper ? static_cast<unsigned char>(next + 0x20) : next;
      switch (lower_code) {
        case 0xA0:
        case 0xA1:
        case 0xA2:
        case 0xA3:
        case 0xA4:
        case 0xA5:
          base = 'a';
          break;
        case 0xA7:
          base = 'c';
          break;
        case 0xA8:
        case 0xA9:
        case 0xAA:
        case 0xAB:
          base = 'e';
          break;
        case 0xAC:
        case 0xAD:
        case 0xAE:
        case 0xAF:
          base = 'i';
          break;
        case 0xB1:
          base = 'n';
          break;
        case 0xB2:
        case 0xB3:
        case 0xB4:
        case 0xB5:
        case 0xB6:
        case 0xB8:
          base = 'o';
          break;
        case 0xB9:
        case 0xBA:
        case 0xBB:
        case 0xBC:
          base = 'u';
          break;
        case 0xBD:
        case 0xBF:
          base = 'y';
          break;
        default:
          break;
      }
      if (base && next != 0x97 && next != 0xB7) {  // not the multiplication/division signs
        out.push_back(upper && keep_ascii_case ? static_cast<char>(base - 32) : base);
        ++index;
        continue;
      }
    }
    out.push_back(static_cast<char>(c));
  }
  return out;
}

}  // namespace samverka::search
