// SPDX-License-Identifier: Apache-2.0
// The scores below were worked out by hand, indicator by indicator, from the data.europa.eu
// MQA weights (docs/quality.md); the code must agree with the tables.
#include "quality/mqa.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <map>

#include "quality/mqa_vocabularies.h"

namespace samverka::quality {
namespace {

namespace bj = boost::json;

const LinkLookup kLinks = [](std::string_view url) -> std::optional<bool> {
  if (url.find("/broken") != std::string_view::npos) return false;
  if (url.find("/unchecked") != std::string_view::npos) return std::nullopt;
  return true;
};

std::map<std::string, double> points_by_indicator(const DatasetScore& score) {
  std::map<std::string, double> out;
  for (const IndicatorResult& result : score.results) out[result.indicator->id] = result.points();
  return out;
}

// Keywords, themes, coverage, access rights, contact point, dates; a CSV distribution that
// answers, with licence, rights and size; a PDF one whose access URL is broken and whose
// licence is the agency's own.
const char* kRich = R"({
  "title": {"sv": "Badplatser"}, "publisher": "org-1",
  "keywords": {"sv": ["bad", "strand"]}, "themes": ["ENVI"],
  "spatial": ["http://publications.europa.eu/resource/authority/country/SWE"],
  "temporal": {"start": "2020-01-01"}, "access_rights": "PUBLIC",
  "contact_point": {"name": "Miljöenheten", "email": "miljo@example.se"},
  "issued": "2020-05-01", "modified": "2024-06-01",
  "distributions": [
    {"access_url": "https://example.se/bad", "download_urls": ["https://example.se/bad.csv"],
     "format": "CSV", "media_type": "text/csv",
     "license": "http://creativecommons.org/licenses/by/4.0/",
     "rights": {"sv": "Ange källa"}, "byte_size": 1200},
    {"access_url": "https://example.se/broken", "format": "PDF",
     "license": "https://example.se/var-egen-licens"}
  ]})";

TEST(Mqa, ARichDatasetScoresAsTheHandTableSays) {
  DatasetScore score = score_dataset(bj::parse(kRich).as_object(), kLinks, true);
  std::map<std::string, double> expected = {
      {"keywordAvailability", 30},
      {"categoryAvailability", 30},
      {"spatialAvailability", 20},
      {"temporalAvailability", 20},
      {"accessUrlStatusCode", 25},      // 1 of 2 distributions answers: 50 x 1/2
      {"downloadUrlAvailability", 10},  // 1 of 2 has one: 20 x 1/2
      {"downloadUrlStatusCode", 15},    // 1 of 2 has one that answers: 30 x 1/2
      {"formatAvailability", 20},       // interoperability from the best distribution, the CSV one
      {"mediaTypeAvailability", 10},
      {"formatMediaTypeVocabularyAlignment", 10},
      {"formatMediaTypeNonProprietary", 20},
      {"formatMediaTypeMachineInterpretable", 20},
      {"dcatApCompliance", 30},
      {"licenceAvailability", 20},  // both have one
      {"knownLicence", 5},          // only CC BY 4.0 is known: 10 x 1/2
      {"accessRightsAvailability", 10},
      {"accessRightsVocabularyAlignment", 5},
      {"contactPointAvailability", 20},
      {"publisherAvailability", 10},
      {"rightsAvailability", 2.5},    // 5 x 1/2
      {"byteSizeAvailability", 2.5},  // 5 x 1/2
      {"dateIssuedAvailability", 5},
      {"dateModifiedAvailability", 5}};
  EXPECT_EQ(points_by_indicator(score), expected);
  EXPECT_DOUBLE_EQ(score.points(), 345);  // 100 + 50 + 110 + 70 + 15
  EXPECT_EQ(score.best_distribution, 0);
  bj::object json = to_json(score);
  EXPECT_EQ(json.at("rating"), "good");
  EXPECT_EQ(json.at("dimensions").at("findability").as_double(), 100);
  EXPECT_EQ(json.at("dimensions").at("accessibility").as_double(), 50);
  EXPECT_EQ(json.at("dimensions").at("interoperability").as_double(), 110);
  EXPECT_EQ(json.at("dimensions").at("reusability").as_double(), 70);
  EXPECT_EQ(json.at("dimensions").at("contextuality").as_double(), 15);
  // The fix that gains the most comes first: the broken access URL (25 points).
  const bj::object& first = json.at("fixes").as_array().at(0).as_object();
  EXPECT_EQ(first.at("indicator"), "accessUrlStatusCode");
  EXPECT_EQ(first.at("points").as_double(), 25);
  EXPECT_EQ(first.at("distributions").as_int64(), 1);
}

// A title, a publisher and one XLS distribution whose URL was not checked yet.
const char* kBare = R"({"title": {"sv": "Budget"}, "publisher": "org-1",
  "distributions": [{"access_url": "https://example.se/unchecked/budget", "format": "XLS"}]})";

