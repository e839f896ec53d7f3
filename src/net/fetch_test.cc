// SPDX-License-Identifier: Apache-2.0
#include "net/fetch.h"

#include <gtest/gtest.h>

namespace samverka::net {
namespace {

TEST(Fetch, KnowsPrivateAddresses) {
  struct Case {
    const char* address;
    bool refused;
  };
  const Case cases[] = {
      {"127.0.0.1", true},
      {"10.1.2.3", true},
      {"172.16.0.1", true},
      {"172.31.255.255", true},
      {"172.32.0.1", false},
      {"192.168.1.1", true},
      {"169.254.169.254", true},
      {"100.64.0.1", true},
      {"100.128.0.1", false},
      {"0.0.0.0", true},
      {"224.0.0.1", true},
      {"198.18.0.1", true},
      {"8.8.8.8", false},
      {"193.11.1.1", false},
      {"::1", true},
      {"::", true},
      {"fd00::1", true},
      {"fe80::1", true},
      {"::ffff:127.0.0.1", true},
      {"::ffff:8.8.8.8", false},
      {"2001:6b0::1", false},
      {"ff02::1", true},
      {"not an address", true},
  };
  for (const auto& test_case : cases) {
    EXPECT_EQ(is_private_address(test_case.address), test_case.refused) << test_case.address;
  }
}

TEST(Fetch, RefusesOtherSchemesAndLocalAddresses) {
  FetchOptions options;
  auto file = fetch("file:///etc/passwd", options);
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(file.error().code, ErrorCode::kBadRequest);
  // Nothing listens on port 9 here; the refusal comes before any connection is tried.
  auto local = fetch("http://127.0.0.1:9/catalog.ttl", options);
  ASSERT_FALSE(local.ok());
  EXPECT_EQ(local.error().code, ErrorCode::kForbidden) << local.error().message;
  options.allow_private_addresses = true;
  auto allowed = fetch("http://127.0.0.1:9/catalog.ttl", options);
  ASSERT_FALSE(allowed.ok());
  EXPECT_EQ(allowed.error().code, ErrorCode::kUnavailable) << allowed.error().message;
}

}  // namespace
}  // namespace samverka::net
