// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "accounts/account_service.h"
#include "core/result.h"
#include "http/request.h"

namespace samverka::accounts {

// The caller, from the Authorization header.
Result<Principal> principal_of(AccountService& accounts, const http::Request& request);

}  // namespace samverka::accounts
