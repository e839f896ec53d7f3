// SPDX-License-Identifier: Apache-2.0
// Test tool: what the Swedish lexicon and the bilingual dictionary make of words, for tuning the
// search and reading its test set's misses. Usage: analyse_words WORD...
#include <cstdio>
#include <string>

#include "search/bilingual_dictionary.h"
#include "search/swedish_lexicon.h"

int main(int argc, char** argv) {
  using namespace samverka::search;
  auto lexicon = SwedishLexicon::load("/usr/share/hunspell/sv_SE");
  if (!lexicon.ok()) {
    std::fprintf(stderr, "analyse_words: %s\n", lexicon.error().message.c_str());
    return 1;
  }
  auto dictionary = BilingualDictionary::load(
      {{"/usr/share/dictd/freedict-swe-eng", true}, {"/usr/share/dictd/freedict-eng-swe", false}},
      BilingualDictionary::glossary(), nullptr);
  auto list = [](const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
    return out;
  };
  for (int index = 1; index < argc; ++index) {
    std::string word = argv[index];
    auto analysis = lexicon.value()->analyse(word);
    std::printf("%s\n  base forms: %s\n  parts: %s\n  english: %s\n  swedish (as English): %s\n",
                word.c_str(), list(analysis.base_forms).c_str(), list(analysis.parts).c_str(),
                list(dictionary->english(word)).c_str(), list(dictionary->swedish(word)).c_str());
    for (const auto& base : analysis.base_forms) {
      if (base != word) std::printf("  english of %s: %s\n", base.c_str(), list(dictionary->english(base)).c_str());
    }
  }
  return 0;
}
