// SPDX-License-Identifier: Apache-2.0
// Text analysis at index time: folding, words, stems, the Swedish lexicon's base forms and
// compound parts, filter terms; and the registry of language data.
#include <atomic>
#include <mutex>

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

// Splits text into words: runs of ASCII letters and digits and of the other characters Unicode
// counts as word characters (letters with diacritics), so that typographic quotes and dashes
// end a word as spaces do.
std::vector<std::string> words_of(const std::string& text) {
  std::vector<std::string> words;
  std::string current;
  for (Xapian::Utf8Iterator it(text); it != Xapian::Utf8Iterator(); ++it) {
    unsigned code = *it;
    bool word_char = code < 0x80 ? ((code >= 'a' && code <= 'z') || (code >= 'A' && code <= 'Z') ||
                                    (code >= '0' && code <= '9'))
                                 : Xapian::Unicode::is_wordchar(code);
    if (word_char) {
      Xapian::Unicode::append_utf8(current, code);
    } else if (!current.empty()) {
      words.push_back(std::move(current));
      current.clear();
    }
  }
  if (!current.empty()) words.push_back(std::move(current));
  return words;
}

bool is_swedish(const std::string& language) { return language.rfind("sv", 0) == 0; }

namespace {

// Without a lexicon, Swedish compounds are approximated: every split of a long word into a
// head and a tail of at least four bytes is indexed too, raw and stemmed, so that "vatten" and
// "kvalitet" both find "vattenkvalitet" (and some words find compounds they are not part of).
void add_every_split(Xapian::Document& document, const std::string& prefix, const std::string& word,
                     const Xapian::Stem& stemmer) {
  if (word.size() < 8 || word.size() > 60) return;
  for (size_t split = 4; split + 4 <= word.size(); ++split) {
    if (is_continuation(static_cast<unsigned char>(word[split]))) continue;
    for (const std::string& part : {word.substr(0, split), word.substr(split)}) {
      document.add_term(prefix + part, 1);
      document.add_term("Z" + prefix + stemmer(part), 1);
    }
  }
}

// The lexicon's base forms of a Swedish word, with the field's weight, in the stem space
// ("Z"); and the parts of a compound, with the lowest, in a space of their own ("C"), so that a
// query can tell a word written alone from one inside a compound. Those with diacritics also
// folded, in a third space ("F").
void add_lexicon_terms(Xapian::Document& document, const TextField& field, const std::string& word,
                       const SwedishLexicon& lexicon) {
  SwedishLexicon::Analysis analysis = lexicon.analyse(word);
  auto add = [&](char space, const std::string& base, Xapian::termcount wdf) {
    if (base.size() >= kMaxTermLength) return;
    document.add_term(space + field.prefix + base, wdf);
    // Folded, for queries typed without diacritics, in a space of their own: folded, änka
    // (widow) is anka (duck), which a query for ducks must not find.
    std::string folded = fold(base);
    if (folded != base) document.add_term(kFoldedSpace + field.prefix + folded, wdf);
  };
  for (const std::string& base : analysis.base_forms) {
    add('Z', base, static_cast<Xapian::termcount>(std::max(field.weight, 1)));
  }
  for (const std::string& part : analysis.parts) add(kPartSpace, part, 1);
}

}  // namespace

// Text is indexed as written (lower-cased), so stemming sees real Swedish words and snippets
// highlight what the user typed. Words with diacritics are also indexed folded (malardalen for
// Mälardalen), raw and stemmed, so that a query typed without them finds them too. Swedish words
// add their base forms and compound parts from the lexicon.
void add_extra_terms(Xapian::Document& document, const TextField& field,
                     const Xapian::Stem& stemmer) {
  std::vector<std::string> written = words_of(Xapian::Unicode::tolower(field.text));
  std::vector<std::string> folded = words_of(fold(field.text));
  bool aligned = written.size() == folded.size();
  const SwedishLexicon* lexicon =
      is_swedish(field.language) ? language_resources().swedish.get() : nullptr;
  for (size_t index = 0; index < folded.size(); ++index) {
    if (aligned && written[index] != folded[index] && folded[index].size() < kMaxTermLength) {
      document.add_term(field.prefix + folded[index], 1);
      document.add_term("Z" + field.prefix + stemmer(folded[index]), 1);
    }
    if (lexicon != nullptr) {
      if (aligned) add_lexicon_terms(document, field, written[index], *lexicon);
    } else if (field.compounds) {
      add_every_split(document, field.prefix, folded[index], stemmer);
      if (aligned && written[index] != folded[index]) {
        add_every_split(document, field.prefix, written[index], stemmer);
      }
    }
  }
}

}  // namespace detail

using namespace detail;

int current_schema() { return kIndexSchema; }

namespace {
struct LanguageRegistry {
  std::mutex mutex;
  std::function<LanguageResources()> load;
  LanguageResources resources;
  std::atomic<bool> ready{false};
};
LanguageRegistry& language_registry() {
  static LanguageRegistry registry;
  return registry;
}
}  // namespace

std::string LanguageResources::description() const {
  std::string out = swedish ? swedish->description() : "no Swedish lexicon";
  out += "; ";
  out += bilingual ? bilingual->description() : "no bilingual dictionary";
  return out;
}

void set_language_resources(LanguageResources resources) {
  LanguageRegistry& registry = language_registry();
  std::lock_guard lock(registry.mutex);
  registry.resources = std::move(resources);
  registry.load = nullptr;
  registry.ready.store(true, std::memory_order_release);
}

void set_language_loader(std::function<LanguageResources()> load) {
  LanguageRegistry& registry = language_registry();
  std::lock_guard lock(registry.mutex);
  registry.load = std::move(load);
  registry.ready.store(false, std::memory_order_release);
}

const LanguageResources& language_resources() {
  LanguageRegistry& registry = language_registry();
  if (registry.ready.load(std::memory_order_acquire)) return registry.resources;
  std::lock_guard lock(registry.mutex);
  if (!registry.ready.load(std::memory_order_relaxed)) {
    if (registry.load) registry.resources = registry.load();
    registry.ready.store(true, std::memory_order_release);
  }
  return registry.resources;
}

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
