// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string_view>

#include "core/result.h"
#include "http/request.h"

namespace samverka::http {

// Fills request.path, .segments and .query from a request target: origin-form (/path?query)
// or, as proxies send it, absolute-form (http://host/path?query, RFC 9112 section 3.2.2), of
// which only the path and query count. Anything else is kBadRequest. Each segment is decoded on
// its own, so "%2F" stays inside its segment; a repeated query key keeps its last value.
Status parse_target(std::string_view target, Request& request);

}  // namespace samverka::http
