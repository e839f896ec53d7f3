// SPDX-License-Identifier: Apache-2.0
#include "catalog/vocabulary/vocabulary.h"

#include <boost/json.hpp>
#include <cctype>
#include <map>
#include <memory>

#include "core/text.h"

namespace samverka::catalog {

extern const char* const kVocabulariesJson;  // generated from vocabularies.json at build time

namespace {
std::string_view trim_slash(std::string_view text) {
  while (!text.empty() && text.back() == '/') text.remove_suffix(1);
  return text;
}

const std::map<std::string, std::unique_ptr<Vocabulary>, std::less<>>& registry() {
  static const auto* vocabularies = [] {
    auto* map = new std::map<std::string, std::unique_ptr<Vocabulary>, std::less<>>();
    auto root = boost::json::parse(kVocabulariesJson).as_object();
    for (const auto& [name, list] : root) {
      std::vector<VocabularyEntry> entries;
      for (const auto& item : list.as_array()) {
        const auto& object = item.as_object();
        entries.push_back({std::string(object.at("code").as_string()),
                           std::string(object.at("iri").as_string()),
                           std::string(object.at("label_sv").as_string()),
                           std::string(object.at("label_en").as_string())});
      }
      (*map)[std::string(name)] =
          std::make_unique<Vocabulary>(std::string(name), std::move(entries));
    }
    return map;
  }();
  return *vocabularies;
}
}  // namespace

Vocabulary::Vocabulary(std::string name, std::vector<VocabularyEntry> entries)
    : name_(std::move(name)), entries_(std::move(entries)) {
  for (size_t index = 0; index < entries_.size(); ++index) {
    by_key_.emplace(text::ascii_upper(entries_[index].code), index);
    by_key_.emplace(std::string(trim_slash(entries_[index].iri)), index);
  }
}

const VocabularyEntry* Vocabulary::find(std::string_view code_or_iri) const {
  std::string_view trimmed = trim_slash(code_or_iri);
  std::string key = trimmed.find("://") != std::string_view::npos ? std::string(trimmed)
                                                                  : text::ascii_upper(trimmed);
  auto found = by_key_.find(key);
  return found == by_key_.end() ? nullptr : &entries_[found->second];
}

const Vocabulary* find_vocabulary(std::string_view name) {
  auto found = registry().find(name);
  return found == registry().end() ? nullptr : found->second.get();
}

std::vector<std::string> vocabulary_names() {
  std::vector<std::string> names;
  for (const auto& [name, vocabulary] : registry()) names.push_back(name);
  return names;
}

}  // namespace samverka::catalog
