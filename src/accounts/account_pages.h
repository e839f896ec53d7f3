// SPDX-License-Identifier: Apache-2.0
// The portal's sign-in, sign-out and account pages (API tokens, ending sessions).
#pragma once

#include "accounts/account_service.h"
#include "accounts/session_service.h"
#include "http/router.h"
#include "web/render.h"
#include "web/visitor.h"

namespace samverka::accounts {

struct AccountPages {
  AccountService& accounts;
  SessionService& sessions;
};

// GET/POST /{lang}/sign-in, POST /{lang}/sign-out, GET /{lang}/account, POST
// /{lang}/account/tokens, /{lang}/account/tokens/{id}/revoke, /{lang}/account/sign-out-everywhere.
void register_account_pages(http::Router& router, AccountPages& pages);

// The visitor of a page whose handler has the principal already.
web::Visitor visitor_of(const Principal& principal, const http::Request& request);
// Sets the web layer's visitor resolver to look sessions up.
void resolve_visitors_with(SessionService& sessions);

// A 303 to the sign-in page, which leads back to `back` (a path of this site) afterwards.
http::Response sign_in_redirect(web::Lang lang, std::string_view back);

// A path on this site to go back to after signing in: only "/sv/..." or "/en/..." paths are
// taken (never another host), otherwise the account page.
std::string safe_next(std::string_view next, std::string_view lang);

}  // namespace samverka::accounts
