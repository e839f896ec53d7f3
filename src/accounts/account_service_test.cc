// SPDX-License-Identifier: Apache-2.0
#include "accounts/account_service.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "core/clock.h"
#include "storage/migrations.h"

namespace samverka::accounts {
namespace {

class AccountServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = std::filesystem::temp_directory_path() /
                 ("samverka-accounts-" + std::to_string(::getpid()) + "-" +
                  ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(directory_);
    std::filesystem::create_directories(directory_);
    auto opened = storage::open_sqlite({.path = (directory_ / "test.db").string(), .create = true});
    ASSERT_TRUE(opened.ok());
    database_ = std::move(opened).value();
    ASSERT_TRUE(storage::migrate(*database_).ok());
    accounts_ = std::make_unique<AccountService>(*database_);
    ASSERT_TRUE(accounts_->add_user("anna", "anna@example.se", false, std::nullopt).ok());
  }
  void TearDown() override {
    accounts_.reset();
    database_.reset();
    std::filesystem::remove_all(directory_);
  }
  std::filesystem::path directory_;
  std::unique_ptr<storage::Database> database_;
  std::unique_ptr<AccountService> accounts_;
};

TEST_F(AccountServiceTest, TokenExpiresWhenItsDaysHavePassed) {
  auto token = accounts_->create_token("anna", "ci", 2);
  ASSERT_TRUE(token.ok());
  std::string header = "Bearer " + token->secret;
  ASSERT_TRUE(accounts_->authenticate(header).ok());
  {
    clock::ScopedOffset one_day_later(std::chrono::hours(24));
    EXPECT_TRUE(accounts_->authenticate(header).ok()) << "still valid on the second day";
  }
  {
    clock::ScopedOffset three_days_later(std::chrono::hours(72));
    auto refused = accounts_->authenticate(header);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::kUnauthenticated);
    EXPECT_NE(refused.error().message.find("expired"), std::string::npos);
  }
  EXPECT_TRUE(accounts_->authenticate(header).ok()) << "the clock is back";
}

TEST_F(AccountServiceTest, TokenWithoutExpiryNeverExpires) {
  auto token = accounts_->create_token("anna", "ci", std::nullopt);
  ASSERT_TRUE(token.ok());
  clock::ScopedOffset ten_years_later(std::chrono::hours(24 * 3650));
  EXPECT_TRUE(accounts_->authenticate("Bearer " + token->secret).ok());
}

TEST_F(AccountServiceTest, PrincipalForUserHasCurrentRolesAndFailsForUnknownUsers) {
  auto user = accounts_->find_user("anna");
  ASSERT_TRUE(user.ok() && user.value());
  auto principal = accounts_->principal_for_user(user.value()->id);
  ASSERT_TRUE(principal.ok());
  EXPECT_EQ(principal->user_name, "anna");
  EXPECT_FALSE(principal->sysadmin);
  EXPECT_FALSE(accounts_->principal_for_user("no-such-user").ok());
}

}  // namespace
}  // namespace samverka::accounts
