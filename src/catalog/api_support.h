// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <boost/json.hpp>
#include <optional>
#include <string>

#include "accounts/account_service.h"
#include "core/result.h"
#include "http/request.h"

namespace samverka::catalog {

// What the catalogue's HTTP handlers share.
struct ApiLimits {
  int default_page_size = 20;
  int max_page_size = 1000;
};

// The caller, from the Authorization header.
Result<accounts::Principal> principal_of(accounts::AccountService& accounts,
                                         const http::Request& request);

// The request body as JSON; it must be declared application/json (or a +json type).
Result<boost::json::value> json_body(const http::Request& request);

// A JSON response with the given status.
http::Response json_response(int status, std::string body);
http::Response json_response(int status, const boost::json::value& value);

// 304 with the ETag, and 204 with nothing.
http::Response not_modified(int64_t revision);
http::Response no_content();

// ETags are the quoted revision number.
std::string etag_for(int64_t revision);
// The revision an If-Match header asks for; nothing when absent or "*". A header that names no
// revision of ours yields -1, which never matches.
std::optional<int64_t> if_match_revision(const http::Request& request);
// True when If-None-Match names this revision (or is "*").
bool if_none_match(const http::Request& request, int64_t revision);

// Parses an optional integer query parameter within [minimum, maximum].
Result<std::optional<int64_t>> integer_param(const http::Request& request, const std::string& name,
                                             int64_t minimum, int64_t maximum);
// true/false/1/0 query flags.
Result<bool> flag_param(const http::Request& request, const std::string& name);

}  // namespace samverka::catalog
