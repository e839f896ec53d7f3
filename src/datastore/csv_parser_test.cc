// SPDX-License-Identifier: Apache-2.0
#include "datastore/csv_parser.h"

#include <gtest/gtest.h>

// Tables of designated initializers name only what each case sets.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

#include "datastore/csv_sniff.h"
#include "datastore/text_decoder.h"

namespace samverka::datastore {
namespace {

// Rows as "line:cell|cell" with NULL for an empty unquoted cell.
std::vector<std::string> parse(std::string_view text, char delimiter = ',', size_t piece = 0) {
  std::vector<std::string> out;
  CsvParser parser(delimiter, 1 << 20, [&out](CsvRow& row) -> Status {
    std::string line = std::to_string(row.line) + ":";
    for (size_t index = 0; index < row.cells.size(); ++index) {
      if (index > 0) line += "|";
      line += row.cells[index] ? *row.cells[index] : "NULL";
    }
    out.push_back(line);
    return {};
  });
  if (piece == 0) piece = text.size() + 1;
  for (size_t at = 0; at < text.size(); at += piece)
    EXPECT_TRUE(parser.feed(text.substr(at, piece)).ok());
  Status finished = parser.finish();
  if (!finished.ok()) out.push_back("error: " + finished.error().message);
  return out;
}

TEST(CsvParserTest, RowsCellsQuotesAndLines) {
  struct Case {
    std::string text;
    std::vector<std::string> rows;
  };
  const std::vector<Case> cases = {
      {"a,b\n1,2\n", {"1:a|b", "2:1|2"}},
      {"a,b\r\n1,2", {"1:a|b", "2:1|2"}},
      {"a,b\r1,2\r", {"1:a|b", "2:1|2"}},
      {"a,\"b,c\"\n", {"1:a|b,c"}},
      {"\"x\"\"y\",z\n", {"1:x\"y|z"}},
      {"\"two\nlines\",b\nnext,row\n", {"1:two\nlines|b", "3:next|row"}},
      {"\"crlf\r\ninside\",b\r\nn,r\r\n", {"1:crlf\r\ninside|b", "3:n|r"}},
      {"a,,\"\"\n", {"1:a|NULL|"}},
      {"a\n\n\nb\n", {"1:a", "4:b"}},
      {"ab\"c,d\n", {"1:ab\"c|d"}},
      {"\"ab\"c,d\n", {"1:abc|d"}},
      {"a,b\n\"open",
       {"1:a|b", "error: line 2: a quoted cell starts here and never ends (a missing \")"}},
  };
  for (const Case& test : cases) {
    EXPECT_EQ(parse(test.text), test.rows) << test.text;
    EXPECT_EQ(parse(test.text, ',', 1), test.rows) << "byte by byte: " << test.text;
  }
  EXPECT_EQ(parse("a;b,c\n", ';'), std::vector<std::string>{"1:a|b,c"});
}

TEST(CsvParserTest, ARowLongerThanTheBoundStopsWithItsLine) {
  std::string error;
  CsvParser parser(',', 64, [](CsvRow&) -> Status { return {}; });
  EXPECT_TRUE(parser.feed("a,b\n").ok());
  Status fed = parser.feed(std::string(100, 'x'));
  ASSERT_FALSE(fed.ok());
  EXPECT_EQ(fed.error().message,
            "line 2: a row longer than 64 bytes (is this a CSV file, and is the delimiter right?)");
  EXPECT_FALSE(parser.feed("more").ok());
}

TEST(CsvSniffTest, DialectsOfRealExports) {
  struct Case {
    std::string sample;
    std::string encoding;
    char delimiter;
    bool header;
  };
  const std::vector<Case> cases = {
      {"Kommun;Befolkning;Andel\n0114;45000;1,5\n0115;33000;2,5\n", "UTF-8", ';', true},
      {"\xEF\xBB\xBFnamn,antal\nx,1\ny,2\n", "UTF-8", ',', true},
      {"Region;2019;2020\nStockholm;1,5;2,5\nUppsala;3,5;4,5\n", "UTF-8", ';', true},
      {"Stockholm;1,5;2,5\nUppsala;3,5;4,5\n", "UTF-8", ';', false},
      {"L\xE4n\tV\xE4rde\nSk\xE5ne\t12\nG\xF6teborg\t13\n", "WINDOWS-1252", '\t', true},
      {"a|b|c\n1|2|3\n", "UTF-8", '|', true},
      {"just one column\nvalue\n", "UTF-8", ',', true},
  };
  for (const Case& test : cases) {
    auto dialect = sniff(test.sample, true, {});
    ASSERT_TRUE(dialect.ok()) << test.sample;
    EXPECT_EQ(dialect->encoding, test.encoding) << test.sample;
    EXPECT_EQ(dialect->delimiter, test.delimiter) << test.sample;
    EXPECT_EQ(dialect->header, test.header) << test.sample;
  }
  EXPECT_FALSE(sniff("PK\x03\x04rest", true, {}).ok());
  EXPECT_FALSE(sniff(std::string("a,b\n\0\0\0", 7), true, {}).ok());
  auto told =
      sniff("a;b\n1;2\n", true, {.encoding = "iso-8859-1", .delimiter = ',', .header = false});
  ASSERT_TRUE(told.ok());
  EXPECT_EQ(told->encoding, "ISO-8859-1");
  EXPECT_EQ(told->delimiter, ',');
  EXPECT_FALSE(told->header);
  EXPECT_FALSE(sniff("a;b\n", true, {.encoding = "no-such-encoding"}).ok());
}

TEST(TextDecoderTest, ConvertsPieceByPieceAndNamesTheBadByte) {
  auto latin = TextDecoder::open("windows-1252");
  ASSERT_TRUE(latin.ok());
  std::string out;
  EXPECT_TRUE(latin->decode("G\xF6teborg \x80", out).ok());
  EXPECT_EQ(out, "G\xC3\xB6teborg \xE2\x82\xAC");
  auto utf8 = TextDecoder::open("UTF-8");
  ASSERT_TRUE(utf8.ok());
  out.clear();
  EXPECT_TRUE(utf8->decode("\xEF\xBB\xBFG\xC3", out).ok());  // a BOM, a cut character
  EXPECT_TRUE(utf8->decode("\xB6teborg", out).ok());
  EXPECT_EQ(out, "G\xC3\xB6teborg");
  Status bad = utf8->decode("ok \xF6 not", out);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message.substr(0, 30), "byte 15: not valid UTF-8 (if t");
  EXPECT_TRUE(utf8->decode("\xC3", out).ok());
  EXPECT_FALSE(utf8->finish().ok());
}

}  // namespace
}  // namespace samverka::datastore
