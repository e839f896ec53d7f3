// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <boost/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace samverka::json {

namespace bj = boost::json;

// Parses text into a JSON value; a syntax error becomes kBadRequest with the position.
// Nesting depth is bounded so hostile input cannot exhaust the stack.
Result<bj::value> parse(std::string_view text);

// Serialises compactly.
std::string serialize(const bj::value& value);

// The value at key, or null when absent.
const bj::value* find(const bj::object& object, std::string_view key);

// Cuts every string in the value (at any depth) to at most max_bytes, with a marker saying how
// much was left out, and replaces bytes that break UTF-8: for documents that quote outside input
// (import reports), so that no literal is echoed whole.
void clip_strings(bj::value& value, size_t max_bytes);

// RFC 7396 JSON merge patch: returns target with patch applied.
bj::value merge_patch(const bj::value& target, const bj::value& patch);

}  // namespace samverka::json
