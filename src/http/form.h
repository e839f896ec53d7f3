// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace samverka::http {

// One field of an HTML form body, in the order sent (a name may repeat).
struct FormField {
  std::string name;
  std::string value;
  std::optional<std::string> filename;  // a file part of multipart/form-data
  std::string content_type;             // of a multipart part, when it says
};

// Bounds on one form: fields and the bytes of a part's headers.
inline constexpr size_t kMaxFormFields = 1000;

// application/x-www-form-urlencoded ('+' is a space, percent-escapes decoded).
Result<std::vector<FormField>> parse_urlencoded(std::string_view body);
// multipart/form-data (RFC 7578) with the boundary from `content_type`; errors say what is
// malformed.
Result<std::vector<FormField>> parse_multipart(std::string_view body,
                                               std::string_view content_type);

}  // namespace samverka::http
