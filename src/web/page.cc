// SPDX-License-Identifier: Apache-2.0
#include "web/page.h"

#include <zlib.h>

#include <boost/json.hpp>
#include <map>
#include <mutex>

#include "core/ids.h"
#include "core/log.h"
#include "core/text.h"
#include "http/problem.h"
#include "web/resources.h"
#include "web/visitor.h"

namespace samverka::web {

namespace bj = boost::json;

namespace {

std::string& base_url_storage() {
  static std::string url = "http://localhost:8080";
  return url;
}

// No script or style but our own files, nothing from another host, no framing, forms only
// to us. JSON-LD blocks are data, not script, so they need no exception.
constexpr const char* kContentSecurityPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'";

// Level 3 for answers compressed per request (within 7 % of level 6's size at 60 % of its
// time on a search page); level 9 for what is compressed once and served many times.
constexpr int kGzipPerRequest = 3;
constexpr int kGzipOnce = 9;

std::string gzip(std::string_view input, int level) {
  z_stream stream{};
  if (deflateInit2(&stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return {};
  std::string out;
  out.resize(deflateBound(&stream, static_cast<uLong>(input.size())) + 32);
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
  stream.avail_in = static_cast<uInt>(input.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  int result = deflate(&stream, Z_FINISH);
  size_t written = stream.total_out;
  deflateEnd(&stream);
  if (result != Z_STREAM_END) return {};
  out.resize(written);
  return out;
}

// The headers every HTML answer gets: the Content-Security-Policy and the others that keep the
// page from being framed, sniffed or leaking its address.
void add_html_headers(http::Response& response) {
  response.set_header("Content-Security-Policy", kContentSecurityPolicy);
  response.set_header("Referrer-Policy", "strict-origin-when-cross-origin");
  response.set_header("X-Frame-Options", "DENY");
  response.set_header("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
}

// What every answer of the site gets before its validator: the HTML headers on pages, and
// nosniff and Vary on everything.
void add_site_headers(http::Response& response) {
  if (response.content_type.rfind("text/html", 0) == 0) add_html_headers(response);
  response.set_header("X-Content-Type-Options", "nosniff");
  response.set_header("Vary", "Accept-Encoding");
}

// 304 when the client holds `etag`: with the answer's caching headers and cookies, no body.
std::optional<http::Response> unchanged_for(const http::Request& request, const std::string& etag,
                                            const http::Response& answer) {
  std::string_view given = request.header("if-none-match");
  if (given.empty() || given.find(etag) == std::string_view::npos) return std::nullopt;
  http::Response unchanged;
  unchanged.status = 304;
  unchanged.content_type.clear();
  for (const auto& [name, value] : answer.headers) {
    if (name == "Cache-Control" || name == "Vary" || name == "Set-Cookie")
      unchanged.set_header(name, value);
  }
  unchanged.set_header("ETag", etag);
  return unchanged;
}

// A strong validator from the body.
std::string etag_of(std::string_view body) {
  return "\"" + ids::hash_hex(body).substr(0, 24) + "\"";
}

bool accepts_gzip(const http::Request& request) {
  std::string_view accepted = request.header("accept-encoding");
  size_t at = accepted.find("gzip");
  if (at == std::string_view::npos) return false;
  // "gzip;q=0" refuses it.
  std::string_view rest = accepted.substr(at + 4);
  size_t comma = rest.find(',');
  std::string_view parameters = rest.substr(0, comma);
  return parameters.find("q=0") == std::string_view::npos ||
         parameters.find("q=0.") != std::string_view::npos;
}

struct Asset {
  std::string hashed_name;
  std::string content_type;
  std::string body;
};

std::string content_type_of(std::string_view name) {
  auto ends = [&](std::string_view suffix) {
    return name.size() >= suffix.size() && name.substr(name.size() - suffix.size()) == suffix;
  };
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".js")) return "text/javascript; charset=utf-8";
  if (ends(".png")) return "image/png";
  if (ends(".ico")) return "image/x-icon";
  if (ends(".txt")) return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

// web/static/, by plain name and by hashed name.
struct Assets {
  std::map<std::string, Asset, std::less<>> by_name;
  std::map<std::string, const Asset*, std::less<>> by_hashed_name;
};

const Assets& assets() {
  static const Assets all = [] {
    Assets loaded;
    for (const std::string& path : resource_names("static/")) {
      std::string name = path.substr(7);
      Asset asset;
      asset.body = std::string(*resource(path));
      asset.content_type = content_type_of(name);
      size_t dot = name.rfind('.');
      std::string hash = ids::hash_hex(asset.body).substr(0, 12);
      asset.hashed_name = dot == std::string::npos
                              ? name + "." + hash
                              : name.substr(0, dot) + "." + hash + name.substr(dot);
      loaded.by_name.emplace(name, std::move(asset));
    }
    for (const auto& [name, asset] : loaded.by_name)
      loaded.by_hashed_name.emplace(asset.hashed_name, &asset);
    return loaded;
  }();
  return all;
}

// JSON inside <script>: every "<" escaped, so that no text in it ("</script>", "<!--") can
// end the element or change how it is parsed.
std::string script_safe(std::string_view json) {
  std::string out;
  out.reserve(json.size());
  for (char c : json) {
    if (c == '<')
      out += "\\u003c";
    else
      out += c;
  }
  return out;
}

}  // namespace

void set_base_url(std::string base_url) {
  while (!base_url.empty() && base_url.back() == '/') base_url.pop_back();
  base_url_storage() = std::move(base_url);
}
const std::string& base_url() { return base_url_storage(); }

std::string url_encode(std::string_view text) { return text::percent_encode(text); }

std::string lang_path(Lang lang, std::string_view rest) {
  return "/" + std::string(code(lang)) + std::string(rest);
}

std::string asset_url(std::string_view name) {
  const Assets& all = assets();
  auto found = all.by_name.find(name);
  if (found == all.by_name.end()) return "/static/" + std::string(name);
  return "/static/" + found->second.hashed_name;
}

http::Response static_response(const http::Request& request, std::string_view file) {
  const Assets& all = assets();
  auto found = all.by_hashed_name.find(file);
  if (found == all.by_hashed_name.end()) {
    // A name without its hash (or an old hash) still works, briefly cached.
    auto plain = all.by_name.find(file);
    if (plain == all.by_name.end())
      return http::problem(make_error(ErrorCode::kNotFound, "no such file"));
    http::Response response;
    response.content_type = plain->second.content_type;
    response.body = plain->second.body;
    response.set_header("Cache-Control", "public, max-age=300");
    return finish(request, std::move(response));
  }
  http::Response response;
  response.content_type = found->second->content_type;
  response.body = found->second->body;
  response.set_header("Cache-Control", "public, max-age=31536000, immutable");
  return finish(request, std::move(response));
}

http::Response finish(const http::Request& request, http::Response response) {
  add_site_headers(response);
  if (response.status == 200) {
    std::string etag = etag_of(response.body);
    if (auto unchanged = unchanged_for(request, etag, response)) return std::move(*unchanged);
    response.set_header("ETag", etag);
  }
  if (response.body.size() > 512 && accepts_gzip(request)) {
    std::string compressed = gzip(response.body, kGzipPerRequest);
    if (!compressed.empty() && compressed.size() < response.body.size()) {
      response.body = std::move(compressed);
      response.set_header("Content-Encoding", "gzip");
    }
  }
  return response;
}

Lang preferred_lang(const http::Request& request) {
  if (auto lang = parse_lang(request.cookie("lang"))) return *lang;
  // The first of sv and en that Accept-Language names (its order is the visitor's, and
  // browsers send it highest quality first).
  std::string_view accepted = request.header("accept-language");
  size_t sv = std::string_view::npos, en = std::string_view::npos;
  for (size_t at = 0; at < accepted.size(); ++at) {
    if (at > 0 && accepted[at - 1] != ',' && accepted[at - 1] != ' ') continue;
    std::string_view rest = accepted.substr(at);
    if (sv == std::string_view::npos && rest.substr(0, 2) == "sv") sv = at;
    if (en == std::string_view::npos && rest.substr(0, 2) == "en") en = at;
  }
  if (en != std::string_view::npos && (sv == std::string_view::npos || en < sv)) return Lang::kEn;
  return Lang::kSv;
}

namespace {

// The page in the layout as `who` sees it, with its Cache-Control and the page's own headers,
// not yet finished; nullopt (logged) when a template fails.
std::optional<http::Response> render_page(Page& page, const Visitor& who) {
  Lang lang = page.lang;
  std::string lang_code(code(lang));
  std::string other_code(code(other(lang)));
  auto body = render(page.template_name, lang, page.view);
  if (!body.ok()) {
    log::event(log::Level::kError, "page",
               {{"template", page.template_name}, {"error", body.error().message}});
    return std::nullopt;
  }
  bj::object layout;
  layout["lang"] = lang_code;
  layout["other_lang"] = other_code;
  layout["title"] =
      page.title.empty() ? text(lang, "site.name") : page.title + " – " + text(lang, "site.name");
  layout["canonical"] = base_url() + "/" + lang_code + page.path;
  layout["href_sv"] = base_url() + "/sv" + page.path;
  layout["href_en"] = base_url() + "/en" + page.path;
  layout["other_href"] = "/" + other_code + page.path;
  layout["home"] = "/" + lang_code + "/";
  layout["css"] = asset_url("samverka.css");
  layout["js"] = asset_url("samverka.js");
  layout["content"] = std::move(*body);
  layout["noindex"] = page.noindex;
  if (!page.json_ld.empty()) layout["json_ld"] = script_safe(page.json_ld);
  for (const char* section : {"home", "datasets", "organizations", "data_services", "account"})
    layout[std::string("current_") + section] = page.section == section;
  if (who.signed_in) {
    layout["user_name"] = who.user_name;
    layout["csrf"] = who.csrf;
  } else {
    layout["sign_in_href"] = "/" + lang_code + "/sign-in";
  }
  auto html = render("layout", lang, layout);
  if (!html.ok()) {
    log::event(log::Level::kError, "page",
               {{"template", "layout"}, {"error", html.error().message}});
    return std::nullopt;
  }
  http::Response response;
  response.status = page.status;
  response.content_type = "text/html; charset=utf-8";
  response.body = std::move(*html);
  // Pages that know who is looking are not shared by caches.
  response.set_header("Cache-Control", page.no_store   ? "no-store"
                                       : who.signed_in ? "private, no-cache"
                                                       : "no-cache");
  for (auto& [name, value] : page.headers) response.set_header(std::move(name), std::move(value));
  return response;
}

// Remembers the visitor's language when the page's is not the one the cookie holds.
void remember_lang(const http::Request& request, Lang lang, http::Response& response) {
  if (request.cookie("lang") != code(lang)) {
    response.set_header("Set-Cookie", "lang=" + std::string(code(lang)) +
                                          "; Path=/; Max-Age=31536000; SameSite=Lax");
  }
}

}  // namespace

http::Response page_response(const http::Request& request, Page page) {
  Visitor who = page.visitor ? *page.visitor : visitor(request);
  std::optional<http::Response> response = render_page(page, who);
  if (!response) {
    if (page.template_name != "error") return error_page(request, page.lang, 500);
    http::Response bare;
    bare.status = 500;
    bare.content_type = "text/plain; charset=utf-8";
    bare.body = "500";
    return bare;
  }
  remember_lang(request, page.lang, *response);
  return finish(request, std::move(*response));
}

std::shared_ptr<const SharedPage> share_page(Page page) {
  if (page.status != 200 || page.no_store || !page.headers.empty()) return nullptr;
  std::optional<http::Response> response = render_page(page, Visitor{});
  if (!response) return nullptr;
  auto shared = std::make_shared<SharedPage>();
  add_site_headers(*response);
  shared->etag = etag_of(response->body);
  response->set_header("ETag", shared->etag);
  if (response->body.size() > 512) {
    std::string compressed = gzip(response->body, kGzipOnce);
    if (!compressed.empty() && compressed.size() < response->body.size())
      shared->gzipped = std::move(compressed);
  }
  shared->response = std::move(*response);
  return shared;
}

http::Response shared_page_response(const http::Request& request, const SharedPage& page,
                                    Lang lang) {
  http::Response response;
  if (auto unchanged = unchanged_for(request, page.etag, page.response)) {
    response = std::move(*unchanged);
  } else {
    response.status = page.response.status;
    response.content_type = page.response.content_type;
    response.headers = page.response.headers;
    if (!page.gzipped.empty() && accepts_gzip(request)) {
      response.body = page.gzipped;
      response.set_header("Content-Encoding", "gzip");
    } else {
      response.body = page.response.body;
    }
  }
  remember_lang(request, lang, response);
  return response;
}

http::Response error_page(const http::Request& request, Lang lang, int status) {
  int shown = status == 403 || status == 404 || status == 400 || status == 503 ? status : 500;
  Page page;
  page.lang = lang;
  page.template_name = "error";
  page.status = status;
  page.noindex = true;
  page.title = text(lang, "error.title_" + std::to_string(shown));
  page.path = request.path.size() > 3 ? request.path.substr(3) : "/";
  page.view["heading"] = page.title;
  page.view["text"] = text(lang, "error.text_" + std::to_string(shown));
  page.view["request_id"] = std::string(http::current_request_id());
  page.view["home"] = "/" + std::string(code(lang)) + "/";
  http::Response response = page_response(request, std::move(page));
  if (status == 503) response.set_header("Retry-After", "5");
  return response;
}

http::Response error_page(const http::Request& request, Lang lang, const Error& error) {
  int status = http::status_for(error.code);
  if (status >= 500 && status != 503) {
    log::event(log::Level::kError, "page",
               {{"id", std::string(http::current_request_id())}, {"error", error.message}});
  }
  // Authentication is asked for by the sign-in page; until then a 401 is a 403 here.
  if (status == 401) status = 403;
  return error_page(request, lang, status);
}

void add_page(http::Router& router, const std::string& pattern, PageHandler handler) {
  add_page_route(router, "GET", pattern, std::move(handler));
}

void add_page_route(http::Router& router, const std::string& method, const std::string& pattern,
                    PageHandler handler) {
  for (Lang lang : kLanguages) {
    router.add(method, "/" + std::string(code(lang)) + pattern,
               [lang, handler](http::Request& request) -> http::Response {
                 try {
                   return handler(request, lang);
                 } catch (const std::exception& exception) {
                   log::event(log::Level::kError, "page",
                              {{"id", std::string(http::current_request_id())},
                               {"route", request.route},
                               {"error", exception.what()}});
                   return error_page(request, lang, 500);
                 }
               });
  }
}

}  // namespace samverka::web
