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

std::string_view Request::cookie(std::string_view name) const {
  std::string_view rest = header("cookie");
  while (!rest.empty()) {
    size_t end = rest.find(';');
    std::string_view pair = rest.substr(0, end);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    if (pair.size() > name.size() && pair.substr(0, name.size()) == name &&
        pair[name.size()] == '=')
      return pair.substr(name.size() + 1);
    if (end == std::string_view::npos) break;
    rest.remove_prefix(end + 1);
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

namespace {
std::vector<std::string_view> segments_of(const Request& request) {
  if (request.segments.empty()) return split_path(request.path);
  return {request.segments.begin(), request.segments.end()};
}
}  // namespace

bool Router::matches(const Route& route, const std::vector<std::string_view>& segments,
                     std::map<std::string, std::string>* params) {
  if (route.segments.size() != segments.size()) return false;
  for (size_t index = 0; index < segments.size(); ++index) {
    const std::string& expected = route.segments[index];
    if (expected.size() > 2 && expected.front() == '{' && expected.back() == '}') {
      if (segments[index].empty()) return false;
      if (params) (*params)[expected.substr(1, expected.size() - 2)] = std::string(segments[index]);
    } else if (expected != segments[index]) {
      return false;
    }
  }
  return true;
}

Result<const Handler*> Router::match(Request& request) const {
  if (request.path.empty() || request.path[0] != '/') {
    return make_error(ErrorCode::kNotFound, "no resource at " + request.path);
  }
  auto segments = segments_of(request);
  bool other_method = false;
  for (const auto& route : routes_) {
    std::map<std::string, std::string> params;
    if (!matches(route, segments, &params)) continue;
    if (route.method != request.method && !(request.method == "HEAD" && route.method == "GET")) {
      other_method = true;
      continue;
    }
    request.params = std::move(params);
    request.route = route.pattern;
    return &route.handler;
  }
  if (other_method) {
    return make_error(
        ErrorCode::kMethodNotAllowed,
        request.method + " is not allowed here; allowed: " + allowed_methods(request));
  }
  if (fallback_ && (request.method == "GET" || request.method == "HEAD")) {
    request.route = "(none)";
    return &fallback_;
  }
  return make_error(ErrorCode::kNotFound, "no resource at " + request.path);
}

std::string Router::allowed_methods(const Request& request) const {
  auto segments = segments_of(request);
  std::string allowed;
  auto add = [&](const std::string& method) {
    if (allowed.find(method) == std::string::npos) {
      allowed += allowed.empty() ? method : ", " + method;
    }
  };
  for (const auto& route : routes_) {
    if (!matches(route, segments, nullptr)) continue;
    add(route.method);
    if (route.method == "GET") add("HEAD");
  }
  return allowed;
}

std::vector<Router::RouteInfo> Router::routes() const {
  std::vector<RouteInfo> infos;
  for (const auto& route : routes_) infos.push_back({route.method, route.pattern});
  return infos;
}

}  // namespace samverka::http
