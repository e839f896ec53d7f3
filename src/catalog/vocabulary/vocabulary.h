// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace samverka::catalog {

struct VocabularyEntry {
  std::string code;  // e.g. ENVI, CSV, SWE, CC-BY-4.0
  std::string iri;
  std::string label_sv;
  std::string label_en;
};

// A controlled vocabulary of DCAT-AP-SE 3.0.1 / the EU Publications Office, with Swedish and
// English labels. Built into the binary from src/catalog/vocabularies.json (generated from the
// standards folder by scripts/gen-vocabularies). Immutable; safe from any thread.
class Vocabulary {
 public:
  Vocabulary(std::string name, std::vector<VocabularyEntry> entries);

  const std::string& name() const { return name_; }
  const std::vector<VocabularyEntry>& entries() const { return entries_; }

  // Accepts a code (case-insensitive) or the full IRI (a trailing slash ignored).
  const VocabularyEntry* find(std::string_view code_or_iri) const;

 private:
  std::string name_;
  std::vector<VocabularyEntry> entries_;
  std::unordered_map<std::string, size_t> by_key_;  // upper-case code and slash-less IRI
};

// The named vocabularies: data-theme, access-right, frequency, language, file-type,
// distribution-status, planned-availability, publisher-type, hvd-category,
// applicable-legislation, contact-kind, license.
const Vocabulary* find_vocabulary(std::string_view name);
std::vector<std::string> vocabulary_names();

}  // namespace samverka::catalog
