// SPDX-License-Identifier: Apache-2.0
// The query builder: a search request and its caller in, the index query out (visibility,
// normalised filters, state, paging), or the error a client gets.
#include "catalog/search/search_service.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "storage/migrations.h"

namespace samverka::catalog {
namespace {

using accounts::Principal;
using accounts::Role;

class QueryBuilderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = std::filesystem::temp_directory_path() /
                 ("samverka-query-" + std::to_string(::getpid()) + "-" +
                  ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(directory_);
    std::filesystem::create_directories(directory_);
    database_ =
        storage::open_sqlite({.path = (directory_ / "test.db").string(), .create = true}).value();
    ASSERT_TRUE(storage::migrate(*database_).ok());
    accounts_ = std::make_unique<accounts::AccountService>(*database_);
    organizations_ = std::make_unique<OrganizationService>(*database_, *accounts_);
    reader_ = std::make_unique<search::IndexReader>((directory_ / "current").string());
    service_ = std::make_unique<SearchService>(*reader_, *organizations_);
  }
  void TearDown() override {
    service_.reset();
    organizations_.reset();
    accounts_.reset();
    database_.reset();
    std::filesystem::remove_all(directory_);
  }
  std::filesystem::path directory_;
  std::unique_ptr<storage::Database> database_;
  std::unique_ptr<accounts::AccountService> accounts_;
  std::unique_ptr<OrganizationService> organizations_;
  std::unique_ptr<search::IndexReader> reader_;
  std::unique_ptr<SearchService> service_;
};

Principal member_of(const std::string& organization, Role role) {
  Principal principal;
  principal.user_id = "u1";
  principal.roles[organization] = role;
  return principal;
}

TEST_F(QueryBuilderTest, VisibilityFollowsTheCaller) {
  struct Case {
    const char* who;
    Principal principal;
    bool public_only;
    bool all_visible;
    std::vector<std::string> visible;
  };
  Principal sysadmin;
  sysadmin.user_id = "root";
  sysadmin.sysadmin = true;
  const Case cases[] = {
      {"anonymous", Principal{}, false, false, {"public"}},
      {"member", member_of("org-1", Role::kMember), false, false, {"public", "org:org-1"}},
      {"member, public only", member_of("org-1", Role::kMember), true, false, {"public"}},
      {"sysadmin", sysadmin, false, true, {"public"}},
      {"sysadmin, public only", sysadmin, true, false, {"public"}},
  };
  for (const Case& test : cases) {
    SearchRequest request;
    request.public_only = test.public_only;
    auto query = service_->build_query(test.principal, request);
    ASSERT_TRUE(query.ok()) << test.who;
    EXPECT_EQ(query->all_visible, test.all_visible) << test.who;
    EXPECT_EQ(query->visible, test.visible) << test.who;
    EXPECT_EQ(query->filters["state"], std::vector<std::string>{"published"}) << test.who;
  }
}

TEST_F(QueryBuilderTest, FiltersAreNormalised) {
  SearchRequest request;
  request.q = "luft";
  request.filters["theme"] = {"http://publications.europa.eu/resource/authority/data-theme/ENVI"};
  request.filters["keyword"] = {"Vattenkvalitet Åre"};
  request.filters["license"] = {"http://creativecommons.org/publicdomain/zero/1.0/"};
  request.type = "dataset";
  request.sort = "modified";
  request.limit = 5;
  auto query = service_->build_query(Principal{}, request);
  ASSERT_TRUE(query.ok()) << query.error().message;
  EXPECT_EQ(query->text, "luft");
  EXPECT_EQ(query->filters["theme"], std::vector<std::string>{"ENVI"});
  EXPECT_EQ(query->filters["keyword"], std::vector<std::string>{"vattenkvalitet are"});
  EXPECT_EQ(query->filters["license"], std::vector<std::string>{"CC0-1.0"});
  EXPECT_EQ(query->filters["type"], std::vector<std::string>{"dataset"});
  EXPECT_EQ(query->sort, search::SortOrder::kModified);
  EXPECT_EQ(query->limit, 5u);
}

TEST_F(QueryBuilderTest, BadRequestsNameTheirField) {
  struct Case {
    const char* what;
    std::function<void(SearchRequest&)> change;
    Principal principal;
    ErrorCode code;
    std::string field;
  };
  const Case cases[] = {
      {"unknown filter",
       [](SearchRequest& r) { r.filters["colour"] = {"red"}; },
       {},
       ErrorCode::kBadRequest,
       "colour"},
      {"unknown theme",
       [](SearchRequest& r) { r.filters["theme"] = {"NOPE"}; },
       {},
       ErrorCode::kBadRequest,
       "theme"},
      {"bad type", [](SearchRequest& r) { r.type = "cat"; }, {}, ErrorCode::kBadRequest, "type"},
      {"state, anonymous",
       [](SearchRequest& r) { r.state = "draft"; },
       {},
       ErrorCode::kUnauthenticated,
       "state"},
      {"state, member", [](SearchRequest& r) { r.state = "draft"; }, member_of("o", Role::kMember),
       ErrorCode::kForbidden, "state"},
      {"bad sort", [](SearchRequest& r) { r.sort = "random"; }, {}, ErrorCode::kBadRequest, "sort"},
      {"bad date",
       [](SearchRequest& r) { r.modified_since = "yesterday"; },
       {},
       ErrorCode::kBadRequest,
       "modified_since"},
      {"limit 0", [](SearchRequest& r) { r.limit = 0; }, {}, ErrorCode::kBadRequest, "limit"},
      {"too deep",
       [](SearchRequest& r) { r.offset = search::kMaxOffset + 1; },
       {},
       ErrorCode::kBadRequest,
       "offset"},
      {"foreign cursor",
       [](SearchRequest& r) { r.cursor = "not-ours"; },
       {},
       ErrorCode::kBadRequest,
       "cursor"},
      {"long q",
       [](SearchRequest& r) { r.q = std::string(search::kMaxQueryLength + 1, 'a'); },
       {},
       ErrorCode::kBadRequest,
       "q"},
  };
  for (const Case& test : cases) {
    SearchRequest request;
    test.change(request);
    auto query = service_->build_query(test.principal, request);
    ASSERT_FALSE(query.ok()) << test.what;
    EXPECT_EQ(query.error().code, test.code) << test.what;
    ASSERT_FALSE(query.error().details.empty()) << test.what;
    EXPECT_EQ(query.error().details[0].field, test.field) << test.what;
  }
  SearchRequest editor_request;
  editor_request.state = "draft";
  auto editor = service_->build_query(member_of("o", Role::kEditor), editor_request);
  ASSERT_TRUE(editor.ok());
  EXPECT_EQ(editor->filters["state"], std::vector<std::string>{"draft"});
}

}  // namespace
}  // namespace samverka::catalog
