// SPDX-License-Identifier: Apache-2.0
#include "accounts/accounts_api.h"

namespace samverka::accounts {

Result<Principal> principal_of(AccountService& accounts, const http::Request& request) {
  return accounts.authenticate(request.header("authorization"));
}

Result<Principal> page_principal(SessionService* sessions, const http::Request& request) {
  std::string_view secret = request.cookie(kSessionCookie);
  if (sessions == nullptr || secret.empty()) return Principal{};
  auto found = TRY(sessions->principal(secret));
  Principal principal = found ? std::move(*found) : Principal{};
  return principal;
}

}  // namespace samverka::accounts
