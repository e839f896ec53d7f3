// SPDX-License-Identifier: Apache-2.0
#include "catalog/dataset/dataset_rules.h"

#include <gtest/gtest.h>

#include "catalog/vocabulary/vocabulary.h"
#include "core/json.h"

namespace samverka::catalog {
namespace {

bj::value parse(const char* text) { return json::parse(text).value(); }

bool has_field(const std::vector<FieldError>& errors, const std::string& field) {
  for (const auto& error : errors) {
    if (error.field == field) return true;
  }
  return false;
}

TEST(DatasetRules, PublishedNeedsMandatoryProperties) {
  auto result = check_dataset(parse(R"({"publisher": "scb", "title": {"sv": "Befolkning"}})"));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kValidation);
  EXPECT_TRUE(has_field(result.error().details, "description"));
}

TEST(DatasetRules, DraftMayBeIncompleteButSaysWhatIsMissing) {
  auto result = check_dataset(parse(R"({"publisher": "scb", "state": "draft"})"));
  ASSERT_TRUE(result.ok());
  EXPECT_TRUE(has_field(result->warnings, "title"));
  EXPECT_TRUE(has_field(result->warnings, "themes"));
}

TEST(DatasetRules, NormalisesVocabularyIrisToCodesAndLicencesToIris) {
  auto result = check_dataset(parse(R"({
    "publisher": "scb", "title": {"sv": "T"}, "description": {"sv": "D"},
    "themes": ["http://publications.europa.eu/resource/authority/data-theme/ENVI", "econ"],
    "access_rights": "PUBLIC",
    "distributions": [{"access_url": "https://scb.se/a", "format": "csv", "license": "CC0-1.0"}]
  })"));
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_EQ(json::serialize(result->document.at("themes")), R"(["ENVI","ECON"])");
  const auto& distribution = result->document.at("distributions").as_array()[0].as_object();
  EXPECT_EQ(distribution.at("format").as_string(), "CSV");
  EXPECT_EQ(distribution.at("license").as_string(),
            "http://creativecommons.org/publicdomain/zero/1.0/");
  EXPECT_TRUE(distribution.contains("id"));
}

TEST(DatasetRules, SyntaxErrorsNameTheField) {
  struct Case {
    const char* body;
    const char* field;
  };
  const Case cases[] = {
      {R"({"publisher":"x","state":"draft","title":"plain string"})", "title"},
      {R"({"publisher":"x","state":"draft","title":{"svenska":"x"}})", "title.svenska"},
      {R"({"publisher":"x","state":"draft","themes":["NOPE"]})", "themes[0]"},
      {R"({"publisher":"x","state":"draft","issued":"2023-02-30"})", "issued"},
      {R"({"publisher":"x","state":"draft","landing_page":"not a url"})", "landing_page"},
      {R"({"publisher":"x","state":"draft","contact_point":{"name":"A","email":"bad"}})",
       "contact_point.email"},
      {R"({"publisher":"x","state":"draft","unknown_field":1})", "unknown_field"},
      {R"({"publisher":"x","state":"draft","distributions":[{"format":"NOT-A-FORMAT"}]})",
       "distributions[0].format"},
      {R"({"publisher":"x","state":"draft","distributions":[{"byte_size":-1}]})",
       "distributions[0].byte_size"},
      {R"({"publisher":"x","state":"draft","distributions":[{"license":"my licence"}]})",
       "distributions[0].license"},
      {R"({"publisher":"x","state":"draft","temporal":{"start":"2024-01-01","end":"2023-01-01"}})",
       "temporal"},
      {R"({"publisher":"x","state":"draft","private":"yes"})", "private"},
      {R"({"publisher":"x","state":"gone"})", "state"},
      {R"({"state":"draft"})", "publisher"},
  };
  for (const auto& test_case : cases) {
    auto result = check_dataset(parse(test_case.body));
    ASSERT_FALSE(result.ok()) << test_case.body;
    EXPECT_TRUE(has_field(result.error().details, test_case.field))
        << test_case.body << " -> " << result.error().details.front().field;
  }
}

TEST(DatasetRules, HighValueDatasetsNeedACategory) {
  auto result = check_dataset(parse(R"({
    "publisher": "scb", "title": {"sv": "T"}, "description": {"sv": "D"},
    "applicable_legislation": ["http://data.europa.eu/eli/reg_impl/2023/138/oj"]})"));
  ASSERT_FALSE(result.ok());
  EXPECT_TRUE(has_field(result.error().details, "hvd_categories"));
}

TEST(Vocabularies, AllThirteenThemesWithSwedishLabels) {
  const Vocabulary* themes = find_vocabulary("data-theme");
  ASSERT_NE(themes, nullptr);
  EXPECT_EQ(themes->entries().size(), 13u);
  EXPECT_EQ(themes->find("ENVI")->label_sv, "Miljö");
  EXPECT_EQ(find_vocabulary("license")->find("CC-BY-4.0")->iri,
            "http://creativecommons.org/licenses/by/4.0/");
  EXPECT_NE(find_vocabulary("file-type")->find("GEOJSON"), nullptr);
}

}  // namespace
}  // namespace samverka::catalog
