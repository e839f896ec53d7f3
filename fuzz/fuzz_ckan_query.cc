// SPDX-License-Identifier: Apache-2.0
// The CKAN Action API's package_search (q, fq, rows, start, sort, facet.field, facet.limit ...)
// through the real route and handler, over a real runtime in a temporary folder holding a small
// demo catalogue (SQLite and a Xapian index); and, the same way, the search API's query string
// (/api/v1/search): the Solr parser, its mapping onto the index and the sorts, as served.
// Input: a query string ("q=luft&fq=tags:vatten res_format:CSV&rows=5"), sent as a GET; or,
// starting with '{', a JSON body sent as a POST; or, starting with '/', a query string for
// GET /api/v1/search. Keys and values are percent-decoded each on its own, as the server does.
// Nothing is written: every request here only reads, so each run sees the same catalogue.
// SAMVERKA_FUZZ_VERBOSE=1 prints each answer.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "fuzz_runtime.h"
#include "fuzz_support.h"
#include "http/router.h"

namespace {

using samverka::http::Request;
using samverka::http::Response;

const samverka::http::Router* router = nullptr;
// SAMVERKA_FUZZ_VERBOSE=1: print each answer (to see what a seed reaches).
const bool verbose = std::getenv("SAMVERKA_FUZZ_VERBOSE") != nullptr;

// The path's segments, as the server gives them to the router.
void set_path(Request& request, std::string path) {
  request.path = std::move(path);
  size_t start = 1;
  while (start <= request.path.size()) {
    size_t end = std::min(request.path.find('/', start), request.path.size());
    request.segments.push_back(request.path.substr(start, end - start));
    start = end + 1;
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  // 40 demo datasets: the 32 demo organisations, every theme, formats, licences, keywords.
  router = &samverka::fuzz::fuzz_runtime("ckan", 40).routes->router;
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  Request request;
  if (!input.empty() && input.front() == '{') {
    request.method = "POST";
    set_path(request, "/api/3/action/package_search");
    request.headers.emplace_back("content-type", "application/json");
    request.body = std::string(input);
  } else {
    request.method = "GET";
    if (!input.empty() && input.front() == '/') {
      set_path(request, "/api/v1/search");
      input.remove_prefix(1);
    } else {
      set_path(request, "/api/3/action/package_search");
    }
    for (auto& [key, value] : samverka::fuzz::query_pairs(input))
      request.query[key] = std::move(value);
  }
  auto handler = router->match(request);
  samverka::fuzz::require(handler.ok(), "the route is there");
  Response response = (*handler.value())(request);
  router->after(request, response);
  if (verbose) std::fprintf(stderr, "%d %.300s\n", response.status, response.body.c_str());
  // Bad input is the client's error (4xx) or a search that ran (200); never a server error.
  samverka::fuzz::require(
      response.status == 200 || (response.status >= 400 && response.status < 500),
      "a query is answered with 200 or a 4xx");
  return 0;
}
