// SPDX-License-Identifier: Apache-2.0
#pragma once
// Swedish words as a lexicon knows them: their base forms and the parts of compounds, from
// Debian's Swedish Hunspell dictionary (hunspell-sv), corrected by a short list of irregular
// forms it gets wrong. Immutable once loaded, safe from any thread; answers are cached.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace samverka::search {

class SwedishLexicon {
 public:
  // What the lexicon makes of one lower-case word.
  struct Analysis {
    // Base forms: "sjöar" -> sjö, "städer" -> stad, "kommunernas" -> kommun,
    // "cykelvägnätet" -> cykelvägnät. Empty when the word is unknown.
    std::vector<std::string> base_forms;
    // The parts of a compound as base forms, every level: "grundvattennivåer" -> grundvatten,
    // nivå, grund, vatten. Empty for a simple or unknown word.
    std::vector<std::string> parts;
    // Hunspell accepts the word as written (inflected or compounded).
    bool known = false;
  };

  // Loads BASE.aff and BASE.dic (e.g. /usr/share/hunspell/sv_SE).
  static Result<std::shared_ptr<const SwedishLexicon>> load(const std::string& base);
  ~SwedishLexicon();
  SwedishLexicon(const SwedishLexicon&) = delete;
  SwedishLexicon& operator=(const SwedishLexicon&) = delete;

  Analysis analyse(std::string_view word) const;
  // What was loaded, for logs and the index's metadata: "sv_SE: 152175 roots".
  const std::string& description() const;

  // The irregular forms the lexicon is corrected with: (form, base form).
  static const std::vector<std::pair<std::string, std::string>>& exceptions();

 private:
  struct Impl;
  explicit SwedishLexicon(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace samverka::search
