// SPDX-License-Identifier: Apache-2.0
#include "web/web_routes.h"

#include "http/problem.h"
#include "web/page.h"

namespace samverka::web {

namespace {

bool wants_html(const http::Request& request) {
  const std::string& path = request.path;
  if (path.rfind("/api/", 0) == 0 || path == "/api") return false;
  if (path.rfind("/sv/", 0) == 0 || path.rfind("/en/", 0) == 0 || path == "/sv" || path == "/en")
    return true;
  return request.header("accept").find("text/html") != std::string_view::npos;
}

}  // namespace

void register_web_routes(http::Router& router) {
  router.add("GET", "/", [](http::Request& request) {
    http::Response response;
    response.status = 302;
    response.content_type = "text/plain; charset=utf-8";
    std::string target = "/" + std::string(code(preferred_lang(request))) + "/";
    response.set_header("Location", target);
    response.set_header("Vary", "Accept-Language, Cookie");
    response.set_header("Cache-Control", "no-cache");
    response.body = target + "\n";
    return response;
  });
  for (Lang lang : kLanguages) {
    // /sv and /en without the slash.
    router.add("GET", "/" + std::string(code(lang)), [lang](http::Request&) {
      http::Response response;
      response.status = 301;
      response.content_type = "text/plain; charset=utf-8";
      response.set_header("Location", "/" + std::string(code(lang)) + "/");
      return response;
    });
  }
  router.add("GET", "/robots.txt", [](http::Request& request) {
    http::Response response;
    response.content_type = "text/plain; charset=utf-8";
    // Search result pages are endless combinations of filters: crawlers get the datasets
    // through the sitemap instead.
    response.body =
        "User-agent: *\n"
        "Disallow: /sv/datasets?\n"
        "Disallow: /en/datasets?\n"
        "Disallow: /api/\n"
        "Allow: /api/v1/catalog\n"
        "Sitemap: " +
        base_url() + "/sitemap.xml\n";
    response.set_header("Cache-Control", "public, max-age=3600");
    return finish(request, std::move(response));
  });
  router.add("GET", "/static/{file}", [](http::Request& request) {
    return static_response(request, request.param("file"));
  });
  router.set_fallback([](http::Request& request) {
    if (!wants_html(request)) {
      return http::problem(make_error(ErrorCode::kNotFound, "no resource at " + request.path));
    }
    Lang lang = preferred_lang(request);
    if (request.path.size() >= 3) {
      if (auto in_path = parse_lang(std::string_view(request.path).substr(1, 2))) lang = *in_path;
    }
    return error_page(request, lang, 404);
  });
}

}  // namespace samverka::web
