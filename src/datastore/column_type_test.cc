// SPDX-License-Identifier: Apache-2.0
#include "datastore/column_type.h"

#include <gtest/gtest.h>

#include <vector>

namespace samverka::datastore {
namespace {

TEST(ColumnTypeTest, ColumnsTakeTheNarrowestTypeThatHoldsEveryCell) {
  struct Case {
    std::vector<std::string> cells;
    ColumnType type;
  };
  const std::vector<Case> cases = {
      {{"1", "-20", "+3", "1 234",
        "1\xC2\xA0"
        "234 567"},
       ColumnType::kInteger},
      {{"0114", "0180", "1280"}, ColumnType::kText},  // municipality codes keep their zeros
      {{"556000-4615"}, ColumnType::kText},           // an organisation number
      {{"1,5", "2", "1 234,5", "1.234,5", "-0,25"}, ColumnType::kDecimal},
      {{"1.5", "2", "1e3", "1,234.5"}, ColumnType::kDecimal},
      {{"ja", "Nej", "JA"}, ColumnType::kBoolean},
      {{"true", "false", "yes"}, ColumnType::kBoolean},
      {{"1", "0"}, ColumnType::kInteger},  // 1 and 0 are numbers first
      {{"2024-02-29", "2023-12-31"}, ColumnType::kDate},
      {{"2023-02-29"}, ColumnType::kText},  // no such day
      {{"2024-01-01", "2024-01-02 13:45", "2024-01-03T08:00:00Z"}, ColumnType::kTimestamp},
      {{"2024-01-01T25:00"}, ColumnType::kText},
      {{"12", "tolv"}, ColumnType::kText},
      {{"", " ", ""}, ColumnType::kText},  // nothing seen
      {{"1 2"}, ColumnType::kText},
      {{"1,5", "1.5"}, ColumnType::kText},                   // two decimal marks in one column
      {{"52", ".", "..", "-", "53"}, ColumnType::kInteger},  // missing-value markers
      {{".", ".."}, ColumnType::kText},
  };
  for (const Case& test : cases) {
    TypeGuess guess;
    for (const std::string& cell : test.cells) guess.see(cell);
    EXPECT_EQ(type_name(guess.type()), std::string(type_name(test.type)))
        << "cells starting " << (test.cells.empty() ? "" : test.cells[0]);
  }
}

TEST(ColumnTypeTest, SwedishAndEnglishNumbersReadTheSame) {
  struct Case {
    const char* cell;
    DecimalMark mark;
    double value;
  };
  const std::vector<Case> cases = {
      {"1 234,5", DecimalMark::kComma, 1234.5}, {"1.234,5", DecimalMark::kComma, 1234.5},
      {"1,234", DecimalMark::kComma, 1.234},    {"1.234.567", DecimalMark::kComma, 1234567},
      {"-0,5", DecimalMark::kComma, -0.5},      {"1234.5", DecimalMark::kPoint, 1234.5},
      {"1,234.5", DecimalMark::kPoint, 1234.5}, {"2.5e-3", DecimalMark::kPoint, 0.0025},
  };
  for (const Case& test : cases) {
    auto value = parse_value(test.cell, ColumnType::kDecimal, test.mark);
    ASSERT_TRUE(value.has_value()) << test.cell;
    EXPECT_DOUBLE_EQ(std::get<double>(*value), test.value) << test.cell;
  }
  // Alone, one group of the other mark is as likely a decimal: "1.234" is no Swedish number.
  EXPECT_FALSE(parse_value("1.234", ColumnType::kDecimal, DecimalMark::kComma));
  EXPECT_FALSE(parse_value("1,234", ColumnType::kDecimal, DecimalMark::kPoint));
  TypeGuess swedish;
  for (const char* cell : {"1,234", "12,5"}) swedish.see(cell);
  EXPECT_EQ(swedish.decimal_mark(), DecimalMark::kComma);
  TypeGuess english;
  for (const char* cell : {"1.234", "12.5"}) english.see(cell);
  EXPECT_EQ(english.decimal_mark(), DecimalMark::kPoint);
}

TEST(ColumnTypeTest, ValuesComeOutInTheirNormalForm) {
  EXPECT_EQ(std::get<int64_t>(*parse_value(" 1 234 ", ColumnType::kInteger)), 1234);
  EXPECT_EQ(std::get<bool>(*parse_value("Ja", ColumnType::kBoolean)), true);
  EXPECT_EQ(std::get<std::string>(*parse_value("2024-01-02 13:45", ColumnType::kTimestamp)),
            "2024-01-02T13:45");
  EXPECT_EQ(std::get<std::string>(*parse_value("2024-01-02", ColumnType::kTimestamp)),
            "2024-01-02T00:00:00");
  EXPECT_EQ(std::get<std::string>(*parse_value(" kept as it is ", ColumnType::kText)),
            " kept as it is ");
  EXPECT_FALSE(parse_value("9223372036854775808", ColumnType::kInteger));  // past int64
  EXPECT_TRUE(parse_value("-9223372036854775808", ColumnType::kInteger));
}

}  // namespace
}  // namespace samverka::datastore
