// SPDX-License-Identifier: Apache-2.0
// Reading dictd dictionaries (FreeDict's, as Debian ships them) into Swedish-English pairs.
#include "search/bilingual_dictionary.h"

#include <zlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>

#include "search/xapian_detail.h"

namespace samverka::search {

namespace {

// At most this many translations are kept per word: a query word widens to no more terms.
constexpr size_t kMaxTranslations = 8;
// Translations of more words than this are explanations, not equivalents.
constexpr size_t kMaxPhraseWords = 3;
// A dictionary file larger than this is not one of FreeDict's (the two are 100 KB).
constexpr size_t kMaxDictionaryBytes = size_t{64} << 20;

const std::vector<std::string> kNone;

std::string lower(std::string_view text) { return Xapian::Unicode::tolower(std::string(text)); }

std::string trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r'))
    text.remove_suffix(1);
  return std::string(text);
}

// dictd writes offsets and lengths as base-64 numbers, most significant digit first.
std::optional<size_t> dictd_number(std::string_view digits) {
  static const std::string alphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  size_t value = 0;
  if (digits.empty() || digits.size() > 8) return std::nullopt;
  for (char c : digits) {
    size_t digit = alphabet.find(c);
    if (digit == std::string::npos) return std::nullopt;
    value = value * 64 + digit;
  }
  return value;
}

Result<std::string> read_gzip(const std::string& path) {
  gzFile file = gzopen(path.c_str(), "rb");
  if (file == nullptr) return make_error(ErrorCode::kNotFound, "cannot open " + path);
  std::string out;
  char buffer[65536];
  int read = 0;
  while ((read = gzread(file, buffer, sizeof buffer)) > 0) {
    out.append(buffer, static_cast<size_t>(read));
    if (out.size() > kMaxDictionaryBytes) break;
  }
  bool failed = read < 0 || out.size() > kMaxDictionaryBytes;
  gzclose(file);
  if (failed) return make_error(ErrorCode::kBadRequest, path + " is not a readable dictionary");
  return out;
}

// The translations of one entry: its lines after the headword, senses numbered "1. " or not,
// equivalents separated by commas or semicolons; notes in parentheses dropped.
std::vector<std::string> translations_of(std::string_view body) {
  std::vector<std::string> out;
  size_t first_line_end = body.find('\n');
  if (first_line_end == std::string_view::npos) return out;
  std::string_view rest = body.substr(first_line_end + 1);
  std::string cleaned;
  int depth = 0;
  for (char c : rest) {
    if (c == '(' || c == '[') ++depth;
    if (depth == 0) cleaned.push_back(c == ';' || c == '\n' ? ',' : c);
    if ((c == ')' || c == ']') && depth > 0) --depth;
  }
  std::string_view text(cleaned);
  while (!text.empty()) {
    size_t comma = text.find(',');
    std::string item = trim(text.substr(0, comma));
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    // A sense number: "1. lake".
    size_t digits = 0;
    while (digits < item.size() && item[digits] >= '0' && item[digits] <= '9') ++digits;
    if (digits > 0 && digits < item.size() && item[digits] == '.')
      item = trim(item.substr(digits + 1));
    if (item.empty() || item.find_first_of("0123456789/=<>{}\"") != std::string::npos) continue;
    if (static_cast<size_t>(std::count(item.begin(), item.end(), ' ')) >= kMaxPhraseWords) continue;
    out.push_back(lower(item));
  }
  return out;
}

}  // namespace

void BilingualDictionary::add(const std::string& swedish, const std::string& english) {
  if (swedish.empty() || english.empty()) return;
  thread_local const Xapian::Stem stem("english");  // a stemmer keeps state: one per thread
  bool added = false;
  auto& to_english = to_english_[swedish];
  if (to_english.size() < kMaxTranslations &&
      std::find(to_english.begin(), to_english.end(), english) == to_english.end()) {
    to_english.push_back(english);
    added = true;
  }
  std::vector<std::string> words = detail::words_of(english);
  if (words.size() >= 2 && words.size() <= kMaxPhraseWords) {
    std::string key;
    for (const std::string& word : words) key += (key.empty() ? "" : " ") + stem(word);
    auto& to_swedish = phrases_[key];
    if (to_swedish.size() < kMaxTranslations &&
        std::find(to_swedish.begin(), to_swedish.end(), swedish) == to_swedish.end()) {
      to_swedish.push_back(swedish);
      added = true;
    }
  }
  if (english.find(' ') == std::string::npos) {
    auto& to_swedish = to_swedish_[stem(english)];
    if (to_swedish.size() < kMaxTranslations &&
        std::find(to_swedish.begin(), to_swedish.end(), swedish) == to_swedish.end()) {
      to_swedish.push_back(swedish);
      added = true;
    }
  }
  if (added) ++pairs_;
}

