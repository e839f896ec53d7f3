// SPDX-License-Identifier: Apache-2.0
#include "search/search_index.h"

#include <gtest/gtest.h>
#include <unistd.h>
#include <xapian.h>

#include <filesystem>

namespace samverka::search {
namespace {

IndexDocument dataset(const std::string& id, const std::string& title_sv,
                      const std::string& title_en, const std::string& theme,
                      const std::string& visibility = "public") {
  IndexDocument document;
  document.id = id;
  document.texts = {{"S", title_sv, "sv", 1, true},
                    {"", title_sv, "sv", 3, true, true},
                    {"S", title_en, "en", 1, false},
                    {"", title_en, "en", 3, false}};
  document.filters = {{"theme", {theme}}, {"visibility", {visibility}}, {"type", {"dataset"}}};
  document.facets = {{"theme", {theme}}, {"type", {"dataset"}}};
  document.sort_title = fold(title_sv);
  document.sort_modified = "2026-01-0" + id.substr(id.size() - 1) + "T00:00:00Z";
  // Created in the opposite order, and named so that name order differs from both.
  document.sort_created = "2025-01-0" + std::to_string(9 - (id.back() - '0')) + "T00:00:00Z";
  document.sort_name = (id == "d2" ? "a-" : "b-") + id;
  document.filters["name"] = {document.sort_name};
  document.stored = "{\"id\":\"" + id + "\"}";
  document.snippet_text = title_sv + " <script> & " + title_en;
  if (visibility == "public") document.completion_text = title_sv + " " + title_en;
  return document;
}

class SearchIndexTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // The facets of the tests' documents; a facet that is not registered is not stored.
    set_facets(
        {{"theme", true}, {"type"}, {"publisher", true}, {"format", true}, {"keyword", true}});
    // (the filters above hold "name" too: a filter needs no facet)
    root_ = std::filesystem::temp_directory_path() /
            ("samverka-search-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(root_);
    std::filesystem::create_directories(root_);
    auto writer = IndexWriter::open((root_ / "index-1").string());
    ASSERT_TRUE(writer.ok()) << writer.error().message;
    writer_ = std::move(writer).value();
    std::filesystem::create_directory_symlink("index-1", root_ / "current");
    ASSERT_TRUE(
        writer_->replace(dataset("d1", "Vattenkvalitet i Mälardalen", "Water quality", "ENVI"))
            .ok());
    ASSERT_TRUE(
        writer_
            ->replace(dataset("d2", "Befolkning per kommun", "Population by municipality", "SOCI"))
            .ok());
    ASSERT_TRUE(writer_
                    ->replace(dataset("d3", "Luftkvalitet i städer", "Air quality in cities",
                                      "ENVI", "org-a"))
                    .ok());
    ASSERT_TRUE(writer_
                    ->replace(dataset("d4", "Kollektivtrafikens hållplatser",
                                      "Public transport stops", "TRAN"))
                    .ok());
    ASSERT_TRUE(writer_->commit(42).ok());
  }
  void TearDown() override { std::filesystem::remove_all(root_); }

  std::vector<std::string> ids(const std::string& text,
                               std::vector<std::string> visible = {"public"}) {
    SearchQuery query;
    query.text = text;
    query.visible = std::move(visible);
    auto results = IndexReader((root_ / link_).string()).search(query);
    EXPECT_TRUE(results.ok()) << text << ": " << (results.ok() ? "" : results.error().message);
    std::vector<std::string> out;
    if (results.ok())
      for (const auto& hit : results->hits) out.push_back(hit.id);
    std::sort(out.begin(), out.end());
    return out;
  }

