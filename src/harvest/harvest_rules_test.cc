// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include "core/clock.h"
#include "harvest/harvest_ckan.h"
#include "harvest/harvest_source.h"
#include "jobs/periodic.h"

namespace samverka::harvest {
namespace {

namespace bj = boost::json;
using jobs::is_due;

std::vector<std::string> fields_in_error(const bj::value& body) {
  auto checked = check_source(body, HarvestSource{});
  std::vector<std::string> fields;
  if (!checked.ok())
    for (const auto& detail : checked.error().details) fields.push_back(detail.field);
  return fields;
}

TEST(HarvestRules, ANameAndAnHttpUrlAreEnough) {
  auto checked = check_source(bj::parse(R"({"name": "SCB", "url": "https://example.se/dcat.rdf"})"),
                              HarvestSource{});
  ASSERT_TRUE(checked.ok()) << checked.error().message;
  EXPECT_EQ(checked->source.schedule, "daily 04:00");
  EXPECT_TRUE(checked->source.enabled);
  EXPECT_EQ(checked->source.type, "dcat");
  EXPECT_FALSE(checked->publisher_given);
  auto ckan = check_source(bj::parse(R"({"name": "x", "url": "https://a.se", "type": "ckan"})"),
                           HarvestSource{});
  ASSERT_TRUE(ckan.ok());
  EXPECT_EQ(ckan->source.type, "ckan");
}

TEST(HarvestCkan, ThePortalIsFoundUnderItsApiPaths) {
  EXPECT_EQ(ckan_portal("https://ckan.example.se"), "https://ckan.example.se");
  EXPECT_EQ(ckan_portal("https://ckan.example.se/"), "https://ckan.example.se");
  EXPECT_EQ(ckan_portal("https://ckan.example.se/api/3/action/"), "https://ckan.example.se");
  EXPECT_EQ(ckan_portal("https://ckan.example.se/data/api/3"), "https://ckan.example.se/data");
  EXPECT_EQ(ckan_portal("https://ckan.example.se/api?x=1"), "https://ckan.example.se");
}

TEST(HarvestRules, EachBadFieldIsNamed) {
  EXPECT_EQ(fields_in_error(bj::parse("{}")), (std::vector<std::string>{"name", "url"}));
  EXPECT_EQ(fields_in_error(bj::parse(R"({"name": "x", "url": "ftp://example.se/x"})")),
            std::vector<std::string>{"url"});
  EXPECT_EQ(fields_in_error(bj::parse(R"({"name": "x", "url": "file:///etc/passwd"})")),
            std::vector<std::string>{"url"});
  EXPECT_EQ(fields_in_error(bj::parse(R"({"name": "x", "url": "https://a.se/x y"})")),
            std::vector<std::string>{"url"});
  EXPECT_EQ(fields_in_error(bj::parse(R"({"name": "x", "url": "https://a.se", "type": "csw"})")),
            std::vector<std::string>{"type"});
  EXPECT_EQ(fields_in_error(bj::parse(R"({"name": "", "url": "https://a.se", "colour": 1})")),
            (std::vector<std::string>{"name", "colour"}));
  EXPECT_EQ(fields_in_error(bj::parse(R"({"name": "x", "url": "https://a.se", "priority": 5000,
                                          "enabled": "yes"})")),
            (std::vector<std::string>{"priority", "enabled"}));
  EXPECT_EQ(fields_in_error(bj::parse(R"({"name": "x", "url": "https://user:secret@a.se/x"})")),
            std::vector<std::string>{"url"});
  EXPECT_TRUE(
      fields_in_error(bj::parse(R"({"name": "x", "url": "https://a.se/x?mail=a@b.se"})")).empty());
  EXPECT_FALSE(check_source(bj::parse("[1]"), HarvestSource{}).ok());
}

TEST(HarvestRules, SchedulesAreDailyAtATimeOrEveryFewHours) {
  for (const char* good :
       {"daily 04:00", "daily 23:59", "every 6 hours", "every 1 hour", "every 168 hours"}) {
    bj::value body{{"name", "x"}, {"url", "https://a.se"}, {"schedule", good}};
    EXPECT_TRUE(check_source(body, HarvestSource{}).ok()) << good;
  }
  for (const char* bad :
       {"daily 24:00", "daily 4:00", "daily 04:60", "daily 04:00x", "every 0 hours",
        "every 169 hours", "every 2 hour", "every 6 hoursx", "weekly", "0 4 * * *", ""}) {
    bj::value body{{"name", "x"}, {"url", "https://a.se"}, {"schedule", bad}};
    EXPECT_EQ(fields_in_error(body), std::vector<std::string>{"schedule"}) << bad;
  }
}

TEST(HarvestRules, AMergeKeepsWhatIsNotGivenAndNullClearsThePublisher) {
  HarvestSource base;
  base.name = "SCB";
  base.url = "https://example.se/dcat.rdf";
  base.publisher_id = "org-1";
  auto checked = check_source(bj::parse(R"({"enabled": false, "publisher": null})"), base);
  ASSERT_TRUE(checked.ok());
  EXPECT_EQ(checked->source.name, "SCB");
  EXPECT_FALSE(checked->source.enabled);
  EXPECT_TRUE(checked->publisher_given);
  EXPECT_FALSE(checked->publisher.has_value());
}

TEST(HarvestSchedule, EveryFewHoursCountsFromTheLastStart) {
  int64_t noon = 1764590400;  // 2025-12-01T12:00:00Z
  EXPECT_TRUE(is_due("every 6 hours", std::nullopt, noon)) << "never ran";
  EXPECT_FALSE(is_due("every 6 hours", clock::iso_from_seconds(noon - 5 * 3600), noon));
  EXPECT_TRUE(is_due("every 6 hours", clock::iso_from_seconds(noon - 6 * 3600), noon));
  EXPECT_TRUE(is_due("every 1 hour", "2025-12-01T10:59:59.500Z", noon));
}

TEST(HarvestSchedule, DailyOnceTheTimeHasPassed) {
  int64_t noon = 1764590400;  // 2025-12-01T12:00:00Z
  EXPECT_TRUE(is_due("daily 04:00", "2025-11-30T04:00:01.000Z", noon)) << "yesterday's run";
  EXPECT_FALSE(is_due("daily 04:00", "2025-12-01T04:00:02.000Z", noon)) << "ran today";
  EXPECT_FALSE(is_due("daily 13:00", "2025-11-30T13:00:05.000Z", noon))
      << "today's 13:00 has not come; yesterday's ran";
  EXPECT_TRUE(is_due("daily 13:00", "2025-11-30T12:59:00.000Z", noon)) << "yesterday's was missed";
  EXPECT_FALSE(is_due("weekly", std::nullopt, noon));
}

TEST(HarvestCkan, APackageFromAnotherPortalIsReadLiberally) {
  CkanPackages packages;
  packages.portal = "https://ckan.example.se";
  packages.packages.push_back(bj::parse(R"({
    "id": "1f0c", "name": "badplatser", "title": "Badplatser", "notes": "Badplatser i kommunen",
    "state": "active", "private": false, "license_id": "cc-by",
    "organization": {"id": "org-1", "name": "kommunen", "title": "Exempel kommun",
                     "extras": [{"key": "org_number", "value": "212000-0142"}]},
    "tags": [{"name": "bad"}, {"name": "fritid"}],
    "groups": [{"name": "envi"}, {"name": "sommar"}],
    "extras": [{"key": "spatial", "value": "{\"type\": \"Point\"}"},
               {"key": "frequency", "value": "ANNUAL"}],
    "resources": [{"name": "CSV", "url": "https://ckan.example.se/bad.csv", "format": "csv"}]
  })")
                                  .as_object());
  CkanRecords records(std::move(packages));
  ASSERT_EQ(records.size(), 1u);
  ASSERT_EQ(records.publishers().count("ckan-organization:org-1"), 1u);
  EXPECT_EQ(records.publishers().at("ckan-organization:org-1").org_number, "2120000142");
  catalog::ImportedDataset dataset = records.dataset(0);
  EXPECT_EQ(dataset.iri, "https://ckan.example.se/dataset/1f0c");
  EXPECT_EQ(dataset.publisher_key, "ckan-organization:org-1");
  EXPECT_EQ(dataset.body.at("title").at("sv"), "Badplatser");
  EXPECT_EQ(dataset.body.at("themes"), bj::parse(R"(["ENVI"])"));
  EXPECT_EQ(dataset.body.at("frequency"), "ANNUAL");
  EXPECT_FALSE(dataset.body.contains("slug"));
  EXPECT_FALSE(dataset.body.contains("state"));
  std::string warnings;
  for (const auto& warning : dataset.warnings)
    warnings += warning.field + ": " + warning.message + "\n";
  EXPECT_NE(warnings.find("extras: the extra 'spatial'"), std::string::npos) << warnings;
  EXPECT_NE(warnings.find("groups: the group 'sommar'"), std::string::npos) << warnings;
}

}  // namespace
}  // namespace samverka::harvest
