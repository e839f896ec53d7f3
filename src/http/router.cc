// SPDX-License-Identifier: Apache-2.0
#include "http/router.h"

namespace samverka::http {

bool may_block(const Request& request) {
  if (request.method != "GET" && request.method != "HEAD" && request.method != "OPTIONS") {
    return true;
  }
  return request.query.count("wait_for_index") > 0;
}

namespace {
std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> segments;
  size_t start = 1;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    segments.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return segments;
}
}  // namespace

std::string_view Request::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (key == name) return value;
  }
  return {};
}

std::optional<std::string> Request::query_param(const std::string& name) const {
  auto found = query.find(name);
  if (found == query.end()) return std::nullopt;
  return found->second;
}

std::string_view Request::param(const std::string& name) const {
  auto found = params.find(name);
  return found == params.end() ? std::string_view() : std::string_view(found->second);
}

void Router::add(std::string method, std::string pattern, Handler handler) {
  Route route{std::move(method), pattern, {}, std::move(handler)};
  for (auto segment : split_path(pattern)) route.segments.emplace_back(segment);
  routes_.push_back(std::move(route));
}

Result<const Handler*> Router::match(Request& request) const {
  if (request.path.empty() || request.path[0] != '/') {
    return make_error(ErrorCode::kNotFound, "no resource at " + request.path);
  }
  std::vector<std::string_view> segments;
  if (request.segments.empty()) {
    segments = split_path(request.path);
  } else {
    segments.assign(request.segments.begin(), request.segments.end());
  }
  std::string allowed;
  for (const auto& route : routes_) {
    if (route.segments.size() != segments.size()) continue;
    std::map<std::string, std::string> params;
    bool matched = true;
    for (size_t index = 0; index < segments.size() && matched; ++index) {
      const std::string& expected = route.segments[index];
      if (expected.size() > 2 && expected.front() == '{' && expected.back() == '}') {
        if (segments[index].empty())
          matched = false;
        else
          params[expected.substr(1, expected.size() - 2)] = std::string(segments[index]);
      } else if (expected != segments[index]) {
        matched = false;
      }
    }
    if (!matched) continue;
    if (route.method != request.method && !(request.method == "HEAD" && route.method == "GET")) {
      if (allowed.find(route.method) == std::string::npos) {
        allowed += allowed.empty() ? route.method : ", " + route.method;
      }
      continue;
    }
    request.params = std::move(params);
    request.route = route.pattern;
    return &route.handler;
  }
  if (!allowed.empty()) {
    return make_error(ErrorCode::kMethodNotAllowed,
                      request.method + " is not allowed here; allowed: " + allowed);
  }
  return make_error(ErrorCode::kNotFound, "no resource at " + request.path);
}

std::vector<Router::RouteInfo> Router::routes() const {
  std::vector<RouteInfo> infos;
  for (const auto& route : routes_) infos.push_back({route.method, route.pattern});
  return infos;
}

}  // namespace samverka::http
