// SPDX-License-Identifier: Apache-2.0
// Runs the search benchmark's queries one at a time and prints "p50_ms p99_ms queries_per_s
// total_hits":
//   samverka_search_bench DATA_DIR QUERIES_FILE [ROUNDS]
//     in-process, straight on the Xapian index (no HTTP, no JSON): the limit that the HTTP
//     figures are compared with; same query building and facet counting as the server.
//   samverka_search_bench http://HOST:PORT QUERIES_FILE [ROUNDS]
//     the same queries over HTTP on one keep-alive connection, timed the same way.
#include <algorithm>
#include <boost/asio.hpp>
#include <boost/url/parse.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "app/runtime.h"
#include "catalog/catalog_api.h"

using namespace samverka;

namespace {
// The same parsing as the server's /api/v1/search handler.
catalog::SearchRequest request_of(const std::string& line) {
  std::string target = "/?" + line;  // the view below points into it
  auto url = boost::urls::parse_origin_form(target);
  http::Request request;
  for (auto param : url->params()) request.query[param.key] = param.value;
  auto search = catalog::search_request_from(request);
  if (!search.ok()) {
    std::fprintf(stderr, "%s: %s\n", line.c_str(), search.error().message.c_str());
    std::exit(1);
  }
  return std::move(search).value();
}
}  // namespace

namespace {
void report(std::vector<double> times, size_t hits, int rounds) {
  std::sort(times.begin(), times.end());
  double total = 0;
  for (double time : times) total += time;
  std::printf("%.3f %.3f %.1f %zu\n", times[times.size() / 2] * 1000,
              times[times.size() * 99 / 100] * 1000, times.size() / total, hits / rounds);
}

// A minimal keep-alive client on a plain socket: the request is one write, the answer is read
// until its Content-Length is complete. (A general HTTP client library costs more per request
// than the server does for a cheap query, and would blur the comparison.)
int run_http(const std::string& url, const std::vector<std::string>& lines, int rounds) {
  using boost::asio::ip::tcp;
  auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed) return 2;
  boost::asio::io_context io;
  tcp::resolver resolver(io);
  tcp::socket socket(io);
  boost::asio::connect(socket,
                       resolver.resolve(std::string(parsed->host()), std::string(parsed->port())));
  socket.set_option(tcp::no_delay(true));
  std::vector<double> times;
  size_t hits = 0;
  std::string answer;
  std::vector<char> chunk(1 << 16);
  for (int round = 0; round <= rounds; ++round) {
    for (const auto& line : lines) {
      auto started = std::chrono::steady_clock::now();
      std::string request = "GET /api/v1/search?" + line + " HTTP/1.1\r\nHost: bench\r\n\r\n";
      boost::asio::write(socket, boost::asio::buffer(request));
      answer.clear();
      size_t body_start = std::string::npos, length = 0;
      while (true) {
        size_t got = socket.read_some(boost::asio::buffer(chunk));
        answer.append(chunk.data(), got);
        if (body_start == std::string::npos) {
          size_t end = answer.find("\r\n\r\n");
          if (end == std::string::npos) continue;
          body_start = end + 4;
          size_t header = answer.find("Content-Length: ");
          length = std::stoul(answer.substr(header + 16));
        }
        if (answer.size() >= body_start + length) break;
      }
      double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      if (answer.compare(0, 12, "HTTP/1.1 200") != 0) {
        std::fprintf(stderr, "%s: %s\n", line.c_str(), answer.substr(0, 12).c_str());
        return 1;
      }
      if (round > 0) {
        times.push_back(seconds);
        auto total = answer.find("\"total\":", body_start);
        if (total != std::string::npos) hits += std::stoul(answer.substr(total + 8));
      }
    }
  }
  report(std::move(times), hits, rounds);
  return 0;
}
}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s DATA_DIR|http://HOST:PORT QUERIES_FILE [ROUNDS]\n", argv[0]);
    return 2;
  }
  int rounds = argc > 3 ? std::atoi(argv[3]) : 5;
  std::vector<std::string> lines;
  std::ifstream file(argv[2]);
  for (std::string line; std::getline(file, line);) {
    if (!line.empty()) lines.push_back(line);
  }
  if (std::string(argv[1]).rfind("http://", 0) == 0) return run_http(argv[1], lines, rounds);
  auto runtime = app::open_runtime(argv[1], app::OpenMode::kExisting);
  if (!runtime.ok()) {
    std::fprintf(stderr, "%s\n", runtime.error().message.c_str());
    return 1;
  }
  accounts::Principal anonymous;
  std::vector<double> times;
  size_t hits = 0;
  for (int round = 0; round <= rounds; ++round) {  // round 0 warms the caches
    for (const auto& line : lines) {
      auto started = std::chrono::steady_clock::now();
      auto query = runtime.value()->search->build_query(anonymous, request_of(line));
      if (!query.ok()) {
        std::fprintf(stderr, "%s: %s\n", line.c_str(), query.error().message.c_str());
        return 1;
      }
      auto results = runtime.value()->index_reader->search(query.value());
      double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      if (!results.ok()) {
        std::fprintf(stderr, "%s: %s\n", line.c_str(), results.error().message.c_str());
        return 1;
      }
      if (round > 0) {
        if (std::getenv("SEARCH_BENCH_VERBOSE")) {
          std::fprintf(stderr, "%.3f %zu %s\n", seconds * 1000, results->total, line.c_str());
        }
        times.push_back(seconds);
        hits += results->total;
      }
    }
  }
  report(std::move(times), hits, rounds);
  return 0;
}
