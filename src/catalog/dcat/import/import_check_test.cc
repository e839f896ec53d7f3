// SPDX-License-Identifier: Apache-2.0
// Checking imported datasets: what is kept published, kept as a draft, left out or rejected.
#include "catalog/dcat/import/import_check.h"

#include <gtest/gtest.h>

namespace samverka::catalog::importing {
namespace {

std::vector<std::string> fields_of(const std::vector<FieldError>& errors) {
  std::vector<std::string> fields;
  for (const auto& error : errors) fields.push_back(error.field);
  return fields;
}

ImportedDataset mapped(const std::string& turtle) {
  auto graph = rdf::parse_graph(
      "@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .\n" +
          turtle,
      "turtle", 10000);
  EXPECT_TRUE(graph.ok());
  DcatReader reader(graph.value(), "https://portal.example");
  EXPECT_EQ(reader.size(), 1u);
  return reader.dataset(0);
}

TEST(ImportCheck, ACompleteDatasetIsKeptAsPublished) {
  ImportedDataset source = mapped(
      "<https://example.se/a> a dcat:Dataset ; dct:title \"Fullständig\"@sv ; "
      "dct:description \"Allt som krävs.\"@sv .");
  Candidate candidate;
  candidate.source = &source;
  check(candidate);
  ASSERT_TRUE(candidate.checked);
  EXPECT_TRUE(candidate.rejected.empty());
  EXPECT_TRUE(candidate.errors.empty());
  EXPECT_EQ(candidate.title, "Fullständig");
}

TEST(ImportCheck, AMissingMandatoryPropertyKeepsItAsADraftWithTheError) {
  ImportedDataset source =
      mapped("<https://example.se/b> a dcat:Dataset ; dct:title \"Utan beskrivning\"@sv .");
  Candidate candidate;
  candidate.source = &source;
  check(candidate);
  ASSERT_TRUE(candidate.checked) << candidate.rejected;
  EXPECT_EQ(fields_of(candidate.errors), std::vector<std::string>{"description"});
}

TEST(ImportCheck, AValueTheRulesRefuseIsLeftOutWithAWarning) {
  ImportedDataset source = mapped(
      "<https://example.se/c> a dcat:Dataset ; dct:title \"Konstigt datum\"@sv ; "
      "dct:description \"Med ett datum som inte finns.\"@sv ; dct:issued \"31 februari\" .");
  Candidate candidate;
  candidate.source = &source;
  check(candidate);
  ASSERT_TRUE(candidate.checked) << candidate.rejected;
  EXPECT_TRUE(candidate.errors.empty());
  EXPECT_FALSE(candidate.checked->document.contains("issued"));
  auto warned = fields_of(candidate.warnings);
  EXPECT_NE(std::find(warned.begin(), warned.end(), "issued"), warned.end())
      << "the left-out value is named";
}

TEST(ImportCheck, ReportFieldsCountAcrossDistributions) {
  EXPECT_EQ(without_indexes("distributions[3].license"), "distributions[].license");
  EXPECT_EQ(without_indexes("title.sv"), "title.sv");
}

}  // namespace
}  // namespace samverka::catalog::importing
