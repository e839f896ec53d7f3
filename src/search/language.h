// SPDX-License-Identifier: Apache-2.0
#pragma once
// The language data search analyses text with: the Swedish lexicon (base forms, compounds) and
// the Swedish-English dictionary (search across the two languages). Either may be missing: the
// search then falls back to Snowball's stemmers and finds nothing through translation.

#include <functional>
#include <memory>
#include <string>

#include "search/bilingual_dictionary.h"
#include "search/swedish_lexicon.h"

namespace samverka::search {

struct LanguageResources {
  std::shared_ptr<const SwedishLexicon> swedish;
  std::shared_ptr<const BilingualDictionary> bilingual;
  // What was loaded, stored in each index: an index built with other language data is rebuilt
  // when the server starts.
  std::string description() const;
};

// Set once by the composition root, before any index is opened (like set_facets): the data
// itself, or how to load it, which then happens at the first use (loading the lexicon and the
// dictionaries takes a quarter of a second that commands which never search need not spend).
void set_language_resources(LanguageResources resources);
void set_language_loader(std::function<LanguageResources()> load);
// The language data, loaded on the first call when a loader was set. Thread-safe.
const LanguageResources& language_resources();

}  // namespace samverka::search
