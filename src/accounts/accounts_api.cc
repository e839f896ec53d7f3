// SPDX-License-Identifier: Apache-2.0
#include "accounts/accounts_api.h"

namespace samverka::accounts {

Result<Principal> principal_of(AccountService& accounts, const http::Request& request) {
  return accounts.authenticate(request.header("authorization"));
}

}  // namespace samverka::accounts
