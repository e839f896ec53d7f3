// SPDX-License-Identifier: Apache-2.0
// Who is looking at a page, as the layout and forms need it. The web layer does not know how
// sessions work: the accounts domain sets the resolver at start-up.
#pragma once

#include <functional>
#include <string>

#include "http/request.h"

namespace samverka::web {

struct Visitor {
  bool signed_in = false;
  std::string user_name;
  std::string csrf;  // the CSRF token of the visitor's session; "" when signed out
};

using VisitorResolver = std::function<Visitor(const http::Request&)>;
// Set once, before serving. Without one every visitor is anonymous.
void set_visitor_resolver(VisitorResolver resolver);
Visitor visitor(const http::Request& request);

}  // namespace samverka::web
