// SPDX-License-Identifier: Apache-2.0
#include "http/json_api.h"

#include <charconv>

#include "core/json.h"

namespace samverka::http {

Result<boost::json::value> json_body(const Request& request) {
  std::string_view type = request.header("content-type");
  std::string_view base = type.substr(0, type.find(';'));
  while (!base.empty() && base.back() == ' ') base.remove_suffix(1);
  bool is_json =
      base == "application/json" || (base.size() > 5 && base.substr(base.size() - 5) == "+json");
  if (!is_json) {
    return make_error(
        ErrorCode::kUnsupportedMediaType,
        "send the body as application/json (Content-Type was '" + std::string(type) + "')");
  }
  if (request.body.empty()) return make_error(ErrorCode::kBadRequest, "the request body is empty");
  return json::parse(request.body);
}

Response json_response(int status, std::string body) {
  Response response;
  response.status = status;
  response.body = std::move(body);
  return response;
}

Response json_response(int status, const boost::json::value& value) {
  return json_response(status, boost::json::serialize(value));
}

std::string etag_for(int64_t revision) { return "\"" + std::to_string(revision) + "\""; }

Response not_modified(int64_t revision) {
  Response response;
  response.status = 304;
  response.set_header("ETag", etag_for(revision));
  return response;
}

Response no_content() {
  Response response;
  response.status = 204;
  return response;
}

namespace {
std::optional<int64_t> parse_etag(std::string_view tag) {
  while (!tag.empty() && tag.front() == ' ') tag.remove_prefix(1);
  while (!tag.empty() && tag.back() == ' ') tag.remove_suffix(1);
  if (tag.rfind("W/", 0) == 0) tag.remove_prefix(2);
  if (tag.size() < 3 || tag.front() != '"' || tag.back() != '"') return std::nullopt;
  tag = tag.substr(1, tag.size() - 2);
  int64_t revision = 0;
  auto [end, error] = std::from_chars(tag.data(), tag.data() + tag.size(), revision);
  if (error != std::errc() || end != tag.data() + tag.size()) return std::nullopt;
  return revision;
}
}  // namespace

std::optional<int64_t> if_match_revision(const Request& request) {
  std::string_view header = request.header("if-match");
  if (header.empty() || header == "*") return std::nullopt;
  return parse_etag(header.substr(0, header.find(','))).value_or(-1);
}

bool if_none_match(const Request& request, int64_t revision) {
  std::string_view header = request.header("if-none-match");
  if (header.empty()) return false;
  if (header == "*") return true;
  size_t start = 0;
  while (start <= header.size()) {
    size_t end = header.find(',', start);
    if (end == std::string_view::npos) end = header.size();
    if (parse_etag(header.substr(start, end - start)) == revision) return true;
    start = end + 1;
  }
  return false;
}

Result<std::optional<int64_t>> integer_param(const Request& request, const std::string& name,
                                             int64_t minimum, int64_t maximum) {
  auto text = request.query_param(name);
  if (!text) return std::optional<int64_t>();
  int64_t value = 0;
  auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (error != std::errc() || end != text->data() + text->size() || value < minimum ||
      value > maximum) {
    std::string range = std::to_string(minimum) + " and " + std::to_string(maximum);
    return make_error(ErrorCode::kBadRequest, name + " must be a whole number between " + range,
                      {{name, "must be a whole number between " + range}});
  }
  return std::optional<int64_t>(value);
}

Result<bool> flag_param(const Request& request, const std::string& name) {
  auto text = request.query_param(name);
  if (!text || *text == "false" || *text == "0") return false;
  if (*text == "true" || *text == "1" || text->empty()) return true;
  return make_error(ErrorCode::kBadRequest, name + " must be true or false",
                    {{name, "must be true or false"}});
}

}  // namespace samverka::http
