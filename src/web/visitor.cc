// SPDX-License-Identifier: Apache-2.0
#include "web/visitor.h"

namespace samverka::web {
namespace {
VisitorResolver& resolver() {
  static VisitorResolver instance;
  return instance;
}
}  // namespace

void set_visitor_resolver(VisitorResolver resolver_function) {
  resolver() = std::move(resolver_function);
}

Visitor visitor(const http::Request& request) {
  return resolver() ? resolver()(request) : Visitor{};
}

}  // namespace samverka::web
