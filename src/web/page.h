// SPDX-License-Identifier: Apache-2.0
// What every page shares: the layout, the language in the path, error pages, and the headers,
// validators and compression of HTML and static answers.
#pragma once

#include <boost/json/object.hpp>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"
#include "http/request.h"
#include "http/router.h"
#include "web/page_cache.h"
#include "web/render.h"
#include "web/visitor.h"

namespace samverka::web {

// The site's public URL (canonical links, sitemaps, JSON-LD); set once before serving.
void set_base_url(std::string base_url);
const std::string& base_url();

struct Page {
  Lang lang = Lang::kSv;
  std::string template_name;  // web/templates/NAME.mustache, rendered inside the layout
  std::string title;          // the page's own title; the layout adds the site's name
  // The path after /{lang}, with the query the page's state needs ("/datasets?q=vatten"): the
  // canonical URL and the other language's link are made from it.
  std::string path;
  boost::json::object view;
  int status = 200;
  std::string section;  // the menu entry this page belongs to (datasets, organizations ...)
  std::string json_ld;  // a serialised schema.org object, or empty
  bool noindex = false;
  std::vector<std::pair<std::string, std::string>> headers;  // added to the response (cookies)
  // Who is looking, when the handler knows already; otherwise page_response asks the resolver.
  std::optional<Visitor> visitor;
  bool no_store = false;  // Cache-Control: no-store (sign-in, and pages that show a secret)
};

// The page in the layout, with the headers every page gets (see finish()).
http::Response page_response(const http::Request& request, Page page);
// The page as every signed-out visitor sees it, rendered, validated and compressed once, for a
// PageCache; null when it cannot be shared (not a 200, no-store, own headers such as cookies,
// or a template failed: page_response then gives the error page).
std::shared_ptr<const SharedPage> share_page(Page page);
// The answer from a shared page: 304 when the client has it, gzip when it takes it, and the
// language cookie when the visitor's differs.
http::Response shared_page_response(const http::Request& request, const SharedPage& page,
                                    Lang lang);
// A 4xx/5xx page for an error, in the language.
http::Response error_page(const http::Request& request, Lang lang, const Error& error);
http::Response error_page(const http::Request& request, Lang lang, int status);

// The visitor's language: the `lang` cookie, then Accept-Language, then Swedish.
Lang preferred_lang(const http::Request& request);

// Registers GET /sv{pattern} and /en{pattern}. An exception escaping the handler becomes the
// 500 page; HEAD is answered by GET's handler as everywhere.
using PageHandler = std::function<http::Response(http::Request&, Lang)>;
void add_page(http::Router& router, const std::string& pattern, PageHandler handler);
// The same for another method (forms.h's add_form registers POST with it).
void add_page_route(http::Router& router, const std::string& method, const std::string& pattern,
                    PageHandler handler);

// The headers, validators and compression for a page or asset: the Content-Security-Policy and
// the other security headers on HTML, a strong ETag from the body (304 when the client has it),
// gzip when the client takes it.
http::Response finish(const http::Request& request, http::Response response);

// GET /static/FILE: an asset by its hashed name (cached for a year) or its plain name.
http::Response static_response(const http::Request& request, std::string_view file);

// A path of this site in a language: lang_path(kSv, "/account") is "/sv/account".
std::string lang_path(Lang lang, std::string_view rest);

// The URL of a static asset (web/static/NAME) under its content-hashed name, cached for a year.
std::string asset_url(std::string_view name);

// Percent-encoding for a URL's query values and path segments.
std::string url_encode(std::string_view text);

}  // namespace samverka::web
