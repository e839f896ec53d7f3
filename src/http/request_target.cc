// SPDX-License-Identifier: Apache-2.0
#include "http/request_target.h"

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

namespace samverka::http {

Status parse_target(std::string_view text, Request& request) {
  boost::urls::url_view target;
  if (!text.empty() && text.front() == '/') {
    auto parsed = boost::urls::parse_origin_form(text);
    if (!parsed) {
      return make_error(ErrorCode::kBadRequest, "the request target is not a valid URL path");
    }
    target = *parsed;
  } else {
    auto parsed = boost::urls::parse_absolute_uri(text);
    if (!parsed || !parsed->has_authority() ||
        (parsed->scheme_id() != boost::urls::scheme::http &&
         parsed->scheme_id() != boost::urls::scheme::https)) {
      return make_error(ErrorCode::kBadRequest,
                        "the request target must be a path or an absolute http(s) URL");
    }
    target = *parsed;
  }
  request.path = target.path();
  if (request.path.empty()) request.path = "/";
  request.segments.clear();
  for (auto segment : target.segments()) request.segments.push_back(segment);
  if (request.segments.empty()) request.segments.emplace_back();  // "/" is one empty segment
  for (auto param : target.params()) {
    if (param.key.empty() && !param.has_value) continue;  // "?a=1&" or "?a=1&&b=2"
    request.query[param.key] = param.value;
  }
  return {};
}

}  // namespace samverka::http
