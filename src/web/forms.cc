// SPDX-License-Identifier: Apache-2.0
#include "web/forms.h"

#include <sodium.h>

#include <algorithm>
#include <boost/json.hpp>

#include "core/ids.h"

namespace samverka::web {

std::string Form::value(std::string_view name) const {
  for (auto field = fields.rbegin(); field != fields.rend(); ++field) {
    if (field->name == name) return field->value;
  }
  return {};
}

std::vector<std::string> Form::values(std::string_view name) const {
  std::vector<std::string> found;
  for (const auto& field : fields) {
    if (field.name == name) found.push_back(field.value);
  }
  return found;
}

bool Form::has(std::string_view name) const {
  for (const auto& field : fields) {
    if (field.name == name) return true;
  }
  return false;
}

namespace {
bool same_text(std::string_view a, std::string_view b) {
  return a.size() == b.size() && !a.empty() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

// "https://host:port/path" -> "host:port".
std::string_view origin_host(std::string_view origin) {
  size_t scheme = origin.find("://");
  if (scheme != std::string_view::npos) origin.remove_prefix(scheme + 3);
  return origin.substr(0, origin.find('/'));
}
}  // namespace

Result<Form> read_form(const http::Request& request, const Visitor& visitor) {
  // The Origin must name this site: the Host asked for, or the public URL's host (a proxy in
  // front may pass another Host on).
  std::string_view origin = request.header("origin");
  if (!origin.empty() && origin != "null" && origin_host(origin) != request.header("host") &&
      origin_host(origin) != origin_host(base_url())) {
    return make_error(ErrorCode::kForbidden, "the form was sent from another site");
  }
  std::string_view type = request.header("content-type");
  Form form;
  if (type.substr(0, 19) == "multipart/form-data") {
    form.fields = TRY(http::parse_multipart(request.body, type));
  } else {
    form.fields = TRY(http::parse_urlencoded(request.body));
  }
  std::string sent = form.value(kCsrfField);
  std::string expected =
      visitor.signed_in ? visitor.csrf : std::string(request.cookie(kCsrfCookie));
  if (!same_text(sent, expected)) {
    return make_error(ErrorCode::kForbidden,
                      "the form's security token is missing or out of date; reload the page");
  }
  return form;
}

std::string form_token(const http::Request& request, const Visitor& visitor, Page& page) {
  if (visitor.signed_in) return visitor.csrf;
  std::string_view existing = request.cookie(kCsrfCookie);
  if (existing.size() == 32) return std::string(existing);
  std::string token = ids::random_hex(16);
  page.headers.emplace_back(
      "Set-Cookie", std::string(kCsrfCookie) + "=" + token + "; Path=/; HttpOnly; SameSite=Lax" +
                        (base_url().rfind("https:", 0) == 0 ? "; Secure" : ""));
  return token;
}

void add_form(http::Router& router, const std::string& pattern, FormHandler handler) {
  add_page_route(router, "POST", pattern, std::move(handler));
}

void put_errors(boost::json::object& view, const std::vector<FieldMessage>& errors) {
  if (errors.empty()) return;
  boost::json::array summary;
  for (const FieldMessage& error : errors) {
    summary.push_back(boost::json::object{{"field", error.field}, {"message", error.message}});
    std::string key = error.field;
    std::replace(key.begin(), key.end(), '-', '_');
    key += "_error";
    if (!view.contains(key)) view[key] = error.message;
  }
  view["errors"] = std::move(summary);
  view["has_errors"] = true;
}

http::Response see_other(std::string location) {
  http::Response response;
  response.status = 303;
  response.content_type = "text/plain; charset=utf-8";
  response.set_header("Location", std::move(location));
  response.set_header("Cache-Control", "no-store");
  return response;
}

}  // namespace samverka::web
