// SPDX-License-Identifier: Apache-2.0
// The Swedish lexicon: Hunspell's stems, checked against the dictionary's roots, an exception
// list for the irregular plurals it gets wrong, and a compound splitter that follows the
// dictionary's own compounding flags.
#include "search/swedish_lexicon.h"

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <hunspell/hunspell.hxx>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <unordered_map>

namespace samverka::search {

namespace {

// Words longer than this are not analysed (Hunspell's own limit is 100 bytes).
constexpr size_t kMaxWordBytes = 60;
// The cache of analyses is emptied when it reaches this many words.
constexpr size_t kMaxCached = 300000;
// A compound part is at least this many characters long.
constexpr size_t kMinPartChars = 3;
// Inflection endings are at most this many characters longer than the base form
// (kommun-ernas); a longer difference means Hunspell stemmed a compound to one of its parts.
constexpr size_t kMaxEndingChars = 6;

size_t characters(std::string_view word) {
  return static_cast<size_t>(std::count_if(word.begin(), word.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

bool is_boundary(std::string_view word, size_t at) {
  return at < word.size() && (static_cast<unsigned char>(word[at]) & 0xC0) != 0x80;
}

// The endings of Swedish inflection (nouns, adjectives, verbs), as they follow an unchanged
// base form.
bool is_ending(std::string_view rest) {
  static const std::vector<std::string_view> endings = {
      "",     "s",    "e",     "a",    "n",     "t",     "r",     "en",    "et",    "na",   "ne",
      "ar",   "er",   "or",    "as",   "es",    "ns",    "ts",    "rs",    "at",    "ad",   "de",
      "te",   "dd",   "tt",    "da",   "ta",    "ens",   "ets",   "nas",   "ars",   "ers",  "ors",
      "ade",  "are",  "ast",   "ats",  "ads",   "des",   "tes",   "ande",  "ende",  "arna", "erna",
      "orna", "rna",  "aste",  "ades", "andes", "endes", "arnas", "ernas", "ornas", "rnas", "astes",
      "era",  "erar", "erade", "erat", "erats", "ens",   "ena",   "enas",  "ts",    "ets"};
  return std::find(endings.begin(), endings.end(), rest) != endings.end();
}

void add_unique(std::vector<std::string>& list, std::string value) {
  if (std::find(list.begin(), list.end(), value) == list.end()) list.push_back(std::move(value));
}

}  // namespace

// Plural and definite forms that Hunspell stems wrongly or not at all (städer -> städa, böcker
// unchanged, nätter -> nät): umlaut plurals, mostly. Checked before Hunspell, and for the last
// part of a compound (storstäder -> storstad); "a|b": both base forms. Documented in
// docs/search-index.md.
const std::vector<std::pair<std::string, std::string>>& SwedishLexicon::exceptions() {
  static const std::vector<std::pair<std::string, std::string>> list = [] {
    const std::vector<std::pair<std::string, std::vector<std::string>>> groups = {
        {"stad", {"städer", "städerna", "städernas", "städers"}},
        {"bostad", {"bostäder", "bostäderna", "bostädernas", "bostäders"}},
        {"bok", {"böcker", "böckerna", "böckernas", "böckers"}},
        {"natt", {"nätter", "nätterna", "nätternas", "nätters"}},
        {"man", {"män", "männen", "männens", "mäns"}},
        {"mus", {"möss", "mössen", "mössens"}},
        {"gås", {"gäss", "gässen", "gässens"}},
        {"lus", {"löss", "lössen"}},
        {"ko", {"kor", "korna", "kornas", "kors"}},
        {"fot", {"fötter", "fötterna", "fötternas"}},
        {"rot", {"rötter", "rötterna", "rötternas"}},
        {"tand", {"tänder", "tänderna", "tändernas"}},
        {"land", {"länder", "länderna", "ländernas", "länders"}},
        {"strand", {"stränder", "stränderna", "strändernas"}},
        {"hand", {"händer", "händerna", "händernas"}},
        {"brand", {"bränder", "bränderna", "brändernas"}},
        {"and", {"änder", "änderna"}},
        {"stång", {"stänger", "stängerna"}},
        {"tång", {"tänger"}},
        {"son", {"söner", "sönerna", "sönernas"}},
        {"bror|broder", {"bröder", "bröderna", "brödernas"}},
        {"far|fader", {"fäder", "fäderna"}},
        {"mor|moder", {"mödrar", "mödrarna", "mödrarnas"}},
        {"moder", {"moderns"}},  // not "modern", the adjective too
        {"dotter", {"döttrar", "döttrarna", "döttrarnas"}},
        {"bonde", {"bönder", "bönderna", "böndernas"}},
        {"fågel", {"fåglar", "fåglarna", "fåglarnas"}},
        {"öga", {"ögon", "ögonen"}},
        {"öra", {"öron", "öronen"}},
    };
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& [base, forms] : groups) {
      for (const std::string& form : forms) out.emplace_back(form, base);
    }
    return out;
  }();
  return list;
}

// A suffix rule of the affix file whose result may begin (X) or continue (U) a compound:
// "SFX v a s/WXZ a" makes skola into skols-. Applied backwards, it finds the root of a
// compound's first part.
struct LinkingRule {
  char flag = 0;
  std::string strip;  // removed from the root's end ("" for 0)
  std::string add;    // added instead
  // The condition on the root's end, one entry per character: the characters allowed (or, when
  // negated, refused); empty for any.
  struct Position {
    std::vector<std::string> characters;
    bool negated = false;
  };
  std::vector<Position> condition;

  bool matches(std::string_view root) const {
    std::vector<std::string> tail;  // the root's last characters, last first
    size_t end = root.size();
    while (tail.size() < condition.size() && end > 0) {
      size_t start = end - 1;
      while (start > 0 && !is_boundary(root, start)) --start;
      tail.push_back(std::string(root.substr(start, end - start)));
      end = start;
    }
    if (tail.size() < condition.size()) return false;
    for (size_t index = 0; index < condition.size(); ++index) {
      const Position& position = condition[condition.size() - 1 - index];
      if (position.characters.empty()) continue;  // "."
      bool listed = std::find(position.characters.begin(), position.characters.end(),
                              tail[index]) != position.characters.end();
      if (listed == position.negated) return false;
    }
    return true;
  }
};

std::vector<LinkingRule::Position> parse_condition(std::string_view text) {
  std::vector<LinkingRule::Position> out;
  size_t at = 0;
  auto next_character = [&](size_t from) {
    size_t end = from + 1;
    while (end < text.size() && !is_boundary(text, end)) ++end;
    return end;
  };
  while (at < text.size()) {
    LinkingRule::Position position;
    if (text[at] == '[') {
      ++at;
      if (at < text.size() && text[at] == '^') {
        position.negated = true;
        ++at;
      }
      while (at < text.size() && text[at] != ']') {
        size_t end = next_character(at);
        position.characters.emplace_back(text.substr(at, end - at));
        at = end;
      }
      ++at;  // ']'
    } else if (text[at] == '.') {
      ++at;
    } else {
      size_t end = next_character(at);
      position.characters.emplace_back(text.substr(at, end - at));
      at = end;
    }
    out.push_back(std::move(position));
  }
  return out;
}

struct SwedishLexicon::Impl {
  Impl(const std::string& affix, const std::string& dictionary)
      : hunspell(affix.c_str(), dictionary.c_str()) {}

  mutable std::mutex hunspell_mutex;  // Hunspell is not thread-safe
  mutable Hunspell hunspell;
  // Every root of the dictionary with its flags (duplicate roots merged).
  std::unordered_map<std::string, std::string> roots;
  std::vector<LinkingRule> linking_rules;
  std::unordered_map<std::string, std::vector<std::string>> exceptions;
  std::string description;

  mutable std::shared_mutex cache_mutex;
  mutable std::unordered_map<std::string, Analysis> cache;

  const std::string* flags_of(std::string_view root) const {
    auto found = roots.find(std::string(root));
    return found == roots.end() ? nullptr : &found->second;
  }
  bool has_flag(std::string_view root, char flag) const {
    const std::string* flags = flags_of(root);
    return flags != nullptr && flags->find(flag) != std::string::npos;
  }

  std::vector<std::string> stems(const std::string& word) const {
    std::lock_guard lock(hunspell_mutex);
    return hunspell.stem(word);
  }
  bool spells(const std::string& word) const {
    std::lock_guard lock(hunspell_mutex);
    return hunspell.spell(word);
  }

  // Base forms of a word as a whole: the exception list, then Hunspell's stems that are words
  // and close to the word (Hunspell stems some compounds to one of their parts:
  // befolkningsförändringar -> förändring).
  std::vector<std::string> simple_base_forms(const std::string& word) const {
    if (auto exception = exceptions.find(word); exception != exceptions.end()) {
      return exception->second;
    }
    // A compound ending in an irregular form: storstäder -> storstad.
    for (const auto& [form, bases] : exceptions) {
      if (word.size() > form.size() && word.ends_with(form) && characters(form) >= kMinPartChars) {
        std::string head = word.substr(0, word.size() - form.size());
        if (!head_base(head, true)) continue;
        std::vector<std::string> out;
        for (const std::string& base : bases) out.push_back(head + base);
        return out;
      }
    }
    std::vector<std::string> found = stems(word);
    // Agent nouns in -are: Hunspell stems their inflections to the verb (invandrarna ->
    // invandra), which is another word.
    for (std::string_view ending : {"ares", "aren", "arens", "arna", "arnas"}) {
      if (!word.ends_with(ending) || word.size() <= ending.size() + 2) continue;
      std::string stem = word.substr(0, word.size() - ending.size());
      if (std::find(found.begin(), found.end(), stem + "a") == found.end()) continue;
      if (spells(stem + "are")) return {stem + "are"};
    }
    std::vector<std::string> out;
    // Participles inflect as adjectives, which Hunspell stems unevenly (nominerade ->
    // nominera, nominerad -> nominerad; valda -> valda): their -d form is a base form too.
    for (std::string_view ending : {"ade", "da"}) {
      if (!word.ends_with(ending) || word.size() <= ending.size() + 2) continue;
      std::string participle = word.substr(0, word.size() - 1);
      if (spells(participle)) out.push_back(participle);
    }
    if (word.size() > 3 && word.back() == 'd' && spells(word)) out.push_back(word);
    size_t length = characters(word);
    for (std::string& stem : found) {
      if (stem.empty() || stem[0] != word[0] || length > characters(stem) + kMaxEndingChars)
        continue;
      // A stem the word starts with must be followed by an inflection ending: Hunspell stems
      // some compounds to their first part (medianålder -> median, indexfond -> index).
      if (word.starts_with(stem) && !is_ending(std::string_view(word).substr(stem.size())))
        continue;
      if (flags_of(stem) == nullptr && !spells(stem)) continue;
      add_unique(out, std::move(stem));
    }
    return out;
  }

  // A form that exists only inside compounds (kyrko-, skatte-, högskole-) as the word it
  // stands for: kyrka, skatt, högskola.
  std::string word_of_form(const std::string& form) const {
    if (form.size() < 2) return form;
    std::string stem = form.substr(0, form.size() - 1);
    char last = form.back();
    std::vector<std::string> candidates;
    if (last == 'e') candidates = {stem, stem + "a"};
    if (last == 'o' || last == 'u') candidates = {stem + "a", stem + "e"};
    if (last == 's') candidates = {stem};
    for (const std::string& candidate : candidates) {
      if (flags_of(candidate) != nullptr) return candidate;
    }
    return form;
  }

  // The base form of a compound's first (or middle) part as written there. Strictly, as the
  // dictionary's flags allow: a root that may begin or continue compounds (vatten-), or a form
  // one of the affix file's linking rules makes (befolkning-s-, kyrk-o-). Leniently, for words
  // the dictionary does not know as a whole: any root of three characters or more, with a
  // linking s or e or a changed final vowel.
  std::optional<std::string> head_base(const std::string& head, bool strict) const {
    if (const std::string* flags = flags_of(head)) {
      if (flags->find('X') != std::string::npos || flags->find('U') != std::string::npos) {
        return flags->find('Z') != std::string::npos ? word_of_form(head) : head;
      }
    }
    for (const LinkingRule& rule : linking_rules) {
      if (!head.ends_with(rule.add)) continue;
      std::string root = head.substr(0, head.size() - rule.add.size()) + rule.strip;
      if (!has_flag(root, rule.flag) || !rule.matches(root)) continue;
      // A linking s or e after a root is that root's (hushåll-s-, lön-e-), even where a longer
      // word (the verbs hushålla, löna) makes the same form.
      std::string bare = head.substr(0, head.size() - 1);
      if ((head.back() == 's' || head.back() == 'e') && root != bare &&
          characters(bare) >= kMinPartChars && flags_of(bare) != nullptr) {
        return bare;
      }
      return root;
    }
    if (strict) return std::nullopt;
    if (flags_of(head) != nullptr) return head;
    std::string shorter = head.substr(0, head.size() - 1);
    if ((head.back() == 's' || head.back() == 'e') && characters(shorter) >= kMinPartChars &&
        flags_of(shorter) != nullptr) {
      return shorter;
    }
    std::string mapped = word_of_form(head);
    if (mapped != head) return mapped;
    return std::nullopt;
  }

  // The base form of a compound's last part: strictly, a root that may end compounds;
  // leniently, any word.
  std::string tail_base(const std::string& tail, bool strict) const {
    for (const std::string& base : simple_base_forms(tail)) {
      if (!strict || has_flag(base, 'Y')) return base;
    }
    // A derivation (arbetare, of arbeta) is its own base form: leniently any, strictly one of
    // a root that may end compounds.
    if (spells(tail)) {
      if (!strict) return tail;
      for (const std::string& stem : stems(tail)) {
        if (has_flag(stem, 'Y')) return tail;
      }
    }
    return {};
  }

  struct Part {
    std::string written;
    std::string base;
  };

  // Splits a word into parts: first and middle parts, then a last part, as few as possible
  // (and of those, the longest first part). Empty when the word is no compound.
  // How strictly parts are checked: as the dictionary's flags say; with any word as the last
  // part (for words Hunspell made by compounding or derivation, whose flags it does not show);
  // or with any root as a first part too (for words Hunspell does not know).
  enum class Mode { kStrict, kAnyLastPart, kAnyPart };

  // Of two ways to split a word, the one with fewer parts; of as many, the one whose shortest
  // part is longer (bostads|hushåll rather than bostadshus|håll); then the longer first part.
  static bool better(const std::vector<Part>& candidate, const std::vector<Part>& chosen) {
    if (candidate.size() != chosen.size()) return candidate.size() < chosen.size();
    auto shortest = [](const std::vector<Part>& parts) {
      size_t out = SIZE_MAX;
      for (const Part& part : parts) out = std::min(out, characters(part.written));
      return out;
    };
    size_t a = shortest(candidate), b = shortest(chosen);
    if (a != b) return a > b;
    return candidate.front().written.size() > chosen.front().written.size();
  }

  std::vector<Part> segments(const std::string& word, Mode mode) const {
    if (characters(word) < 2 * kMinPartChars) return {};
    // best[i]: the parts of word[i..] as middle parts and a last part.
    std::vector<std::optional<std::vector<Part>>> best(word.size() + 1);
    for (size_t from = word.size(); from-- > 0;) {
      if (!is_boundary(word, from) && from != 0) continue;
      std::optional<std::vector<Part>> choice;
      std::string rest = word.substr(from);
      if (from > 0 && characters(rest) >= kMinPartChars) {
        std::string base = tail_base(rest, mode == Mode::kStrict);
        if (!base.empty()) choice = std::vector<Part>{{rest, base}};
      }
      for (size_t to = word.size() - 1; to > from; --to) {
        if (!is_boundary(word, to) || !best[to]) continue;
        std::string head = word.substr(from, to - from);
        if (characters(head) < kMinPartChars) continue;
        std::optional<std::string> base = head_base(head, mode != Mode::kAnyPart);
        if (!base) continue;
        std::vector<Part> parts{{head, *base}};
        parts.insert(parts.end(), best[to]->begin(), best[to]->end());
        if (!choice || better(parts, *choice)) choice = std::move(parts);
      }
      best[from] = std::move(choice);
    }
    if (!best[0] || best[0]->size() < 2) return {};
    return *best[0];
  }

  // Every part's base form, the parts of parts (grundvatten: grund, vatten) and adjacent parts
  // joined (kustfågelövervakning: kustfågel, fågelövervakning).
  void add_parts(const std::vector<Part>& parts, std::vector<std::string>& out) const {
    for (const Part& part : parts) add_unique(out, part.base);
    if (parts.size() >= 3) {
      for (size_t index = 0; index + 1 < parts.size(); ++index)
        add_unique(out, parts[index].written + parts[index + 1].base);
    }
    for (const Part& part : parts) {
      for (const Part& inner : segments(part.base, Mode::kStrict)) add_unique(out, inner.base);
    }
  }

  Analysis analyse(const std::string& word) const {
    Analysis out;
    out.base_forms = simple_base_forms(word);
    std::vector<Part> parts = segments(word, Mode::kStrict);
    // A word whose base form is no root of the dictionary (Hunspell made it by compounding or
    // derivation: industriarbetare), or one Hunspell does not know (artfynd): split leniently.
    bool root = std::any_of(out.base_forms.begin(), out.base_forms.end(),
                            [&](const std::string& base) { return flags_of(base) != nullptr; });
    out.known = spells(word);
    bool known = !out.base_forms.empty() || out.known;
    if (parts.empty() && !root) parts = segments(word, known ? Mode::kAnyLastPart : Mode::kAnyPart);
    if (!parts.empty()) {
      if (out.base_forms.empty()) {
        std::string base;
        for (size_t index = 0; index + 1 < parts.size(); ++index) base += parts[index].written;
        out.base_forms.push_back(base + parts.back().base);
      }
      add_parts(parts, out.parts);
      return out;
    }
    // A word Hunspell accepts without giving a stem (made by compounding) is its own base form.
    if (out.base_forms.empty() && known) out.base_forms.push_back(word);
    // A root whose parts show in its base form only (trafikolyckorna -> trafikolycka).
    for (const std::string& base : out.base_forms) {
      if (base != word) add_parts(segments(base, Mode::kStrict), out.parts);
    }
    return out;
  }
};

SwedishLexicon::SwedishLexicon(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SwedishLexicon::~SwedishLexicon() = default;

Result<std::shared_ptr<const SwedishLexicon>> SwedishLexicon::load(const std::string& base) {
  std::string affix = base + ".aff";
  std::string dictionary = base + ".dic";
  std::error_code error;
  for (const std::string& path : {affix, dictionary}) {
    if (!std::filesystem::is_regular_file(path, error)) {
      return make_error(ErrorCode::kNotFound, "Swedish lexicon: no file " + path);
    }
  }
  auto impl = std::make_unique<Impl>(affix, dictionary);
  std::ifstream in(dictionary);
  std::string line;
  std::getline(in, line);  // the number of roots
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    size_t slash = line.find('/');
    // A slash escaped with a backslash belongs to the word (rare; such words are skipped).
    std::string root = line.substr(0, slash);
    std::string flags = slash == std::string::npos ? "" : line.substr(slash + 1);
    if (size_t space = flags.find_first_of(" \t"); space != std::string::npos) flags.resize(space);
    if (root.empty() || root.size() > kMaxWordBytes) continue;
    impl->roots[root] += flags;
  }
  // The suffix rules whose results begin or continue compounds.
  std::ifstream affixes(affix);
  while (std::getline(affixes, line)) {
    if (!line.starts_with("SFX")) continue;
    std::vector<std::string> fields;
    size_t at = 0;
    while (at < line.size()) {
      size_t start = line.find_first_not_of(" \t", at);
      if (start == std::string::npos) break;
      size_t end = line.find_first_of(" \t", start);
      fields.push_back(
          line.substr(start, end == std::string::npos ? std::string::npos : end - start));
      at = end == std::string::npos ? line.size() : end;
    }
    if (fields.size() < 5 || fields[1].size() != 1) continue;
    size_t slash = fields[3].find('/');
    if (slash == std::string::npos) continue;
    std::string continuation = fields[3].substr(slash + 1);
    if (continuation.find_first_of("XU") == std::string::npos) continue;
    LinkingRule rule;
    rule.flag = fields[1][0];
    rule.strip = fields[2] == "0" ? "" : fields[2];
    rule.add = fields[3].substr(0, slash);
    if (rule.add == "0") rule.add.clear();
    rule.condition = parse_condition(fields[4]);
    impl->linking_rules.push_back(std::move(rule));
  }
  if (impl->roots.size() < 1000) {
    return make_error(ErrorCode::kBadRequest,
                      "Swedish lexicon: " + dictionary + " holds too few words to be one");
  }
  for (const auto& [form, bases] : exceptions()) {
    std::vector<std::string>& list = impl->exceptions[form];
    size_t start = 0;
    while (start <= bases.size()) {
      size_t bar = bases.find('|', start);
      list.push_back(
          bases.substr(start, bar == std::string::npos ? std::string::npos : bar - start));
      if (bar == std::string::npos) break;
      start = bar + 1;
    }
  }
  impl->description = std::filesystem::path(base).filename().string() + ": " +
                      std::to_string(impl->roots.size()) + " roots";
  return std::shared_ptr<const SwedishLexicon>(new SwedishLexicon(std::move(impl)));
}

SwedishLexicon::Analysis SwedishLexicon::analyse(std::string_view word) const {
  if (word.empty() || word.size() > kMaxWordBytes) return {};
  std::string key(word);
  {
    std::shared_lock lock(impl_->cache_mutex);
    if (auto found = impl_->cache.find(key); found != impl_->cache.end()) return found->second;
  }
  Analysis analysis = impl_->analyse(key);
  std::unique_lock lock(impl_->cache_mutex);
  if (impl_->cache.size() >= kMaxCached) impl_->cache.clear();
  impl_->cache.emplace(std::move(key), analysis);
  return analysis;
}

const std::string& SwedishLexicon::description() const { return impl_->description; }

}  // namespace samverka::search
