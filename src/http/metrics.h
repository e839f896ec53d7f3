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

#include "core/sharded_counter.h"

namespace samverka::http {

// The label for a request method: the methods of HTTP that the server knows, else "other", so
// that a client inventing method names cannot create series (or log fields) without end.
std::string_view method_label(std::string_view method);

// Request counters and latency histograms per (method, route, status), and gauges for open
// connections and for answers waiting on slow readers, rendered in the Prometheus text exposition
// format. Safe from many threads; recording a request for a series seen before takes a shared lock
// and a few atomic additions.
class Metrics {
 public:
  Metrics();
  void observe(const std::string& method, const std::string& route, int status, double seconds);
  void connection_opened() { open_connections_.add(1); }
  void connection_closed() { open_connections_.add(-1); }
  // Bytes of large answers held for clients that have not read them yet (the output budget).
  void output_waiting(int64_t delta) { output_waiting_bytes_ += delta; }

  // Other parts (database, caches) contribute lines of Prometheus text through a callback.
  void add_collector(std::function<std::string()> collector);

  std::string render() const;

 private:
  static constexpr size_t kBuckets = 12;
  // One cache-line-aligned slot per thread shard, so threads do not contend on counters.
  struct alignas(64) Shard {
    std::atomic<uint64_t> count{0};
    std::atomic<double> sum{0};
    std::array<std::atomic<uint64_t>, kBuckets> buckets{};
  };
  struct Series {
    std::string method;
    std::string route;
    int status = 0;
    std::array<Shard, kCounterShards> shards;
    uint64_t count() const;
    double sum() const;
    uint64_t bucket(size_t index) const;
  };
  Series* find_series(const std::string& method, const std::string& route, int status);
  const uint64_t identity_;  // distinguishes Metrics objects in per-thread lookup caches
  mutable std::shared_mutex mutex_;
  // Keyed by "method route status"; GUARDED_BY(mutex_). Series never move once created.
  std::unordered_map<std::string, std::unique_ptr<Series>> series_;
  std::vector<std::function<std::string()>> collectors_;  // GUARDED_BY(mutex_)
  ShardedCounter open_connections_;
  std::atomic<int64_t> output_waiting_bytes_{0};
};

}  // namespace samverka::http
