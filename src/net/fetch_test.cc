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
      {"::127.0.0.1", true},  // IPv4-compatible
      {"::10.0.0.1", true},
      {"64:ff9b::10.0.0.1", true},  // NAT64
      {"64:ff9b::8.8.8.8", false},
      {"64:ff9b:1::8.8.8.8", true},                    // local-use NAT64
      {"2002:7f00:1::", true},                         // 6to4 of 127.0.0.1
      {"2002:a9fe:a9fe::1", true},                     // 6to4 of 169.254.169.254
      {"2002:808:808::1", false},                      // 6to4 of 8.8.8.8
      {"2001:0:4136:e378:8000:63bf:80ff:fffe", true},  // Teredo to 127.0.0.1
      {"2001:db8::1", true},
      {"100::1", true},
  };
  for (const auto& test_case : cases) {
    EXPECT_EQ(is_private_address(test_case.address), test_case.refused) << test_case.address;
  }
}

TEST(Fetch, IgnoresProxyVariablesUnlessConfigured) {
  // A proxy variable pointing at a local listener must not carry the request there: the
  // address check still applies (and refuses loopback) rather than the proxy being used.
  setenv("http_proxy", "http://127.0.0.1:9", 1);
  setenv("HTTP_PROXY", "http://127.0.0.1:9", 1);
  setenv("all_proxy", "http://127.0.0.1:9", 1);
  FetchOptions options;
  options.connect_timeout_seconds = 2;
  options.total_timeout_seconds = 3;
  auto fetched = fetch("http://192.0.2.1/catalog.ttl", options);  // TEST-NET-1: never answers
  ASSERT_FALSE(fetched.ok());
  EXPECT_EQ(fetched.error().message.find("127.0.0.1"), std::string::npos)
      << "went to the proxy: " << fetched.error().message;
  unsetenv("http_proxy");
  unsetenv("HTTP_PROXY");
  unsetenv("all_proxy");
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
