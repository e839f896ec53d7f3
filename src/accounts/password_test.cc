// SPDX-License-Identifier: Apache-2.0
#include "accounts/password.h"

#include <gtest/gtest.h>

namespace samverka::accounts {
namespace {

TEST(Password, HashesWithArgon2idAndVerifies) {
  auto hash = hash_password("correct horse battery");
  ASSERT_TRUE(hash.ok());
  EXPECT_EQ(hash.value().rfind("$argon2id$", 0), 0u);
  EXPECT_TRUE(verify_password("correct horse battery", hash.value()));
  EXPECT_FALSE(verify_password("correct horse batterY", hash.value()));
  EXPECT_NE(hash.value(), hash_password("correct horse battery").value());  // salted
}

TEST(Password, RefusesShortPasswords) {
  auto hash = hash_password("short");
  ASSERT_FALSE(hash.ok());
  EXPECT_EQ(hash.error().code, ErrorCode::kValidation);
}

}  // namespace
}  // namespace samverka::accounts
