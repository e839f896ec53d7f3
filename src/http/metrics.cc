// SPDX-License-Identifier: Apache-2.0
#include "http/metrics.h"

#include <array>
#include <sstream>
#include <tuple>
#include <vector>

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
  std::lock_guard lock(mutex_);
  Series& series = series_[{method, route.empty() ? "unmatched" : route, status}];
  ++series.count;
  series.sum += seconds;
  for (size_t index = 0; index < kBounds.size(); ++index) {
    if (seconds <= kBounds[index]) ++series.buckets[index];
  }
}

void Metrics::add_collector(std::function<std::string()> collector) {
  std::lock_guard lock(mutex_);
  collectors_.push_back(std::move(collector));
}

std::string Metrics::render() const {
  std::ostringstream out;
  std::vector<std::function<std::string()>> collectors;
  {
    std::lock_guard lock(mutex_);
    out << "# HELP samverka_http_requests_total HTTP requests by method, route and status.\n"
        << "# TYPE samverka_http_requests_total counter\n";
    for (const auto& [key, series] : series_) {
      const auto& [method, route, status] = key;
      out << "samverka_http_requests_total{method=\"" << method << "\",route=\""
          << escape_label(route) << "\",status=\"" << status << "\"} " << series.count << "\n";
    }
    out << "# HELP samverka_http_request_duration_seconds Time to answer a request.\n"
        << "# TYPE samverka_http_request_duration_seconds histogram\n";
    for (const auto& [key, series] : series_) {
      const auto& [method, route, status] = key;
      std::string labels = "method=\"" + method + "\",route=\"" + escape_label(route) +
                           "\",status=\"" + std::to_string(status) + "\"";
      for (size_t index = 0; index < kBounds.size(); ++index) {
        out << "samverka_http_request_duration_seconds_bucket{" << labels << ",le=\""
            << kBounds[index] << "\"} " << series.buckets[index] << "\n";
      }
      out << "samverka_http_request_duration_seconds_bucket{" << labels << ",le=\"+Inf\"} "
          << series.count << "\n";
      out << "samverka_http_request_duration_seconds_sum{" << labels << "} " << series.sum << "\n";
      out << "samverka_http_request_duration_seconds_count{" << labels << "} " << series.count
          << "\n";
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
