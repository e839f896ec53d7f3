// SPDX-License-Identifier: Apache-2.0
#include "datastore/query.h"

#include <gtest/gtest.h>

// Tables of designated initializers name only what each case sets.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#include <unistd.h>

#include <filesystem>

namespace samverka::datastore {
namespace {

namespace fs = std::filesystem;

// A real table file: kommun (text), år (integer), antal (decimal), öppen (boolean), datum (date).
class QueryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = fs::temp_directory_path() / ("samverka-query-test-" + std::to_string(::getpid()));
    fs::create_directories(folder_);
    TableInfo info;
    info.distribution_id = "d1";
    info.dataset_id = "ds1";
    for (auto [name, type] :
         std::vector<std::pair<const char*, ColumnType>>{{"kommun", ColumnType::kText},
                                                         {"år", ColumnType::kInteger},
                                                         {"antal", ColumnType::kDecimal},
                                                         {"öppen", ColumnType::kBoolean},
                                                         {"datum", ColumnType::kDate},
                                                         {"Kommun namn", ColumnType::kText}}) {
      TableColumn column;
      column.name = name;
      column.type = type;
      column.indexed = type == ColumnType::kInteger;
      info.columns.push_back(column);
    }
    auto builder = TableBuilder::create(folder_ / "d1.sqlite", info);
    ASSERT_TRUE(builder.ok()) << builder.error().message;
    const std::vector<std::vector<Value>> rows = {
        {std::string("0114"), int64_t{2020}, 1.5, true, std::string("2020-03-01"),
         std::string("Upplands Väsby")},
        {std::string("0114"), int64_t{2021}, 2.5, false, std::string("2021-03-01"),
         std::string("Upplands Väsby")},
        {std::string("0180"), int64_t{2020}, 10.0, true, std::string("2020-07-15"),
         std::string("Stockholm")},
        {std::string("0180"), int64_t{2021}, std::monostate(), true, std::string("2021-07-15"),
         std::string("Stockholm")},
        {std::string("1280"), int64_t{2021}, 4.0, false, std::monostate(), std::string("Malmö")},
    };
    for (const auto& row : rows) ASSERT_TRUE(builder->add(row).ok());
    ASSERT_TRUE(builder->commit(static_cast<int64_t>(rows.size()), "{}").ok());
    auto reader = TableReader::open(folder_ / "d1.sqlite");
    ASSERT_TRUE(reader.ok() && *reader);
    reader_.emplace(std::move(**reader));
  }
  void TearDown() override {
    reader_.reset();
    fs::remove_all(folder_);
  }

  // The rows as text: "a|b" per row; or the error's message.
  std::vector<std::string> run(const QueryText& text) {
    auto compiled = compile(reader_->info(), text);
    if (!compiled.ok()) return {"error: " + compiled.error().message};
    std::vector<std::string> out;
    Status ran = reader_->run(compiled->query, {}, [&out](std::vector<Value>& row) -> Status {
      std::string line;
      for (size_t index = 0; index < row.size(); ++index) {
        if (index > 0) line += "|";
        std::visit(
            [&line](const auto& value) {
              using T = std::decay_t<decltype(value)>;
              if constexpr (std::is_same_v<T, std::monostate>)
                line += "null";
              else if constexpr (std::is_same_v<T, std::string>)
                line += value;
              else if constexpr (std::is_same_v<T, double>) {
                char text[32];
                std::snprintf(text, sizeof text, "%g", value);
                line += text;
              } else
                line += std::to_string(value);
            },
            row[index]);
      }
      out.push_back(line);
      return {};
    });
    if (!ran.ok()) return {"error: " + ran.error().message};
    return out;
  }

  fs::path folder_;
  std::optional<TableReader> reader_;
};

TEST_F(QueryTest, TheLanguageFiltersSortsGroupsAndPages) {
  struct Case {
    QueryText text;
    std::vector<std::string> rows;
  };
  const std::vector<Case> cases = {
      {{.select = "kommun, år", .where = "år = 2020"}, {"0114|2020", "0180|2020"}},
      {{.select = "kommun", .where = "kommun in ('0114', '1280') and år > 2020"}, {"0114", "1280"}},
      {{.select = "_id", .where = "antal between 2 and 5"}, {"2", "5"}},
      {{.select = "_id", .where = "antal is null"}, {"4"}},
      {{.select = "_id", .where = "not (öppen) and datum is not null"}, {"2"}},
      {{.select = "_id", .where = "öppen = false or datum >= '2021-07-01'"}, {"2", "4", "5"}},
      {{.select = "`Kommun namn`", .where = "`Kommun namn` like 'Upp%'", .limit = 1},
       {"Upplands Väsby"}},
      {{.select = "kommun, sum(antal) as summa, count(*)",
        .order = "summa desc",
        .group = "kommun"},
       {"0180|10|2", "0114|4|2", "1280|4|1"}},  // a tie goes by the group
      {{.select = "date_trunc_y(datum) as år_",
        .where = "datum is not null",
        .group = "date_trunc_y(datum)"},
       {"2020-01-01", "2021-01-01"}},
      {{.select = "kommun, count(*) as n", .group = "kommun", .having = "n > 1"},
       {"0114|2", "0180|2"}},
      {{.select = "avg(antal), min(år), max(datum)"}, {"4.5|2020|2021-07-15"}},
      {{.select = "_id", .order = "år desc, kommun", .limit = 2, .offset = 1}, {"4", "5"}},
      {{.select = "_id", .limit = 2, .after = 3}, {"4", "5"}},
      {{.select = "_id", .q = "stockholm"}, {"3", "4"}},
      {{.select = "_id", .q = "malmo"}, {"5"}},                // diacritics fold
      {{.select = "_id", .where = "KOMMUN = '1280'"}, {"5"}},  // one column answers to any case
  };
  for (const Case& test : cases) {
    EXPECT_EQ(run(test.text), test.rows)
        << "select " << test.text.select << " where " << test.text.where;
  }
}

