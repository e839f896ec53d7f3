// SPDX-License-Identifier: Apache-2.0
#include "accounts/account_pages.h"

#include <boost/json.hpp>

#include "accounts/accounts_api.h"
#include "core/clock.h"
#include "core/log.h"
#include "web/forms.h"
#include "web/page.h"

namespace samverka::accounts {

namespace bj = boost::json;
using http::Request;
using http::Response;
using web::Lang;

namespace {

std::string session_cookie(std::string_view value, int64_t max_age) {
  std::string cookie = std::string(kSessionCookie) + "=" + std::string(value) +
                       "; Path=/; HttpOnly; SameSite=Lax; Max-Age=" + std::to_string(max_age);
  if (web::base_url().rfind("https:", 0) == 0) cookie += "; Secure";
  return cookie;
}

std::string minutes_text(Lang lang, int64_t seconds) {
  int64_t minutes = (seconds + 59) / 60;
  return web::text(lang, minutes <= 1 ? "account.wait_minute" : "account.wait_minutes",
                   {{"minutes", std::to_string(minutes)}});
}

Response sign_in_page(const Request& request, Lang lang, const web::Visitor& visitor,
                      const std::string& login, const std::string& next,
                      std::vector<web::FieldMessage> errors, int status) {
  web::Page page;
  page.lang = lang;
  page.template_name = "sign_in";
  page.section = "account";
  page.title = web::text(lang, "account.sign_in_title");
  page.path = "/sign-in";
  page.noindex = true;
  page.status = status;
  page.visitor = visitor;
  page.view["lang"] = std::string(web::code(lang));
  page.view["csrf"] = web::form_token(request, visitor, page);
  page.view["login"] = login;
  page.view["next"] = next;
  page.no_store = true;
  web::put_errors(page.view, errors);
  return web::page_response(request, std::move(page));
}

Response account_page(AccountPages& pages, const Request& request, Lang lang,
                      const Principal& principal, bj::object extra, int status = 200) {
  auto user = pages.accounts.find_user(principal.user_id);
  if (!user.ok()) return web::error_page(request, lang, user.error());
  auto tokens = pages.accounts.tokens_of(principal.user_id);
  if (!tokens.ok()) return web::error_page(request, lang, tokens.error());
  web::Visitor visitor = visitor_of(principal, request);
  web::Page page;
  page.lang = lang;
  page.template_name = "account";
  page.section = "account";
  page.title = web::text(lang, "account.title");
  page.path = "/account";
  page.noindex = true;
  page.status = status;
  page.visitor = visitor;
  page.view = std::move(extra);
  page.view["lang"] = std::string(web::code(lang));
  page.view["csrf"] = visitor.csrf;
  page.view["name"] = principal.user_name;
  if (*user) page.view["email"] = (*user)->email;
  page.view["sysadmin"] = principal.sysadmin;
  bj::array list;
  int64_t now = clock::now_seconds();
  for (const TokenRecord& token : *tokens) {
    bj::object item{
        {"id", token.id},
        {"name", token.name.empty() ? web::text(lang, "account.token_unnamed") : token.name},
        {"created", token.created.substr(0, 10)}};
    item["expires"] = token.expires ? clock::iso_from_seconds(*token.expires).substr(0, 10)
                                    : web::text(lang, "account.token_never");
    if (token.revoked) {
      item["status"] = web::text(lang, "account.token_revoked");
    } else if (token.expires && *token.expires <= now) {
      item["status"] = web::text(lang, "account.token_expired");
    } else {
      item["status"] = web::text(lang, "account.token_active");
      item["active"] = true;
    }
    list.push_back(std::move(item));
  }
  page.view["has_tokens"] = !list.empty();
  page.view["tokens"] = std::move(list);
  // A page that may show a new token's secret is never stored.
  page.no_store = true;
  return web::page_response(request, std::move(page));
}

}  // namespace

Response sign_in_redirect(Lang lang, std::string_view back) {
  return web::see_other(web::lang_path(lang, "/sign-in?next=") + web::url_encode(back));
}

std::string safe_next(std::string_view next, std::string_view lang) {
  bool ours = (next.rfind("/sv/", 0) == 0 || next.rfind("/en/", 0) == 0 || next == "/sv" ||
               next == "/en") &&
              next.find('\\') == std::string_view::npos &&
              next.find("//") == std::string_view::npos && next.size() <= 2000;
  for (char c : next) ours = ours && static_cast<unsigned char>(c) > 0x20 && c != 0x7f;
  return ours ? std::string(next) : "/" + std::string(lang) + "/account";
}

web::Visitor visitor_of(const Principal& principal, const Request& request) {
  web::Visitor visitor;
  if (!principal.authenticated()) return visitor;
  visitor.signed_in = true;
  visitor.user_name = principal.user_name;
  visitor.csrf = SessionService::csrf_token(request.cookie(kSessionCookie));
  return visitor;
}

void resolve_visitors_with(SessionService& sessions) {
  web::set_visitor_resolver([&sessions](const Request& request) {
    auto principal = page_principal(&sessions, request);
    return principal.ok() ? visitor_of(*principal, request) : web::Visitor{};
  });
}

void register_account_pages(http::Router& router, AccountPages& pages) {
  web::add_page(router, "/sign-in", [&pages](Request& request, Lang lang) -> Response {
    auto principal = page_principal(&pages.sessions, request);
    if (!principal.ok()) return web::error_page(request, lang, principal.error());
    std::string next = safe_next(request.query_param("next").value_or(""), web::code(lang));
    if (principal->authenticated()) return web::see_other(next);
    return sign_in_page(request, lang, {}, "", next, {}, 200);
  });

  web::add_form(router, "/sign-in", [&pages](Request& request, Lang lang) -> Response {
    web::Visitor anonymous;
    auto form = web::read_form(request, anonymous);
    if (!form.ok()) return web::error_page(request, lang, form.error());
    std::string login = form->value("login");
    std::string password = form->value("password");
    std::string next = safe_next(form->value("next"), web::code(lang));
    if (login.size() > 320) login.resize(320);
    std::vector<web::FieldMessage> errors;
    if (login.empty())
      errors.push_back(web::FieldMessage{"login", web::text(lang, "account.login_missing")});
    if (password.empty())
      errors.push_back(web::FieldMessage{"password", web::text(lang, "account.password_missing")});
    if (!errors.empty())
      return sign_in_page(request, lang, {}, login, next, std::move(errors), 422);
    if (password.size() > 1024) password.resize(1024);
    auto signed_in = pages.sessions.sign_in(login, password);
    if (!signed_in.ok()) return web::error_page(request, lang, signed_in.error());
    switch (signed_in->outcome) {
      case SignIn::Outcome::kSignedIn: {
        log::event(log::Level::kInfo, "sign-in", {{"user", signed_in->principal.user_id}});
        Response response = web::see_other(next);
        response.set_header("Set-Cookie",
                            session_cookie(signed_in->secret, SessionOptions{}.lifetime_seconds));
        return response;
      }
      case SignIn::Outcome::kWrong:
        errors.push_back(web::FieldMessage{"login", web::text(lang, "account.wrong")});
        return sign_in_page(request, lang, {}, login, next, std::move(errors), 422);
      case SignIn::Outcome::kSlowDown:
      case SignIn::Outcome::kLocked: {
        errors.push_back(web::FieldMessage{
            "login", web::text(lang,
                               signed_in->outcome == SignIn::Outcome::kLocked ? "account.locked"
                                                                              : "account.slow_down",
                               {{"wait", minutes_text(lang, signed_in->retry_after)}})});
        Response response = sign_in_page(request, lang, {}, login, next, std::move(errors), 429);
        response.set_header("Retry-After", std::to_string(signed_in->retry_after));
        return response;
      }
    }
    return web::error_page(request, lang, 500);
  });

  web::add_form(router, "/sign-out", [&pages](Request& request, Lang lang) -> Response {
    auto principal = page_principal(&pages.sessions, request);
    if (!principal.ok()) return web::error_page(request, lang, principal.error());
    if (principal->authenticated()) {
      auto form = web::read_form(request, visitor_of(*principal, request));
      if (!form.ok()) return web::error_page(request, lang, form.error());
      Status ended = pages.sessions.sign_out(request.cookie(kSessionCookie));
      if (!ended.ok()) return web::error_page(request, lang, ended.error());
    }
    Response response = web::see_other(web::lang_path(lang, "/"));
    response.set_header("Set-Cookie", session_cookie("", 0));
    return response;
  });

  web::add_page(router, "/account", [&pages](Request& request, Lang lang) -> Response {
    auto principal = page_principal(&pages.sessions, request);
    if (!principal.ok()) return web::error_page(request, lang, principal.error());
    if (!principal->authenticated())
      return sign_in_redirect(lang, web::lang_path(lang, "/account"));
    return account_page(pages, request, lang, *principal, {});
  });

  web::add_form(router, "/account/tokens", [&pages](Request& request, Lang lang) -> Response {
    auto principal = page_principal(&pages.sessions, request);
    if (!principal.ok()) return web::error_page(request, lang, principal.error());
    if (!principal->authenticated())
      return sign_in_redirect(lang, web::lang_path(lang, "/account"));
    auto form = web::read_form(request, visitor_of(*principal, request));
    if (!form.ok()) return web::error_page(request, lang, form.error());
    std::string name = form->value("name");
    std::string expiry = form->value("expires_days");
    bj::object extra;
    std::vector<web::FieldMessage> errors;
    if (name.empty() || name.size() > 100)
      errors.push_back(
          web::FieldMessage{"token-name", web::text(lang, "account.token_name_invalid")});
    std::optional<int> days;
    if (expiry == "30" || expiry == "90" || expiry == "365") {
      days = std::stoi(expiry);
    } else if (expiry != "never") {
      errors.push_back(
          web::FieldMessage{"token-expiry", web::text(lang, "account.token_expiry_invalid")});
    }
    if (!errors.empty()) {
      extra["token_name"] = name;
      web::put_errors(extra, errors);
      return account_page(pages, request, lang, *principal, std::move(extra), 422);
    }
    auto created = pages.accounts.create_token(principal->user_id, name, days);
    if (!created.ok()) return web::error_page(request, lang, created.error());
    extra["new_token"] = bj::object{{"name", name}, {"secret", created->secret}};
    return account_page(pages, request, lang, *principal, std::move(extra), 201);
  });

  web::add_form(
      router, "/account/tokens/{id}/revoke", [&pages](Request& request, Lang lang) -> Response {
        auto principal = page_principal(&pages.sessions, request);
        if (!principal.ok()) return web::error_page(request, lang, principal.error());
        if (!principal->authenticated())
          return sign_in_redirect(lang, web::lang_path(lang, "/account"));
        auto form = web::read_form(request, visitor_of(*principal, request));
        if (!form.ok()) return web::error_page(request, lang, form.error());
        Status revoked =
            pages.accounts.revoke_own_token(principal->user_id, std::string(request.param("id")));
        if (!revoked.ok()) return web::error_page(request, lang, revoked.error());
        return web::see_other(web::lang_path(lang, "/account"));
      });

  web::add_form(router, "/account/sign-out-everywhere",
                [&pages](Request& request, Lang lang) -> Response {
                  auto principal = page_principal(&pages.sessions, request);
                  if (!principal.ok()) return web::error_page(request, lang, principal.error());
                  if (!principal->authenticated()) return web::see_other(web::lang_path(lang, "/"));
                  auto form = web::read_form(request, visitor_of(*principal, request));
                  if (!form.ok()) return web::error_page(request, lang, form.error());
                  Status ended = pages.sessions.sign_out_everywhere(principal->user_id);
                  if (!ended.ok()) return web::error_page(request, lang, ended.error());
                  Response response = web::see_other(web::lang_path(lang, "/"));
                  response.set_header("Set-Cookie", session_cookie("", 0));
                  return response;
                });
}

}  // namespace samverka::accounts
