// SPDX-License-Identifier: Apache-2.0
#include "core/text.h"

#include <gtest/gtest.h>

#include <optional>

#include "core/ids.h"
#include "core/json.h"

namespace samverka::text {
namespace {

TEST(Text, SlugifyFoldsSwedishLetters) {
  struct Case {
    const char* input;
    const char* expected;
  };
  const Case cases[] = {
      {"Vattenkvalitet i Mälaren", "vattenkvalitet-i-malaren"},
      {"Öppna data – Åtgärder 2024!", "oppna-data-atgarder-2024"},
      {"  --Hej--  ", "hej"},
      {"Café Éire", "cafe-eire"},
  };
  for (const auto& test_case : cases) EXPECT_EQ(slugify(test_case.input), test_case.expected);
}

TEST(Text, LanguageTags) {
  struct Case {
    const char* input;
    bool valid;
  };
  const Case cases[] = {{"sv", true},       {"en", true},     {"en-GB", true},
                        {"sv-SE", true},    {"", false},      {"s", false},
                        {"svenska", false}, {"sv_SE", false}, {"sv-", false}};
  for (const auto& test_case : cases)
    EXPECT_EQ(is_language_tag(test_case.input), test_case.valid) << test_case.input;
}

TEST(Text, Emails) {
  EXPECT_TRUE(is_email("info@scb.se"));
  EXPECT_TRUE(is_email("a.b+c@sub.example.org"));
  EXPECT_FALSE(is_email("info@scb"));
  EXPECT_FALSE(is_email("no at sign"));
  EXPECT_FALSE(is_email("a@b@c.se"));
}

TEST(Text, Urls) {
  EXPECT_TRUE(is_http_url("https://www.scb.se/data?x=1"));
  EXPECT_TRUE(is_http_url("http://example.org"));
  EXPECT_FALSE(is_http_url("ftp://example.org/file"));
  EXPECT_FALSE(is_http_url("www.scb.se"));
  EXPECT_FALSE(is_http_url("https://"));
  EXPECT_FALSE(is_http_url("https://exa mple.org"));
  // Fragments are part of a URL (an application's page) and of many datasets' IRIs.
  EXPECT_TRUE(is_http_url("http://www.archive.arm.gov/discovery/#v/results/s/s::avhrr12"));
  EXPECT_TRUE(is_absolute_iri("https://example.se/catalog#dataset-1"));
  EXPECT_FALSE(is_http_url("https://example.se/a#b#c"));
  EXPECT_TRUE(is_absolute_iri("urn:uuid:1234"));
  EXPECT_TRUE(is_absolute_iri("http://sws.geonames.org/2661886/"));
  EXPECT_FALSE(is_absolute_iri("relative/path"));
}

TEST(Text, Dates) {
  struct Case {
    const char* input;
    bool valid;
  };
  const Case cases[] = {{"2024-02-29", true},
                        {"2023-02-29", false},
                        {"2024-13-01", false},
                        {"2024", true},
                        {"2024-01-01T10:00:00Z", true},
                        {"2024-01-01T25:00:00Z", false},
                        {"2024-01-01T10:00:00.123+01:00", true},
                        {"01/02/2024", false},
                        {"", false}};
  for (const auto& test_case : cases)
    EXPECT_EQ(is_date_or_datetime(test_case.input), test_case.valid) << test_case.input;
}

TEST(Text, TrimsWhiteSpace) { EXPECT_EQ(trimmed("\t a b \n"), "a b"); }

TEST(Text, PercentEncodesQueryValues) {
  EXPECT_EQ(percent_encode("2999-01-01T00:00:00+01:00"), "2999-01-01T00:00:00%2B01:00");
  EXPECT_EQ(percent_encode("a b&c=ö"), "a%20b%26c%3D%C3%B6");
}

TEST(Text, OrganisationNumbers) {
  // Statistiska centralbyrån and Skatteverket; the Luhn digit makes one changed digit invalid.
  EXPECT_EQ(normalize_org_number("202100-0837"), "2021000837");
  EXPECT_EQ(normalize_org_number("2021005448"), "2021005448");
  EXPECT_FALSE(normalize_org_number("2021000838"));
  EXPECT_FALSE(normalize_org_number("202100083"));
  EXPECT_FALSE(normalize_org_number("20210-00837"));
}

TEST(Ids, UuidsAreVersion4AndDistinct) {
  std::string first = ids::new_uuid();
  EXPECT_TRUE(ids::is_uuid(first));
  EXPECT_EQ(first[14], '4');
  EXPECT_NE(first, ids::new_uuid());
  EXPECT_FALSE(ids::is_uuid("not-a-uuid"));
}

TEST(Ids, Base64RoundTrip) {
  std::string decoded;
  ASSERT_TRUE(ids::base64url_decode(ids::base64url_encode("cursor:42"), decoded));
  EXPECT_EQ(decoded, "cursor:42");
  EXPECT_FALSE(ids::base64url_decode("***", decoded));
}

TEST(Ids, CursorsRoundTripAndRefuseOthers) {
  EXPECT_EQ(ids::decode_cursor(ids::encode_cursor('p', 42), 'p').value(), 42);
  EXPECT_FALSE(ids::decode_cursor(ids::encode_cursor('p', 42), 's').ok());
  EXPECT_FALSE(ids::decode_cursor("garbage!", 'p').ok());
  EXPECT_FALSE(ids::decode_cursor(ids::base64url_encode("p:"), 'p').ok());
  EXPECT_FALSE(ids::decode_cursor(ids::base64url_encode("p:12x"), 'p').ok());
}

TEST(Json, MergePatchFollowsRfc7396) {
  auto target = json::parse(R"({"a":"b","c":{"d":"e","f":"g"}})").value();
  auto patch = json::parse(R"({"a":"z","c":{"f":null}})").value();
  EXPECT_EQ(json::serialize(json::merge_patch(target, patch)), R"({"a":"z","c":{"d":"e"}})");
}

TEST(Text, FindsTheFirstByteThatBreaksUtf8) {
  struct Case {
    std::string text;
    std::optional<size_t> offset;
  };
  const Case cases[] = {
      {"Växjö", std::nullopt}, {"\xF0\x9F\x98\x80 emoji", std::nullopt},
      {"V\xE4xj\xF6", 1},       // Latin-1
      {"ok \xC3", 3},           // cut short
      {"\xC0\xAF", 0},          // overlong
      {"\xED\xA0\x80", 0},      // a surrogate
      {"\xF4\x90\x80\x80", 0},  // past U+10FFFF
      {"abc\x80", 3},           // a stray continuation byte
  };
  for (const auto& test_case : cases) {
    EXPECT_EQ(invalid_utf8_offset(test_case.text), test_case.offset) << test_case.text;
  }
}

TEST(Ids, NameUuidsAreStableAndDistinct) {
  EXPECT_EQ(ids::name_uuid("dataset:a"), ids::name_uuid("dataset:a"));
  EXPECT_NE(ids::name_uuid("dataset:a"), ids::name_uuid("dataset:b"));
  EXPECT_TRUE(ids::is_uuid(ids::name_uuid("x")));
  EXPECT_EQ(ids::name_uuid("x")[14], '8');  // version 8: derived, not random
}

TEST(Json, RejectsDeepNesting) {
  std::string deep(1000, '[');
  EXPECT_FALSE(json::parse(deep).ok());
  EXPECT_FALSE(json::parse("{\"a\":").ok());
}

}  // namespace
}  // namespace samverka::text
