// SPDX-License-Identifier: Apache-2.0
#include "accounts/session_service.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "accounts/account_service.h"
#include "core/clock.h"
#include "storage/migrations.h"

namespace samverka::accounts {
namespace {

constexpr const char* kPassword = "ett-bra-lösenord";

class SessionServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = std::filesystem::temp_directory_path() /
                 ("samverka-sessions-" + std::to_string(::getpid()) + "-" +
                  ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(directory_);
    std::filesystem::create_directories(directory_);
    auto opened = storage::open_sqlite({.path = (directory_ / "test.db").string(), .create = true});
    ASSERT_TRUE(opened.ok());
    database_ = std::move(opened).value();
    ASSERT_TRUE(storage::migrate(*database_).ok());
    accounts_ = std::make_unique<AccountService>(*database_);
    sessions_ = std::make_unique<SessionService>(*database_);
    ASSERT_TRUE(accounts_->add_user("anna", "Anna@Example.se", false, std::string(kPassword)).ok());
    ASSERT_TRUE(accounts_->add_user("bo", "bo@example.se", false, std::nullopt).ok());
  }
  void TearDown() override {
    sessions_.reset();
    accounts_.reset();
    database_.reset();
    std::filesystem::remove_all(directory_);
  }
  SignIn::Outcome attempt(const std::string& login, const std::string& password) {
    auto result = sessions_->sign_in(login, password);
    EXPECT_TRUE(result.ok());
    return result.ok() ? result->outcome : SignIn::Outcome::kWrong;
  }
  std::filesystem::path directory_;
  std::unique_ptr<storage::Database> database_;
  std::unique_ptr<AccountService> accounts_;
  std::unique_ptr<SessionService> sessions_;
};

TEST_F(SessionServiceTest, SignsInByNameOrEmailAndTheSessionEndsAfterItsLifetime) {
  auto by_name = sessions_->sign_in("anna", kPassword);
  ASSERT_TRUE(by_name.ok());
  ASSERT_EQ(by_name->outcome, SignIn::Outcome::kSignedIn);
  EXPECT_EQ(by_name->secret.size(), 64u);
  auto principal = sessions_->principal(by_name->secret);
  ASSERT_TRUE(principal.ok() && principal->has_value());
  EXPECT_EQ((*principal)->user_name, "anna");
  EXPECT_EQ(attempt("anna@example.SE", kPassword), SignIn::Outcome::kSignedIn);
  {
    clock::ScopedOffset later(std::chrono::hours(13));
    auto expired = sessions_->principal(by_name->secret);
    ASSERT_TRUE(expired.ok());
    EXPECT_FALSE(expired->has_value()) << "a session lasts 12 hours";
  }
  ASSERT_TRUE(sessions_->sign_out(by_name->secret).ok());
  EXPECT_FALSE(sessions_->principal(by_name->secret)->has_value());
  EXPECT_FALSE(sessions_->principal("not-a-session")->has_value());
}

TEST_F(SessionServiceTest, WrongPasswordsAndUsersWithoutOneAreRefused) {
  EXPECT_EQ(attempt("anna", "fel-lösenord-1"), SignIn::Outcome::kWrong);
  EXPECT_EQ(attempt("bo", kPassword), SignIn::Outcome::kWrong) << "bo has no password";
  EXPECT_EQ(attempt("", ""), SignIn::Outcome::kWrong);
}

TEST_F(SessionServiceTest, FailuresSlowDownThenLockEvenTheRightPassword) {
  int64_t third = 0;
  for (int failure = 0; failure < 3; ++failure) {
    third = clock::now_seconds();
    EXPECT_EQ(attempt("anna", "fel"), SignIn::Outcome::kWrong);
  }
  {
    // Checking a password takes about a second under the sanitizers, as long as the first
    // wait: the next attempt comes as if no time had passed since the third began.
    clock::ScopedOffset back{std::chrono::seconds(third - clock::now_seconds())};
    auto waiting = sessions_->sign_in("anna", kPassword);
    ASSERT_TRUE(waiting.ok());
    EXPECT_EQ(waiting->outcome, SignIn::Outcome::kSlowDown);
    EXPECT_GE(waiting->retry_after, 1);
  }
  // Each wait doubles; after ten failures the login is locked for 15 minutes.
  int64_t offset = 0;
  for (int failure = 3; failure < 10; ++failure) {
    offset += 61;
    clock::ScopedOffset later{std::chrono::seconds(offset)};
    auto result = sessions_->sign_in("anna", "fel");
    ASSERT_TRUE(result.ok());
    EXPECT_EQ(result->outcome, SignIn::Outcome::kWrong)
        << "failure " << failure + 1 << ", wait " << result->retry_after;
  }
  {
    clock::ScopedOffset later{std::chrono::seconds(offset + 61)};
    auto locked = sessions_->sign_in("ANNA", kPassword);
    ASSERT_TRUE(locked.ok());
    EXPECT_EQ(locked->outcome, SignIn::Outcome::kLocked) << "logins are compared without case";
    EXPECT_GT(locked->retry_after, 60);
  }
  {
    clock::ScopedOffset much_later{std::chrono::seconds(offset + 16 * 60)};
    EXPECT_EQ(attempt("anna", kPassword), SignIn::Outcome::kSignedIn);
    EXPECT_EQ(attempt("anna", "fel"), SignIn::Outcome::kWrong) << "success clears the count";
  }
}

TEST_F(SessionServiceTest, OldFailuresOfOtherLoginsAreSwept) {
  for (int i = 0; i < 20; ++i)
    EXPECT_EQ(attempt("gissning" + std::to_string(i), "x"), SignIn::Outcome::kWrong);
  auto rows = [&] {
    return database_
        ->read([](storage::Connection& connection) -> Result<int64_t> {
          storage::Statement* statement =
              TRY(connection.prepare("SELECT count(*) FROM sign_in_failures"));
          TRY(statement->step());
          return statement->integer(0);
        })
        .value();
  };
  EXPECT_EQ(rows(), 20);
  clock::ScopedOffset later{std::chrono::hours(1)};
  EXPECT_EQ(attempt("anna", "fel"), SignIn::Outcome::kWrong);
  EXPECT_EQ(rows(), 1) << "only the new failure is left";
}

TEST_F(SessionServiceTest, SigningOutEverywhereEndsEverySessionOfTheUser) {
  auto first = sessions_->sign_in("anna", kPassword);
  auto second = sessions_->sign_in("anna", kPassword);
  ASSERT_TRUE(first.ok() && second.ok());
  ASSERT_TRUE(sessions_->sign_out_everywhere(first->principal.user_id).ok());
  EXPECT_FALSE(sessions_->principal(first->secret)->has_value());
  EXPECT_FALSE(sessions_->principal(second->secret)->has_value());
}

TEST_F(SessionServiceTest, CsrfTokensDifferPerSession) {
  EXPECT_NE(SessionService::csrf_token("a"), SessionService::csrf_token("b"));
  EXPECT_EQ(SessionService::csrf_token("a"), SessionService::csrf_token("a"));
}

}  // namespace
}  // namespace samverka::accounts
