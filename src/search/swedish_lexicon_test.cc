// SPDX-License-Identifier: Apache-2.0
// The Swedish lexicon over Debian's real Hunspell dictionary and FreeDict's dictionaries.
#include "search/swedish_lexicon.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "search/bilingual_dictionary.h"

namespace samverka::search {
namespace {

const SwedishLexicon& lexicon() {
  static std::shared_ptr<const SwedishLexicon> loaded = [] {
    auto result = SwedishLexicon::load("/usr/share/hunspell/sv_SE");
    if (!result.ok()) throw std::runtime_error(result.error().message);
    return result.value();
  }();
  return *loaded;
}

bool contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

std::string joined(const std::vector<std::string>& list) {
  std::string out;
  for (const auto& item : list) out += (out.empty() ? "" : " ") + item;
  return out;
}

TEST(SwedishLexicon, BaseFormsOfRegularAndIrregularForms) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"sjöar", "sjö"},          {"sjöarna", "sjö"},         {"länder", "land"},
      {"städer", "stad"},        {"böcker", "bok"},          {"fåglar", "fågel"},
      {"kommunernas", "kommun"}, {"vägarna", "väg"},         {"bostäder", "bostad"},
      {"nätter", "natt"},        {"männen", "man"},          {"skolor", "skola"},
      {"länen", "län"},          {"storstäder", "storstad"}, {"cykelvägnätet", "cykelvägnät"},
  };
  for (const auto& [word, base] : cases) {
    auto analysis = lexicon().analyse(word);
    EXPECT_TRUE(contains(analysis.base_forms, base))
        << word << " -> [" << joined(analysis.base_forms) << "], expected " << base;
  }
  // Hunspell's own wrong answer for städer (the verb städa) is not kept.
  EXPECT_FALSE(contains(lexicon().analyse("städer").base_forms, "städa"));
}

TEST(SwedishLexicon, CompoundPartsFollowTheDictionary) {
  const std::vector<std::pair<std::string, std::vector<std::string>>> cases = {
      {"trafikolyckor", {"trafik", "olycka"}},
      {"vattenkvalitet", {"vatten", "kvalitet"}},
      {"grundvattennivåer", {"grundvatten", "nivå", "grund", "vatten"}},
      {"befolkningsförändringar", {"befolkning", "förändring"}},
      {"luftföroreningar", {"luft", "förorening"}},
      {"cykelvägar", {"cykel", "väg"}},
  };
  for (const auto& [word, parts] : cases) {
    auto analysis = lexicon().analyse(word);
    for (const std::string& part : parts) {
      EXPECT_TRUE(contains(analysis.parts, part))
          << word << " -> [" << joined(analysis.parts) << "], expected " << part;
    }
  }
  // Words that merely start or end like other words are no compounds of them.
  for (const std::string& word : {"kommunen", "förändring", "sjöar", "landskap", "befolkning"}) {
    auto analysis = lexicon().analyse(word);
    for (const std::string& wrong : {"kom", "mun", "ring", "ändring", "skap", "kap"}) {
      EXPECT_FALSE(contains(analysis.parts, wrong))
          << word << " -> [" << joined(analysis.parts) << "]";
    }
  }
}

TEST(SwedishLexicon, UnknownAndOversizedWordsHaveNoAnalysis) {
  EXPECT_TRUE(lexicon().analyse("xqzzyv").base_forms.empty());
  EXPECT_TRUE(lexicon().analyse(std::string(500, 'a')).base_forms.empty());
  EXPECT_TRUE(lexicon().analyse("").parts.empty());
}

TEST(SwedishLexicon, MissingFilesAreAnError) {
  auto missing = SwedishLexicon::load("/nonexistent/sv_SE");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("/nonexistent/sv_SE.aff"), std::string::npos);
}

TEST(BilingualDictionary, FreeDictAndTheGlossaryBothWays) {
  std::vector<std::string> problems;
  auto dictionary = BilingualDictionary::load(
      {{"/usr/share/dictd/freedict-swe-eng", true}, {"/usr/share/dictd/freedict-eng-swe", false}},
      BilingualDictionary::glossary(), &problems);
  EXPECT_TRUE(problems.empty()) << joined(problems);
  EXPECT_GT(dictionary->size(), 5000u);
  EXPECT_TRUE(contains(dictionary->english("sjö"), "lake"));             // FreeDict swe-eng
  EXPECT_TRUE(contains(dictionary->english("kommun"), "municipality"));  // the glossary
  EXPECT_TRUE(contains(dictionary->swedish("lakes"), "sjö"));            // by English stem
  EXPECT_TRUE(contains(dictionary->swedish("accidents"), "olycka"));
  EXPECT_TRUE(dictionary->english("xqzzyv").empty());
  auto none = BilingualDictionary::load({{"/nonexistent/freedict-swe-eng", true}}, {}, &problems);
  EXPECT_EQ(none->size(), 0u);
  EXPECT_FALSE(problems.empty());
}

}  // namespace
}  // namespace samverka::search
