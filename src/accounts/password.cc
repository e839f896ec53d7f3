// SPDX-License-Identifier: Apache-2.0
#include "accounts/password.h"

#include <argon2.h>
#include <sodium.h>

#include <vector>

namespace samverka::accounts {
namespace {
constexpr uint32_t kTimeCost = 3;
constexpr uint32_t kMemoryKib = 64 * 1024;
constexpr uint32_t kParallelism = 1;
constexpr size_t kSaltLength = 16;
constexpr size_t kHashLength = 32;
}  // namespace

Result<std::string> hash_password(std::string_view password) {
  if (password.size() < 10) {
    return make_error(ErrorCode::kValidation, "password too short",
                      {{"password", "must be at least 10 characters"}});
  }
  if (sodium_init() < 0) return make_error(ErrorCode::kInternal, "libsodium failed");
  unsigned char salt[kSaltLength];
  randombytes_buf(salt, sizeof salt);
  size_t length =
      argon2_encodedlen(kTimeCost, kMemoryKib, kParallelism, kSaltLength, kHashLength, Argon2_id);
  std::vector<char> encoded(length);
  int code =
      argon2id_hash_encoded(kTimeCost, kMemoryKib, kParallelism, password.data(), password.size(),
                            salt, sizeof salt, kHashLength, encoded.data(), encoded.size());
  if (code != ARGON2_OK) {
    return make_error(ErrorCode::kInternal,
                      std::string("password hashing failed: ") + argon2_error_message(code));
  }
  return std::string(encoded.data());
}

bool verify_password(std::string_view password, const std::string& encoded) {
  return argon2id_verify(encoded.c_str(), password.data(), password.size()) == ARGON2_OK;
}

}  // namespace samverka::accounts
