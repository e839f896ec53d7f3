// SPDX-License-Identifier: Apache-2.0
#pragma once
// The language data search analyses text with: the Swedish lexicon (base forms, compounds) and
// the Swedish-English dictionary (search across the two languages). Either may be missing: the
// search then falls back to Snowball's stemmers and finds nothing through translation.

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

// Set once by the composition root, before any index is opened (like set_facets).
void set_language_resources(LanguageResources resources);
const LanguageResources& language_resources();

}  // namespace samverka::search
