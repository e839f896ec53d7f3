// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string_view>

#include "accounts/account_service.h"
#include "accounts/session_service.h"
#include "core/result.h"
#include "http/request.h"

namespace samverka::accounts {

// The caller, from the Authorization header.
Result<Principal> principal_of(AccountService& accounts, const http::Request& request);

// The portal's session cookie (HttpOnly, SameSite=Lax, Secure when the site is https).
inline constexpr std::string_view kSessionCookie = "samverka_session";

// The visitor of a portal page, from the session cookie: anonymous without a live session
// (the JSON API never takes the cookie, so that it needs no CSRF defence). Without a session
// service (sessions null) everyone is anonymous.
Result<Principal> page_principal(SessionService* sessions, const http::Request& request);

}  // namespace samverka::accounts
