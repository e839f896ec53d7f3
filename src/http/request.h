// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace samverka::http {

// A parsed HTTP request, free of any network library, so that domain APIs can be compiled and
// tested without Beast.
struct Request {
  std::string method;  // upper case: GET, POST ...
  std::string path;    // percent-decoded path, without the query
  // The path's segments, each percent-decoded on its own, so that "%2F" stays inside its
  // segment; the server fills them, the router matches them (empty: split `path` on '/').
  std::vector<std::string> segments;
  std::map<std::string, std::string> query;  // decoded; a repeated key keeps its last value
  std::vector<std::pair<std::string, std::string>> headers;  // names lower case
  std::string body;
  std::map<std::string, std::string> params;  // filled by the router from {name} segments
  std::string route;                          // the matched route pattern, for metrics

  std::string_view header(std::string_view name) const;
  std::optional<std::string> query_param(const std::string& name) const;
  // The value of a cookie of the Cookie header ("" when absent).
  std::string_view cookie(std::string_view name) const;
  std::string_view param(const std::string& name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  void set_header(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
  }
};

}  // namespace samverka::http
