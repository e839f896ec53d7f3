// SPDX-License-Identifier: Apache-2.0
// The HTTP request glue: raw bytes through Boost.Beast's request parser (with the server's
// limits), the request target through Boost.URL as src/http/server.cc reads it, and the result
// matched against the server's real route table. server.cc keeps its Beast-to-Request
// conversion in an anonymous namespace, so the part of it that reads the target is repeated
// here. Handlers are not run (fuzz_ckan_query runs one); the router's matching is. Bytes the
// parser refuses still reach the router: their first line becomes a request as it is.
#include <boost/asio/buffer.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http.hpp>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "fuzz_runtime.h"
#include "fuzz_support.h"
#include "http/request_target.h"
#include "http/router.h"

namespace {

namespace bhttp = boost::beast::http;
using samverka::ErrorCode;
using samverka::Result;
using samverka::http::Request;
using samverka::http::Router;

const Router* router = nullptr;
// SAMVERKA_FUZZ_VERBOSE=1: print each request's method, path and route (to see what a seed
// reaches).
const bool verbose = std::getenv("SAMVERKA_FUZZ_VERBOSE") != nullptr;

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// As server.cc's to_request: the target through the same parse_target, then the headers.
Result<Request> to_request(const bhttp::request<bhttp::string_body>& raw) {
  Request request;
  request.method = std::string(raw.method_string());
  TRY(samverka::http::parse_target(raw.target(), request));
  for (const auto& field : raw) {
    request.headers.emplace_back(lower(field.name_string()), std::string(field.value()));
  }
  request.body = raw.body();
  return request;
}

// Matches the request, as the server's dispatch does, and checks what the router promises.
void route(Request& request) {
  (void)samverka::http::may_block(request);
  (void)request.header("content-type");
  (void)request.query_param("wait_for_index");
  auto handler = router->match(request);
  if (verbose) {
    std::fprintf(stderr, "%s %s segments=%zu -> %s\n", request.method.c_str(), request.path.c_str(),
                 request.segments.size(),
                 handler.ok() ? request.route.c_str() : handler.error().message.c_str());
  }
  if (handler.ok()) {
    samverka::fuzz::require(handler.value() != nullptr && !request.route.empty(),
                            "a matched route has a handler and a pattern");
    for (const auto& [name, value] : request.params) {
      samverka::fuzz::require(!value.empty(), "a {name} segment matches only a non-empty one");
      (void)request.param(name);
    }
  } else if (handler.error().code == ErrorCode::kMethodNotAllowed) {
    samverka::fuzz::require(!router->allowed_methods(request).empty(),
                            "a 405 names the methods allowed");
  } else {
    samverka::fuzz::require(handler.error().code == ErrorCode::kNotFound,
                            "the router answers a route, 404 or 405");
  }
}

// The first line as a request, without the parser: method up to the first space, then the
// path up to the next space or '?', then the query; segments split on '/' and decoded each.
void route_first_line(std::string_view text) {
  text = text.substr(0, text.find('\n'));
  size_t space = text.find(' ');
  Request request;
  request.method = std::string(text.substr(0, space));
  std::string_view target = space == std::string_view::npos ? "" : text.substr(space + 1);
  target = target.substr(0, target.find(' '));
  size_t question = target.find('?');
  std::string_view path = target.substr(0, question);
  request.path = samverka::fuzz::percent_decoded(path);
  if (question != std::string_view::npos) {
    for (auto& [key, value] : samverka::fuzz::query_pairs(target.substr(question + 1)))
      request.query[key] = value;
  }
  if (!path.empty() && path.front() == '/') {
    size_t start = 1;
    while (start <= path.size()) {
      size_t end = std::min(path.find('/', start), path.size());
      request.segments.push_back(samverka::fuzz::percent_decoded(path.substr(start, end - start)));
      start = end + 1;
    }
  }
  route(request);
  // The router splits the path itself when it is given no segments.
  request.segments.clear();
  route(request);
}

// Parses one request from the front of `rest` as the server's session does and routes it;
// leaves in `rest` what follows it (a pipelined request). False when nothing more can be read.
bool parse_one(std::string_view& rest) {
  bhttp::request_parser<bhttp::string_body> parser;
  parser.body_limit(10 * 1024 * 1024);  // the default of server.body_limit_bytes
  parser.header_limit(64 * 1024);       // as the server's session sets it
  parser.eager(true);
  boost::beast::error_code error;
  while (!parser.is_done()) {
    size_t used = parser.put(boost::asio::buffer(rest.data(), rest.size()), error);
    rest.remove_prefix(used);
    if (error == bhttp::error::need_more && used > 0 && !rest.empty()) {
      error = {};
      continue;
    }
    break;
  }
  if (!parser.is_done() && !error) parser.put_eof(error);
  if (!parser.is_done() || error) return false;
  auto request = to_request(parser.get());
  if (request.ok()) route(request.value());
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  router = &samverka::fuzz::fuzz_runtime("http", 0).routes->router;
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  std::string_view rest = bytes;
  for (int requests = 0; requests < 4 && !rest.empty() && parse_one(rest); ++requests) {
  }
  route_first_line(bytes);
  return 0;
}