TEST_F(QueryTest, MistakesAndAttacksGetErrorsWithPositions) {
  struct Case {
    QueryText text;
    std::string error;
  };
  const std::vector<Case> cases = {
      {{.where = "kommun = 0114"},
       "where, position 10: '0114' does not fit kommun, a text column: write the value in quotes, "
       "'0114'"},
      {{.where = "år = 'tjugo'"},
       "where, position 6: 'tjugo' does not fit år, an integer column: write a number without "
       "quotes"},
      {{.where = "nej = 1"},
       "where, position 1: no column 'nej' (a name with spaces or signs goes in backquotes: "
       "`Kommun namn`)"},
      {{.where = "kommun = '1'; DROP TABLE rows; --"}, "where, position 13: unexpected ';'"},
      {{.where = "kommun = '1' or 1=1"},
       "where, position 17: compare a column with a value, not two values"},
      {{.where = "kommun = ''' or ''1''=''1"},
       "where, position 10: a string that never ends (a missing ')"},
      {{.select = "sqlite_version()"},
       "select, position 1: no function 'sqlite_version' (there are count, sum, avg, min, max, "
       "date_trunc_y, date_trunc_ym, date_trunc_ymd)"},
      {{.select = "kommun, count(*)"},
       "select: kommun must be in 'group' or inside an aggregate such as count()"},
      {{.where = "sum(antal) > 1"},
       "where, position 12: aggregates go in 'having', not in 'where'"},
      {{.select = "sum(kommun)"},
       "select, position 5: sum() adds numbers, and kommun is a text column"},
      {{.where = "datum = '2021-02-30'"},
       "where, position 9: '2021-02-30' does not fit datum, a date column: write a date as "
       "'YYYY-MM-DD'"},
      {{.where = "antal = null"},
       "where, position 7: compare with null by 'is null' or 'is not null'"},
      {{.where = "år like '20%'"},
       "where, position 4: 'like' compares text, and år is an integer column"},
      {{.where = "kommun"},
       "where, position 1: expected a condition (a comparison, 'in', 'like', 'is null' ...)"},
      {{.where = "(kommun = '1'"}, "where, position 14: expected ')' at the end"},
      {{.order = "år", .after = 3},
       "cursor: pages by cursor follow the table's own order; with 'order' or 'group', page with "
       "offset"},
      {{.select = "`kommun"}, "select, position 1: a `name` that never ends (a missing `)"},
      {{.where = std::string(5000, '(') + "år = 1"},
       "where, position 65: parentheses nested more than 64 deep"},
      {{.where =
            [] {
              std::string text;
              for (int i = 0; i < 2000; ++i) text += "not ";
              return text + "öppen";
            }()},
       "where, position 257: 'not' nested more than 64 deep"},
      {{.select = "kommun, count(*) as n", .group = "kommun", .having = "(1)"},
       "having, position 2: expected a condition (a comparison, 'in', 'like', 'is null' ...)"},
      {{.select = "kommun, count(*) as n", .group = "kommun", .having = "kommun"},
       "having, position 1: expected a condition (a comparison, 'in', 'like', 'is null' ...)"},
  };
  for (const Case& test : cases) {
    auto rows = run(test.text);
    ASSERT_EQ(rows.size(), 1u) << test.error;
    EXPECT_EQ(rows[0], "error: " + test.error);
  }
}

TEST_F(QueryTest, TheCountQueryCountsWhatMatchesPagingAside) {
  auto compiled = compile(reader_->info(), {.where = "år = 2021", .limit = 1});
  ASSERT_TRUE(compiled.ok());
  int64_t total = -1;
  ASSERT_TRUE(reader_
                  ->run(compiled->count, {},
                        [&total](std::vector<Value>& row) -> Status {
                          total = std::get<int64_t>(row[0]);
                          return {};
                        })
                  .ok());
  EXPECT_EQ(total, 3);
  auto grouped = compile(reader_->info(),
                         {.select = "kommun, count(*) as n", .group = "kommun", .having = "n > 1"});
  ASSERT_TRUE(grouped.ok());
  ASSERT_TRUE(reader_
                  ->run(grouped->count, {},
                        [&total](std::vector<Value>& row) -> Status {
                          total = std::get<int64_t>(row[0]);
                          return {};
                        })
                  .ok());
  EXPECT_EQ(total, 2);
  // Parameters of where and having in their places: where år = 2021 leaves 0180 and 1280 and
  // 0114 once each; having sum > 3 keeps 0180 (null sum) out and 1280 (4) in.
  auto both = compile(reader_->info(), {.select = "kommun, sum(antal) as s",
                                        .where = "år = 2021",
                                        .group = "kommun",
                                        .having = "s > 3"});
  ASSERT_TRUE(both.ok());
  ASSERT_TRUE(reader_
                  ->run(both->count, {},
                        [&total](std::vector<Value>& row) -> Status {
                          total = std::get<int64_t>(row[0]);
                          return {};
                        })
                  .ok());
  EXPECT_EQ(total, 1);
  EXPECT_EQ(run({.select = "kommun, sum(antal) as s",
                 .where = "år = 2021",
                 .group = "kommun",
                 .having = "s > 3"}),
            std::vector<std::string>{"1280|4"});
  // A number too small for a double's normal range is still a number.
  EXPECT_EQ(run({.select = "_id", .where = "antal > 1e-310 and antal < 2"}),
            std::vector<std::string>{"1"});
}

}  // namespace
}  // namespace samverka::datastore
