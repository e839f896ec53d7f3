// SPDX-License-Identifier: Apache-2.0
// HTML forms: reading a POSTed form, and the CSRF check every form gets. A signed-in visitor's
// forms carry the token derived from the session; a signed-out visitor's (sign-in) carry the
// value of a random cookie set with the form (double submit). Either way a request whose Origin
// names another host is refused.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "http/form.h"
#include "http/request.h"
#include "http/router.h"
#include "web/page.h"
#include "web/render.h"
#include "web/visitor.h"

namespace samverka::web {

inline constexpr std::string_view kCsrfField = "csrf";
inline constexpr std::string_view kCsrfCookie = "samverka_csrf";

struct Form {
  std::vector<http::FormField> fields;
  // The last value of a field ("" when absent), and every value of a repeated one.
  std::string value(std::string_view name) const;
  std::vector<std::string> values(std::string_view name) const;
  bool has(std::string_view name) const;
};

// Parses the body (urlencoded or multipart) and checks the CSRF token and the Origin:
// kForbidden when they do not match, kBadRequest for a malformed body.
Result<Form> read_form(const http::Request& request, const Visitor& visitor);

// The CSRF token a form on this page must carry: the session's, or for a signed-out visitor
// the csrf cookie's (a new one is made, and set by the page, when the request has none).
std::string form_token(const http::Request& request, const Visitor& visitor, Page& page);

// Registers POST /sv{pattern} and /en{pattern}, like add_page does GET.
using FormHandler = std::function<http::Response(http::Request&, Lang)>;
void add_form(http::Router& router, const std::string& pattern, FormHandler handler);

// A form's errors in its view: "errors" [{field, message}] for the summary at the top (each
// links to its field's id), and FIELD_error (the id with '-' as '_') beside each field.
struct FieldMessage {
  std::string field;  // the input's id
  std::string message;
};
void put_errors(boost::json::object& view, const std::vector<FieldMessage>& errors);

// A 303 See Other to a path on this site (after a successful POST).
http::Response see_other(std::string location);

}  // namespace samverka::web
