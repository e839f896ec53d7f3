// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace samverka::accounts {

// An argon2id hash in the PHC string format ($argon2id$v=19$m=...,t=...,p=...$salt$hash), with
// a random salt. Passwords shorter than 10 characters are refused.
Result<std::string> hash_password(std::string_view password);
bool verify_password(std::string_view password, const std::string& encoded);

}  // namespace samverka::accounts
