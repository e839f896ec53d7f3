// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace samverka::http {

// Request counters and latency histograms per (route, status), and an open-connections gauge,
// rendered in the Prometheus text exposition format. Safe from many threads.
class Metrics {
 public:
  void observe(const std::string& method, const std::string& route, int status, double seconds);
  void connection_opened() { ++open_connections_; }
  void connection_closed() { --open_connections_; }

  // Other parts (database, caches) contribute lines of Prometheus text through a callback.
  void add_collector(std::function<std::string()> collector);

  std::string render() const;

 private:
  struct Series {
    uint64_t count = 0;
    double sum = 0;
    std::array<uint64_t, 12> buckets{};
  };
  mutable std::mutex mutex_;
  std::map<std::tuple<std::string, std::string, int>, Series> series_;  // GUARDED_BY(mutex_)
  std::vector<std::function<std::string()>> collectors_;
  std::atomic<int64_t> open_connections_{0};
};

}  // namespace samverka::http