std::shared_ptr<const BilingualDictionary> BilingualDictionary::load(
    const std::vector<DictdFile>& files, const std::vector<Pair>& extra,
    std::vector<std::string>* problems) {
  auto dictionary = std::make_shared<BilingualDictionary>();
  // The glossary and the caller's pairs first: they are the better translations, and each word
  // keeps at most kMaxTranslations.
  for (const Pair& pair : extra) dictionary->add(lower(pair.swedish), lower(pair.english));
  std::vector<std::string> loaded;
  for (const DictdFile& file : files) {
    std::string index_path = file.base + ".index";
    std::string body_path = file.base + ".dict.dz";
    std::error_code error;
    if (!std::filesystem::is_regular_file(index_path, error) ||
        !std::filesystem::is_regular_file(body_path, error)) {
      if (problems != nullptr)
        problems->push_back("no dictionary " + file.base + ".{index,dict.dz}");
      continue;
    }
    Result<std::string> body = read_gzip(body_path);
    if (!body.ok()) {
      if (problems != nullptr) problems->push_back(body.error().message);
      continue;
    }
    std::ifstream index(index_path);
    std::string line;
    size_t entries = 0;
    while (std::getline(index, line)) {
      size_t first_tab = line.find('\t');
      size_t second_tab = line.find('\t', first_tab + 1);
      if (first_tab == std::string::npos || second_tab == std::string::npos) continue;
      std::string headword = lower(trim(line.substr(0, first_tab)));
      if (headword.rfind("00database", 0) == 0 || headword.rfind("00-database", 0) == 0) continue;
      auto offset = dictd_number(line.substr(first_tab + 1, second_tab - first_tab - 1));
      auto length = dictd_number(line.substr(second_tab + 1));
      if (!offset || !length || *offset > body->size() || *length > body->size() - *offset)
        continue;
      // Swedish phrases are not looked up; English ones are, as phrases of the query.
      if (file.swedish_to_english && headword.find(' ') != std::string::npos) continue;
      for (const std::string& translation :
           translations_of(std::string_view(*body).substr(*offset, *length))) {
        if (file.swedish_to_english)
          dictionary->add(headword, translation);
        else if (translation.find(' ') == std::string::npos)
          dictionary->add(translation, headword);
      }
      ++entries;
    }
    loaded.push_back(std::filesystem::path(file.base).filename().string() + " (" +
                     std::to_string(entries) + " entries)");
  }
  dictionary->description_ = std::to_string(extra.size()) + " glossary pairs";
  for (const std::string& name : loaded) dictionary->description_ += ", " + name;
  return dictionary;
}

const std::vector<std::string>& BilingualDictionary::english(std::string_view swedish) const {
  auto found = to_english_.find(std::string(swedish));
  return found == to_english_.end() ? kNone : found->second;
}

const std::vector<std::string>& BilingualDictionary::swedish_for_phrase(
    const std::vector<std::string>& words) const {
  thread_local const Xapian::Stem stem("english");  // a stemmer keeps state: one per thread
  std::string key;
  for (const std::string& word : words) key += (key.empty() ? "" : " ") + stem(lower(word));
  auto found = phrases_.find(key);
  return found == phrases_.end() ? kNone : found->second;
}

const std::vector<std::string>& BilingualDictionary::swedish(std::string_view english_word) const {
  thread_local const Xapian::Stem stem("english");  // a stemmer keeps state: one per thread
  auto found = to_swedish_.find(stem(lower(english_word)));
  return found == to_swedish_.end() ? kNone : found->second;
}

}  // namespace samverka::search
