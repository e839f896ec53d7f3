// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <boost/json.hpp>
#include <optional>
#include <string>

#include "core/result.h"
#include "http/request.h"

namespace samverka::http {

// What JSON API handlers share: page sizes, bodies, answers, ETags and query parameters.
struct PageLimits {
  int default_page_size = 20;
  int max_page_size = 1000;
};

// The request body as JSON; it must be declared application/json (or a +json type).
Result<boost::json::value> json_body(const Request& request);

// A JSON response with the given status.
Response json_response(int status, std::string body);
Response json_response(int status, const boost::json::value& value);

// 304 with the ETag, and 204 with nothing.
Response not_modified(int64_t revision);
Response no_content();

// ETags are the quoted revision number.
std::string etag_for(int64_t revision);
// The revision an If-Match header asks for; nothing when absent or "*". A header that names no
// revision of ours yields -1, which never matches.
std::optional<int64_t> if_match_revision(const Request& request);
// True when If-None-Match names this revision (or is "*").
bool if_none_match(const Request& request, int64_t revision);

// Parses an optional integer query parameter within [minimum, maximum].
Result<std::optional<int64_t>> integer_param(const Request& request, const std::string& name,
                                             int64_t minimum, int64_t maximum);
// true/false/1/0 query flags.
Result<bool> flag_param(const Request& request, const std::string& name);

}  // namespace samverka::http
