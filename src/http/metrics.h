// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace samverka::http {

// Request counters and latency histograms per (method, route, status), and an open-connections
// gauge, rendered in the Prometheus text exposition format. Safe from many threads; recording a
// request for a series seen before takes a shared lock and a few atomic additions.
class Metrics {
 public:
  void observe(const std::string& method, const std::string& route, int status, double seconds);
  void connection_opened() { ++open_connections_; }
  void connection_closed() { --open_connections_; }

  // Other parts (database, caches) contribute lines of Prometheus text through a callback.
  void add_collector(std::function<std::string()> collector);

  std::string render() const;

 private:
  static constexpr size_t kBuckets = 12;
  struct Series {
    std::string method;
    std::string route;
    int status = 0;
    std::atomic<uint64_t> count{0};
    std::atomic<double> sum{0};
    std::array<std::atomic<uint64_t>, kBuckets> buckets{};
  };
  mutable std::shared_mutex mutex_;
  // Keyed by "method route status"; GUARDED_BY(mutex_). Series never move once created.
  std::unordered_map<std::string, std::unique_ptr<Series>> series_;
  std::vector<std::function<std::string()>> collectors_;  // GUARDED_BY(mutex_)
  std::atomic<int64_t> open_connections_{0};
};

}  // namespace samverka::http
