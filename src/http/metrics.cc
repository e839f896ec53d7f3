// SPDX-License-Identifier: Apache-2.0
#include "http/metrics.h"

#include <algorithm>
#include <mutex>
#include <sstream>
#include <tuple>

namespace samverka::http {
namespace {
constexpr std::array<double, 12> kBounds = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                            0.05,   0.1,   0.25,   0.5,   1.0,  2.5};

std::string escape_label(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') out.push_back('\\');
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out.push_back(c);
  }
  return out;
}
}  // namespace

namespace {
std::atomic<uint64_t> next_identity{1};
}  // namespace

std::string_view method_label(std::string_view method) {
  static constexpr std::string_view kKnown[] = {"GET",    "HEAD",    "POST",    "PUT",  "PATCH",
                                                "DELETE", "OPTIONS", "CONNECT", "TRACE"};
  for (std::string_view known : kKnown) {
    if (method == known) return known;
  }
  return method == "-" ? "-" : "other";
}

Metrics::Metrics() : identity_(next_identity.fetch_add(1)) {}

uint64_t Metrics::Series::count() const {
  uint64_t total = 0;
  for (const auto& shard : shards) total += shard.count.load(std::memory_order_relaxed);
  return total;
}
double Metrics::Series::sum() const {
  double total = 0;
  for (const auto& shard : shards) total += shard.sum.load(std::memory_order_relaxed);
  return total;
}
uint64_t Metrics::Series::bucket(size_t index) const {
  uint64_t total = 0;
  for (const auto& shard : shards) total += shard.buckets[index].load(std::memory_order_relaxed);
  return total;
}

Metrics::Series* Metrics::find_series(const std::string& method, const std::string& route,
                                      int status) {
  // Each thread remembers the series it has used, so the shared map is locked only on a
  // thread's first request for a (method, route, status).
  thread_local std::unordered_map<std::string, Series*> local;
  thread_local std::string key;
  key.assign(std::to_string(identity_))
      .append(" ")
      .append(method)
      .append(" ")
      .append(route)
      .append(" ")
      .append(std::to_string(status));
  auto cached = local.find(key);
  if (cached != local.end()) return cached->second;
  std::unique_lock lock(mutex_);
  auto& slot = series_[key];
  if (!slot) {
    slot = std::make_unique<Series>();
    slot->method = method;
    slot->route = route;
    slot->status = status;
  }
  local.emplace(key, slot.get());
  return slot.get();
}

void Metrics::observe(const std::string& method, const std::string& route, int status,
                      double seconds) {
  static const std::string kUnmatched = "unmatched";
  // Routes come from the router's own patterns (or "unmatched", "malformed"); statuses from
  // the server; methods from the client, so only known ones become labels.
  Series* series =
      find_series(std::string(method_label(method)), route.empty() ? kUnmatched : route, status);
  Shard& shard = series->shards[counter_shard()];
  shard.count.fetch_add(1, std::memory_order_relaxed);
  shard.sum.fetch_add(seconds, std::memory_order_relaxed);
  for (size_t index = 0; index < kBounds.size(); ++index) {
    if (seconds <= kBounds[index]) shard.buckets[index].fetch_add(1, std::memory_order_relaxed);
  }
}

void Metrics::add_collector(std::function<std::string()> collector) {
  std::unique_lock lock(mutex_);
  collectors_.push_back(std::move(collector));
}

std::string Metrics::render() const {
  std::ostringstream out;
  std::vector<std::function<std::string()>> collectors;
  {
    std::shared_lock lock(mutex_);
    std::vector<const Series*> ordered;
    for (const auto& [key, series] : series_) ordered.push_back(series.get());
    std::sort(ordered.begin(), ordered.end(), [](const Series* a, const Series* b) {
      return std::tie(a->route, a->method, a->status) < std::tie(b->route, b->method, b->status);
    });
    out << "# HELP samverka_http_requests_total HTTP requests by method, route and status.\n"
        << "# TYPE samverka_http_requests_total counter\n";
    for (const Series* series : ordered) {
      out << "samverka_http_requests_total{method=\"" << series->method << "\",route=\""
          << escape_label(series->route) << "\",status=\"" << series->status << "\"} "
          << series->count() << "\n";
    }
    out << "# HELP samverka_http_request_duration_seconds Time to answer a request.\n"
        << "# TYPE samverka_http_request_duration_seconds histogram\n";
    for (const Series* series : ordered) {
      std::string labels = "method=\"" + series->method + "\",route=\"" +
                           escape_label(series->route) + "\",status=\"" +
                           std::to_string(series->status) + "\"";
      for (size_t index = 0; index < kBounds.size(); ++index) {
        out << "samverka_http_request_duration_seconds_bucket{" << labels << ",le=\""
            << kBounds[index] << "\"} " << series->bucket(index) << "\n";
      }
      out << "samverka_http_request_duration_seconds_bucket{" << labels << ",le=\"+Inf\"} "
          << series->count() << "\n";
      out << "samverka_http_request_duration_seconds_sum{" << labels << "} " << series->sum()
          << "\n";
      out << "samverka_http_request_duration_seconds_count{" << labels << "} " << series->count()
          << "\n";
    }
    collectors = collectors_;
  }
  out << "# HELP samverka_http_open_connections Connections open now.\n"
      << "# TYPE samverka_http_open_connections gauge\n"
      << "samverka_http_open_connections " << open_connections_.load() << "\n"
      << "# HELP samverka_http_output_waiting_bytes Bytes of large answers not yet taken by their "
         "clients.\n"
      << "# TYPE samverka_http_output_waiting_bytes gauge\n"
      << "samverka_http_output_waiting_bytes " << output_waiting_bytes_.load() << "\n";
  for (const auto& collector : collectors) out << collector();
  return out.str();
}

}  // namespace samverka::http
