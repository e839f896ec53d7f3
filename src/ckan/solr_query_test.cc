// SPDX-License-Identifier: Apache-2.0
// The Solr syntax CKAN clients write: queries taken from ckanext-harvest, ckanapi and CKAN's
// documentation, with the trees and dates worked out by hand.
#include "ckan/solr_query.h"

#include <gtest/gtest.h>

namespace samverka::ckan {
namespace {

// 2026-11-30T12:34:56.789Z
constexpr int64_t kNow = 1796042096789;

// A compact rendering of a tree, to compare with what is expected.
std::string show(const SolrNode& node) {
  switch (node.kind) {
    case SolrNode::Kind::kAll:
      return "ALL";
    case SolrNode::Kind::kNot:
      return "NOT(" + show(node.children[0]) + ")";
    case SolrNode::Kind::kAnd:
    case SolrNode::Kind::kOr: {
      std::string out = node.kind == SolrNode::Kind::kAnd ? "AND(" : "OR(";
      for (size_t index = 0; index < node.children.size(); ++index)
        out += (index ? "," : "") + show(node.children[index]);
      return out + ")";
    }
    case SolrNode::Kind::kMatch:
      break;
  }
  std::string field = node.field.empty() ? "" : node.field + ":";
  switch (node.match) {
    case SolrNode::Match::kWord:
      return field + node.value;
    case SolrNode::Match::kPhrase:
      return field + "\"" + node.value + "\"";
    case SolrNode::Match::kPrefix:
      return field + node.value + "*";
    case SolrNode::Match::kAny:
      return field + "*";
    case SolrNode::Match::kRange:
      return field + (node.from_inclusive ? "[" : "{") + (node.from.empty() ? "*" : node.from) +
             " TO " + (node.to.empty() ? "*" : node.to) + (node.to_inclusive ? "]" : "}");
  }
  return "?";
}

std::string parsed(const std::string& text) {
  auto node = parse_solr(text, kNow);
  return node.ok() ? show(node.value()) : "error: " + node.error().message;
}

TEST(SolrQuery, TheHarvestersFilter) {
  // ckanext-harvest joins its terms with spaces: the OR of organisations, the excluded ones,
  // and the change window (Python's isoformat, with microseconds, and a Z).
  EXPECT_EQ(parsed("organization:a OR organization:b -organization:x "
                   "metadata_modified:[2026-11-30T09:00:00.123456Z TO *]"),
            "AND(OR(organization:a,organization:b),NOT(organization:x),"
            "metadata_modified:[2026-11-30T09:00:00.123Z TO *])");
  EXPECT_EQ(parsed("groups:miljo OR groups:trafik"), "OR(groups:miljo,groups:trafik)");
}

TEST(SolrQuery, OperatorsAndGroups) {
  EXPECT_EQ(parsed("a AND b OR c"), "OR(AND(a,b),c)");
  EXPECT_EQ(parsed("a && (b || c)"), "AND(a,OR(b,c))");
  EXPECT_EQ(parsed("NOT a"), "NOT(a)");
  EXPECT_EQ(parsed("+a !b"), "AND(a,NOT(b))");
  // Runs of negations are read in a loop: they neither nest nor recurse (found by fuzzing).
  EXPECT_EQ(parsed("!!a"), "a");
  EXPECT_EQ(parsed("NOT -!b"), "NOT(b)");
  EXPECT_EQ(parsed(std::string(9999, '!') + "c"), "NOT(c)");
  EXPECT_EQ(parsed("tags:(luft OR vatten) res_format:CSV"),
            "AND(OR(tags:luft,tags:vatten),res_format:CSV)");
  EXPECT_EQ(parsed("*:*"), "ALL");
  EXPECT_EQ(parsed("*"), "ALL");
  EXPECT_EQ(parsed("title:vatten* name:\"luft-2020\" res_format:*"),
            "AND(title:vatten*,name:\"luft-2020\",res_format:*)");
  EXPECT_EQ(parsed("name:foo\\:bar groups:http://x/y"), "AND(name:foo:bar,groups:http://x/y)");
  EXPECT_EQ(parsed("water^2 quality~1"), "AND(water,quality)");
  EXPECT_EQ(parsed("  vägar  "), "vägar");
}

TEST(SolrQuery, RangesAndDateMath) {
  EXPECT_EQ(parsed("metadata_modified:[NOW-1DAY TO NOW]"),
            "metadata_modified:[2026-11-29T12:34:56.789Z TO 2026-11-30T12:34:56.789Z]");
  EXPECT_EQ(parsed("metadata_created:{NOW/DAY-7DAYS TO *}"),
            "metadata_created:{2026-11-23T00:00:00.000Z TO *}");
  EXPECT_EQ(parsed("metadata_modified:[* TO 2026-01-01]"),
            "metadata_modified:[* TO 2026-01-01T00:00:00.000Z]");
  EXPECT_EQ(parsed("metadata_modified:[\"2026-01-01T01:00:00+01:00\" TO NOW/MONTH+1MONTH]"),
            "metadata_modified:[2026-01-01T00:00:00.000Z TO 2026-12-01T00:00:00.000Z]");
  auto month_end = solr_date_ms("2026-01-31T10:00:00Z+1MONTH", kNow);
  ASSERT_TRUE(month_end.ok());
  EXPECT_EQ(iso_ms(month_end.value()), "2026-02-28T10:00:00.000Z");
  auto leap = solr_date_ms("2024-02-29/YEAR-1YEARS", kNow);
  ASSERT_TRUE(leap.ok());
  EXPECT_EQ(iso_ms(leap.value()), "2023-01-01T00:00:00.000Z");
  EXPECT_EQ(iso_ms(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(iso_ms(-1), "1969-12-31T23:59:59.999Z");
}

TEST(SolrQuery, MistakesGetErrorsThatSayWhat) {
  EXPECT_EQ(parsed("(a OR b"), "error: unbalanced ( in the query");
  EXPECT_EQ(parsed("a)"), "error: unexpected ')' at position 2");
  EXPECT_EQ(parsed("title:\"open"), "error: unbalanced quote in the query");
  EXPECT_EQ(parsed("metadata_modified:[2026 TO *]"),
            "error: a range end of metadata_modified must be *, a date, a date-time or date math "
            "such as NOW-1DAY, got '2026'");
  EXPECT_EQ(parsed("metadata_modified:[NOW-1FORTNIGHT TO *]").substr(0, 25),
            "error: a range end of met");
  EXPECT_EQ(parsed("metadata_modified:[2026-02-30 TO *]").substr(0, 20), "error: a range end o");
  EXPECT_EQ(parsed("metadata_modified:[NOW]"),
            "error: a range of metadata_modified must be [FROM TO UNTIL], got 'NOW'");
  EXPECT_EQ(parsed("va*ten"),
            "error: wildcards are supported only at the end of a term, got 'va*'");
  EXPECT_EQ(parsed("tags:"), "error: field 'tags' has no value");
  EXPECT_EQ(parsed("a OR"), "error: OR needs something after it");
  EXPECT_EQ(parsed("a -"), "error: a + or - needs a term after it");
  EXPECT_EQ(parsed(""), "error: an empty query or group");
  EXPECT_EQ(parsed("()"), "error: an empty query or group");
  EXPECT_EQ(parsed(std::string(30, '(') + "a" + std::string(30, ')')),
            "error: the query nests deeper than 20 levels");
  std::string many;
  for (int index = 0; index < 301; ++index) many += "tags:t" + std::to_string(index) + " OR ";
  many += "tags:last";
  EXPECT_EQ(parsed(many), "error: the query has more than 300 terms");
  EXPECT_EQ(parsed(std::string(10001, 'a')), "error: the query is longer than 10000 bytes");
}

}  // namespace
}  // namespace samverka::ckan
