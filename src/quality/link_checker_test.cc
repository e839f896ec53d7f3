// SPDX-License-Identifier: Apache-2.0
#include "quality/link_checker.h"

#include <gtest/gtest.h>

namespace samverka::quality {
namespace {

constexpr int64_t kNow = 1'800'000'000;  // 2027-01-15T08:00:00Z

Result<net::Probed> answered(long status) {
  return net::Probed{status, "https://example.se/a", "text/csv", 12, "HEAD"};
}

TEST(LinkChecker, WorkingUrlsAreCheckedLessAndLessOften) {
  LinkCheckSettings settings;
  settings.max_interval_days = 30;
  std::optional<LinkCheck> previous;
  std::vector<int64_t> waits;
  for (int i = 0; i < 7; ++i) {
    LinkCheck check = conclude("https://example.se/a", answered(200), previous, kNow, settings);
    EXPECT_TRUE(check.reachable);
    waits.push_back(check.streak);
    previous = check;
  }
  EXPECT_EQ(waits, (std::vector<int64_t>{1, 2, 3, 4, 5, 6, 7}));
  // The seventh working check in a row waits 2^6 = 64 days, held to 30.
  EXPECT_EQ(previous->next_check, "2027-02-14T08:00:00Z");
  LinkCheck first = conclude("https://example.se/a", answered(301), std::nullopt, kNow, settings);
  EXPECT_EQ(first.next_check, "2027-01-16T08:00:00Z");
}

TEST(LinkChecker, BrokenUrlsAreCheckedAgainTheNextDayAndSayWhy) {
  LinkCheckSettings settings;
  LinkCheck working = conclude("https://example.se/a", answered(200), std::nullopt, kNow, settings);
  working.streak = 5;
  LinkCheck gone = conclude("https://example.se/a", answered(404), working, kNow, settings);
  EXPECT_FALSE(gone.reachable);
  EXPECT_EQ(gone.status, 404);
  EXPECT_EQ(gone.streak, 1);
  EXPECT_EQ(gone.next_check, "2027-01-16T08:00:00Z");
  LinkCheck silent =
      conclude("https://example.se/a", make_error(ErrorCode::kUnavailable, "no answer: timeout"),
               gone, kNow, settings);
  EXPECT_FALSE(silent.reachable);
  EXPECT_EQ(silent.status, 0);
  EXPECT_EQ(silent.error, "no answer: timeout");
  EXPECT_EQ(silent.streak, 2);
}

TEST(LinkChecker, HostsAreTheAuthorityWithoutCredentials) {
  EXPECT_EQ(host_of("https://Example.SE/path?q"), "example.se");
  EXPECT_EQ(host_of("http://user:pw@data.example.se:8080/x"), "data.example.se:8080");
  EXPECT_EQ(host_of("https://example.se"), "example.se");
  EXPECT_EQ(host_of("no-scheme"), "");
}

}  // namespace
}  // namespace samverka::quality