  std::filesystem::path root_;
  std::string link_ = "current";  // a reader keeps its handle per link: a new link reopens
  std::unique_ptr<IndexWriter> writer_;
};

TEST_F(SearchIndexTest, SwedishAndEnglishWordsCompoundsAndFolding) {
  struct Case {
    const char* query;
    std::vector<std::string> expected;
  };
  const std::vector<Case> cases = {
      {"vattenkvalitet", {"d1"}},
      {"vatten", {"d1"}},      // head of a compound
      {"kvalitet", {"d1"}},    // tail of compounds (luftkvalitet is not public)
      {"malardalen", {"d1"}},  // diacritics folded
      {"Mälardalen", {"d1"}},
      {"water", {"d1"}},
      {"municipalities", {"d2"}},  // English stemming
      {"kommunen", {"d2"}},        // Swedish stemming
      {"\"water quality\"", {"d1"}},
      {"befolkning OR hållplatser", {"d2", "d4"}},
      {"kvalitet NOT mälardalen", {}},
      {"title:befolkning", {"d2"}},
      {"theme:TRAN", {"d4"}},
      {"befolk*", {"d2"}},
      {"", {"d1", "d2", "d4"}},
  };
  for (const auto& test_case : cases)
    EXPECT_EQ(ids(test_case.query), test_case.expected) << test_case.query;
}

TEST_F(SearchIndexTest, VisibilityHidesWhatTheCallerMayNotRead) {
  auto check = [&](const char* label) {
    EXPECT_EQ(ids("luftkvalitet"), std::vector<std::string>{}) << label;
    EXPECT_EQ(ids("luftkvalitet", {"public", "org-a"}), std::vector<std::string>{"d3"}) << label;
    EXPECT_EQ(ids("kvalitet", {"org-a"}), std::vector<std::string>{"d3"}) << label;
    EXPECT_EQ(ids("kvalitet", {"public", "org-b"}), std::vector<std::string>{"d1"}) << label;
    EXPECT_EQ(ids("", {"public", "org-a"}), (std::vector<std::string>{"d1", "d2", "d3", "d4"}))
        << label;
    EXPECT_EQ(ids("", {}), std::vector<std::string>{}) << label;
  };
  check("an index that marks restricted documents");
  EXPECT_TRUE(writer_->marks_restricted());
  // An index built before restricted documents were marked filters on the open term instead,
  // with the same results.
  writer_.reset();
  {
    Xapian::WritableDatabase database((root_ / "index-1").string());
    ASSERT_EQ(database.get_metadata(kRestrictedMarker), "1");
    database.set_metadata(kRestrictedMarker, "");
    database.delete_document("Q" + std::string("d4"));
    // As written before the mark existed: the restricted document lacks it.
    Xapian::PostingIterator posting = database.postlist_begin("Qd3");
    ASSERT_NE(posting, database.postlist_end("Qd3"));
    Xapian::Document restricted = database.get_document(*posting);
    restricted.remove_term(kRestrictedTerm);
    database.replace_document(*posting, restricted);
    database.commit();
  }
  {
    auto reopened = IndexWriter::open((root_ / "index-1").string());
    ASSERT_TRUE(reopened.ok());
    EXPECT_FALSE(reopened.value()->marks_restricted())
        << "an aged index is not marked on reopening";
  }
  std::filesystem::create_directory_symlink("index-1", root_ / "current-old");
  link_ = "current-old";
  EXPECT_EQ(ids("", {"public", "org-a"}), (std::vector<std::string>{"d1", "d2", "d3"}));
  EXPECT_EQ(ids("luftkvalitet"), std::vector<std::string>{});
  EXPECT_EQ(ids("kvalitet", {"org-a"}), std::vector<std::string>{"d3"});
  EXPECT_EQ(ids("kvalitet", {"public", "org-b"}), std::vector<std::string>{"d1"});
}

TEST_F(SearchIndexTest, FacetsFiltersSortAndSnippets) {
  SearchQuery query;
  query.visible = {"public", "org-a"};
  query.facets = {"theme", "type"};
  query.filters = {{"theme", {"ENVI", "TRAN"}}};
  query.sort = SortOrder::kModified;
  auto results = IndexReader((root_ / "current").string()).search(query);
  ASSERT_TRUE(results.ok());
  EXPECT_EQ(results->total, 3u);
  EXPECT_TRUE(results->total_exact);
  ASSERT_EQ(results->hits.size(), 3u);
  EXPECT_EQ(results->hits[0].id, "d4");  // newest first
  ASSERT_EQ(results->facets["theme"].size(), 2u);
  EXPECT_EQ(results->facets["theme"][0].value, "ENVI");
  EXPECT_EQ(results->facets["theme"][0].count, 2u);

  query.text = "vatten";
  query.filters.clear();
  results = IndexReader((root_ / "current").string()).search(query);
  ASSERT_TRUE(results.ok());
  ASSERT_EQ(results->hits.size(), 1u);
  EXPECT_NE(results->hits[0].snippet.find("&lt;script&gt;"), std::string::npos)
      << results->hits[0].snippet;
  EXPECT_EQ(results->hits[0].snippet.find("<script>"), std::string::npos);
}

TEST_F(SearchIndexTest, HostileQueriesAreRefusedOrHandled) {
  IndexReader reader((root_ / "current").string());
  for (const char* text : {"\"unbalanced", "((((", "AND OR NOT", "title:", "*", "a*b*c", ")"}) {
    SearchQuery query;
    query.text = text;
    query.visible = {"public"};
    auto results = reader.search(query);
    EXPECT_TRUE(results.ok() || results.error().code == ErrorCode::kBadRequest) << text;
  }
  SearchQuery huge;
  huge.text = std::string(100000, 'a');
  EXPECT_EQ(reader.search(huge).error().code, ErrorCode::kBadRequest);
  SearchQuery unknown_facet;
  unknown_facet.facets = {"colour"};
  EXPECT_EQ(reader.search(unknown_facet).error().code, ErrorCode::kBadRequest);
}

TEST_F(SearchIndexTest, SuggestionsCompletionsAndSequence) {
  IndexReader reader((root_ / "current").string());
  EXPECT_EQ(reader.last_seq(), 42);
  SearchQuery query;
  query.text = "befolkninng";
  query.visible = {"public"};
  auto results = reader.search(query);
  ASSERT_TRUE(results.ok());
  ASSERT_TRUE(results->suggestion.has_value());
  EXPECT_EQ(*results->suggestion, "befolkning");
  auto words = reader.complete("Vatt", 10);
  ASSERT_TRUE(words.ok());
  EXPECT_EQ(*words, std::vector<std::string>{"vattenkvalitet"});
  EXPECT_TRUE(reader.complete("zzz", 10)->empty());
}

TEST(Fold, StripsDiacriticsKeepsOtherText) {
  EXPECT_EQ(fold("Mälardalen ÅÄÖ éü"), "malardalen aao eu");
  EXPECT_EQ(fold("Mälardalen AND Öland", true), "Malardalen AND Oland");
  EXPECT_EQ(fold("3×4"), "3×4");
}

TEST_F(SearchIndexTest, LargeResultsCountFacetsOverASampleAndSaySo) {
  // Written in blocks, as harvests arrive: 200 environment datasets, then 200 transport ones.
  for (int index = 0; index < 400; ++index) {
    std::string id = "bulk" + std::to_string(index) + "0";
    ASSERT_TRUE(writer_
                    ->replace(dataset(id, "Mätdata " + std::to_string(index), "Measurements",
                                      index < 200 ? "ENVI" : "TRAN"))
                    .ok());
  }
  ASSERT_TRUE(writer_->commit(43).ok());
  IndexReader reader((root_ / "current").string());
  SearchQuery query;
  query.all_visible = true;
  query.facets = {"theme"};
  query.facet_sample = 50;
  auto sampled = reader.search(query);
  ASSERT_TRUE(sampled.ok()) << sampled.error().message;
  EXPECT_FALSE(sampled->facets_exact);
  size_t sum = 0;
  for (const auto& count : sampled->facets["theme"]) sum += count.count;
  EXPECT_NEAR(static_cast<double>(sum), static_cast<double>(sampled->total), 2.0)
      << "scaled to the total";
  EXPECT_NEAR(static_cast<double>(sampled->total), 404.0, 404.0 * 0.1);
  // The sample spans the whole index: both blocks are counted in proportion, where the first 50
  // matches would all have been environment datasets.
  std::map<std::string, size_t> estimated;
  for (const auto& count : sampled->facets["theme"]) estimated[count.value] = count.count;
  EXPECT_NEAR(static_cast<double>(estimated["ENVI"]), 202.0, 202.0 * 0.25);
  EXPECT_NEAR(static_cast<double>(estimated["TRAN"]), 201.0, 201.0 * 0.25);

  // Not far above the sample, so the first pass counts, stops early at the sample, and the
  // sampling pass estimates again.
  query.facet_sample = 300;
  auto near = reader.search(query);
  ASSERT_TRUE(near.ok()) << near.error().message;
  EXPECT_FALSE(near->facets_exact);
  std::map<std::string, size_t> near_counts;
  for (const auto& count : near->facets["theme"]) near_counts[count.value] = count.count;
  EXPECT_NEAR(static_cast<double>(near_counts["ENVI"]), 202.0, 202.0 * 0.1);
  EXPECT_NEAR(static_cast<double>(near_counts["TRAN"]), 201.0, 201.0 * 0.1);

  query.exact_counts = true;
  auto exact = reader.search(query);
  ASSERT_TRUE(exact.ok());
  EXPECT_TRUE(exact->facets_exact);
  EXPECT_TRUE(exact->total_exact);
  EXPECT_EQ(exact->total, 404u);
  std::map<std::string, size_t> themes;
  for (const auto& count : exact->facets["theme"]) themes[count.value] = count.count;
  EXPECT_EQ(themes["ENVI"], 202u);  // d1, d3 and the first block
  EXPECT_EQ(themes["TRAN"], 201u);  // d4 and the second block

  query.exact_counts = false;
  query.facet_sample = 1000;  // more than there are: every match is counted
  auto whole = reader.search(query);
  ASSERT_TRUE(whole.ok());
  EXPECT_TRUE(whole->facets_exact);
}

TEST_F(SearchIndexTest, ConditionsCombineFieldsWithAndOrNot) {
  using Kind = Condition::Kind;
  auto run = [&](Condition condition, std::vector<SortKey> keys = {}) {
    SearchQuery query;
    query.visible = {"public", "org-a"};
    query.condition = std::move(condition);
    query.sort_keys = std::move(keys);
    auto results = IndexReader((root_ / "current").string()).search(query);
    EXPECT_TRUE(results.ok()) << (results.ok() ? "" : results.error().message);
    std::vector<std::string> out;
    if (results.ok())
      for (const auto& hit : results->hits) out.push_back(hit.id);
    return out;
  };
  auto term = [](const char* field, const char* value) {
    return Condition{Kind::kTerm, field, value, {}, {}, {}};
  };
  auto negated = [](Condition inner) { return Condition{Kind::kNot, {}, {}, {}, {}, {inner}}; };
  std::vector<SortKey> by_id = {{SortKey::Field::kId, false}};
  // (ENVI OR TRAN) AND NOT d4
  Condition either{Kind::kOr, {}, {}, {}, {}, {term("theme", "ENVI"), term("theme", "TRAN")}};
  EXPECT_EQ(run(Condition{Kind::kAnd, {}, {}, {}, {}, {either, negated(term("id", "d4"))}}, by_id),
            (std::vector<std::string>{"d1", "d3"}));
  // Only negations: everything else.
  EXPECT_EQ(run(negated(term("theme", "ENVI")), by_id), (std::vector<std::string>{"d2", "d4"}));
  EXPECT_EQ(run(Condition{Kind::kPrefix, "name", "b-", {}, {}, {}}, by_id),
            (std::vector<std::string>{"d1", "d3", "d4"}));
  EXPECT_EQ(
      run(
          Condition{
              Kind::kRange, "modified", {}, "2026-01-02T00:00:00Z", "2026-01-03T00:00:00Z", {}},
          by_id),
      (std::vector<std::string>{"d2", "d3"}));
  EXPECT_EQ(run(Condition{Kind::kRange, "created", {}, "2025-01-07T00:00:00Z", {}, {}}, by_id),
            (std::vector<std::string>{"d1", "d2"}));
  EXPECT_EQ(run(Condition{Kind::kText, "title", "kvalitet", {}, {}, {}}, by_id),
            (std::vector<std::string>{"d1", "d3"}));
  // Sorts on each key, either way; ties fall back to the id.
  EXPECT_EQ(run(Condition{}, {{SortKey::Field::kCreated, false}}),
            (std::vector<std::string>{"d4", "d3", "d2", "d1"}));
  EXPECT_EQ(run(Condition{}, {{SortKey::Field::kName, true}}),
            (std::vector<std::string>{"d4", "d3", "d1", "d2"}));
  EXPECT_EQ(run(Condition{}, {{SortKey::Field::kId, true}}),
            (std::vector<std::string>{"d4", "d3", "d2", "d1"}));
  EXPECT_EQ(run(term("theme", "ENVI"), {{SortKey::Field::kRelevance, true}}),
            (std::vector<std::string>{"d1", "d3"}));
}

TEST_F(SearchIndexTest, AnIndexKnowsItsSchema) {
  EXPECT_EQ(writer_->schema(), current_schema());
  writer_.reset();
  {
    Xapian::WritableDatabase database((root_ / "index-1").string());
    database.set_metadata("schema", "");  // as an index of the previous schema was written
    database.commit();
  }
  auto reopened = IndexWriter::open((root_ / "index-1").string());
  ASSERT_TRUE(reopened.ok());
  EXPECT_EQ(reopened.value()->schema(), 1);
}

}  // namespace
}  // namespace samverka::search
