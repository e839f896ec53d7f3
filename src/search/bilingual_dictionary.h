// SPDX-License-Identifier: Apache-2.0
#pragma once
// Swedish-English word pairs for searching across the two languages: FreeDict's dictionaries as
// Debian installs them (dictd files), a glossary of the words public data is described with, and
// pairs the caller adds (the EU vocabularies' Swedish and English labels). Immutable once
// loaded, safe from any thread.

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.h"

namespace samverka::search {

class BilingualDictionary {
 public:
  struct Pair {
    std::string swedish;  // a base form, lower case
    std::string english;  // a word or a short phrase, lower case
  };
  // A dictd dictionary: BASE.index and BASE.dict.dz (e.g.
  // /usr/share/dictd/freedict-swe-eng), Swedish to English or English to Swedish.
  struct DictdFile {
    std::string base;
    bool swedish_to_english = true;
  };

  // Loads the files that exist; a missing or unreadable one is named in `problems` and left out.
  static std::shared_ptr<const BilingualDictionary> load(const std::vector<DictdFile>& files,
                                                         const std::vector<Pair>& extra,
                                                         std::vector<std::string>* problems);

  // English words and phrases for a Swedish base form.
  const std::vector<std::string>& english(std::string_view swedish) const;
  // Swedish base forms for an English word, looked up by its English stem (lakes -> lake).
  const std::vector<std::string>& swedish(std::string_view english_word) const;
  // Swedish base forms for an English phrase of two or three words, by their stems (life
  // expectancy -> livslängd, sick leave -> sjukfrånvaro).
  const std::vector<std::string>& swedish_for_phrase(const std::vector<std::string>& words) const;
  size_t size() const { return pairs_; }
  // What was loaded, for logs and the index's metadata.
  const std::string& description() const { return description_; }

  // The glossary built into samverka (search/glossary.cc).
  static std::vector<Pair> glossary();

 private:
  void add(const std::string& swedish, const std::string& english);
  std::unordered_map<std::string, std::vector<std::string>> to_english_;
  std::unordered_map<std::string, std::vector<std::string>> to_swedish_;  // by English stem
  std::unordered_map<std::string, std::vector<std::string>> phrases_;     // by stems, spaced
  size_t pairs_ = 0;
  std::string description_;
};

}  // namespace samverka::search