TEST(Mqa, ABareDatasetScoresAsTheHandTableSays) {
  DatasetScore score = score_dataset(bj::parse(kBare).as_object(), kLinks, false);
  std::map<std::string, double> points = points_by_indicator(score);
  EXPECT_EQ(points["formatAvailability"], 20);
  EXPECT_EQ(points["formatMediaTypeMachineInterpretable"], 20);  // XLS is machine-readable
  EXPECT_EQ(points["formatMediaTypeNonProprietary"], 0);         // but proprietary
  EXPECT_EQ(points["formatMediaTypeVocabularyAlignment"], 0);    // no media type
  EXPECT_EQ(points["accessUrlStatusCode"], 0);                   // not checked yet
  EXPECT_EQ(points["publisherAvailability"], 10);
  EXPECT_DOUBLE_EQ(score.points(), 50);
  bj::object json = to_json(score);
  EXPECT_EQ(json.at("rating"), "bad");
  EXPECT_EQ(json.at("indicators").as_array().at(4).at("distributions_unchecked").as_int64(), 1);
}

TEST(Mqa, AMediaTypeAloneCountsAsItsFormatForOpennessButNotForAlignment) {
  auto document = bj::parse(R"({"publisher": "o", "distributions": [
      {"access_url": "https://example.se/a", "media_type": "text/csv; charset=utf-8"}]})");
  std::map<std::string, double> points =
      points_by_indicator(score_dataset(document.as_object(), kLinks, false));
  EXPECT_EQ(points["formatAvailability"], 0);
  EXPECT_EQ(points["mediaTypeAvailability"], 10);
  EXPECT_EQ(points["formatMediaTypeVocabularyAlignment"], 0);
  EXPECT_EQ(points["formatMediaTypeNonProprietary"], 20);
  EXPECT_EQ(points["formatMediaTypeMachineInterpretable"], 20);
}

TEST(Mqa, NoDistributionsScoreNothingOnDistributionIndicators) {
  auto document = bj::parse(R"({"publisher": "o", "keywords": {"sv": []}})");
  DatasetScore score = score_dataset(document.as_object(), kLinks, true);
  EXPECT_DOUBLE_EQ(score.points(), 40);  // publisher 10 + compliance 30; empty keywords count not
  EXPECT_EQ(score.best_distribution, -1);
}

TEST(Mqa, ACatalogueScoresTheMeanOfItsDatasetsAndCountsWhatIsMissing) {
  ScoreSum sum;
  sum.add(score_dataset(bj::parse(kRich).as_object(), kLinks, true));
  sum.add(score_dataset(bj::parse(kBare).as_object(), kLinks, false));
  EXPECT_DOUBLE_EQ(sum.points(), (345.0 + 50.0) / 2);
  bj::object json = sum.to_json();
  EXPECT_EQ(json.at("rating"), "sufficient");
  EXPECT_EQ(json.at("datasets").as_int64(), 2);
  for (const bj::value& item : json.at("indicators").as_array()) {
    if (item.at("id") == "licenceAvailability") {
      EXPECT_EQ(item.at("datasets_missing").as_int64(), 1);
      EXPECT_EQ(item.at("distributions_missing").as_int64(), 1);
      EXPECT_EQ(item.at("points").as_double(), 10);  // 20 x (1 + 0) / 2
    }
  }
  // Keywords: 30 points to gain on the catalogue's mean, the bare dataset's share missing.
  bool keyword_fix = false;
  for (const bj::value& fix : json.at("fixes").as_array()) {
    if (fix.at("indicator") == "keywordAvailability") {
      keyword_fix = true;
      EXPECT_EQ(fix.at("points").as_double(), 15);
      EXPECT_EQ(fix.at("datasets").as_int64(), 1);
    }
  }
  EXPECT_TRUE(keyword_fix);
}

TEST(Mqa, RatingBandsFollowTheMethodology) {
  EXPECT_STREQ(rating_of(405), "excellent");
  EXPECT_STREQ(rating_of(351), "excellent");
  EXPECT_STREQ(rating_of(350), "good");
  EXPECT_STREQ(rating_of(221), "good");
  EXPECT_STREQ(rating_of(220), "sufficient");
  EXPECT_STREQ(rating_of(121), "sufficient");
  EXPECT_STREQ(rating_of(120), "bad");
  EXPECT_STREQ(rating_of(0), "bad");
}

TEST(MqaVocabularies, KnownLicencesIgnoreSchemeSlashAndLegalcode) {
  EXPECT_TRUE(is_known_licence("http://creativecommons.org/licenses/by/4.0/"));
  EXPECT_TRUE(is_known_licence("https://creativecommons.org/licenses/by/4.0/legalcode"));
  EXPECT_TRUE(is_known_licence("http://creativecommons.org/publicdomain/zero/1.0/"));
  EXPECT_TRUE(
      is_known_licence("http://publications.europa.eu/resource/authority/licence/CC_BY_4_0"));
  EXPECT_FALSE(is_known_licence("https://example.se/var-egen-licens"));
  EXPECT_FALSE(is_known_licence(""));
  EXPECT_EQ(format_of_media_type("Text/CSV"), "CSV");
  EXPECT_EQ(format_of_media_type("application/json"), "JSON");
  EXPECT_EQ(format_of_media_type("application/x-unknown"), "");
  EXPECT_TRUE(is_non_proprietary("CSV"));
  EXPECT_FALSE(is_non_proprietary("XLSX"));
  EXPECT_TRUE(is_machine_readable("XLSX"));
  EXPECT_FALSE(is_machine_readable("PDF"));
}

}  // namespace
}  // namespace samverka::quality
