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
    if (c == '\n') { out += "\\n"; continue; }
    out.push_back(c);
  }
  return out;
}
}  // namespace

void Metrics::observe(const std::string& method, const std::string& route, int status,
                      double seconds) {
  thread_local std::string key;
  const std::string& shown_route = route.empty() ? std::string("unmatched") : route;
  key.assign(method).append(" ").append(shown_route).append(" ").append(std::to_string(status));
  Series* series = nullptr;
  {
    std::shared_lock lock(mutex_);
    auto found = series_.find(key);
    if (found != series_.end()) series = found->second.get();
  }
  if (series == nullptr) {
    std::unique_lock lock(mutex_);
    auto& slot = series_[key];
    if (!slot) {
      slot = std::make_unique<Series>();
      slot->method = method;
      slot->route = shown_route;
      slot->status = status;
    }
    series = slot.get();
  }
  series->count.fetch_add(1, std::memory_order_relaxed);
  series->sum.fetch_add(seconds, std::memory_order_relaxed);
  for (size_t index = 0; index < kBounds.size(); ++index) {
    if (seconds <= kBounds[index]) series->buckets[index].fetch_add(1, std::memory_order_relaxed);
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
          << series->count.load() << "\n";
    }
    out << "# HELP samverka_http_request_duration_seconds Time to answer a request.\n"
        << "# TYPE samverka_http_request_duration_seconds histogram\n";
    for (const Series* series : ordered) {
      std::string labels = "method=\"" + series->method + "\",route=\"" +
                           escape_label(series->route) + "\",status=\"" +
                           std::to_string(series->status) + "\"";
      for (size_t index = 0; index < kBounds.size(); ++index) {
        out << "samverka_http_request_duration_seconds_bucket{" << labels << ",le=\""
            << kBounds[index] << "\"} " << series->buckets[index].load() << "\n";
      }
      out << "samverka_http_request_duration_seconds_bucket{" << labels << ",le=\"+Inf\"} "
          << series->count.load() << "\n";
      out << "samverka_http_request_duration_seconds_sum{" << labels << "} " << series->sum.load()
          << "\n";
      out << "samverka_http_request_duration_seconds_count{" << labels << "} "
          << series->count.load() << "\n";
    }
    collectors = collectors_;
  }
  out << "# HELP samverka_http_open_connections Connections open now.\n"
      << "# TYPE samverka_http_open_connections gauge\n"
      << "samverka_http_open_connections " << open_connections_.load() << "\n";
  for (const auto& collector : collectors) out << collector();
  return out.str();
}

}  // namespace samverka::http
