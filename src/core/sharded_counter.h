// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <array>
#include <atomic>
#include <cstdint>

namespace samverka {

// A small per-thread slot index (0..kCounterShards-1), fixed for the life of the thread.
inline constexpr size_t kCounterShards = 8;
inline size_t counter_shard() {
  static std::atomic<size_t> next{0};
  thread_local size_t shard = next.fetch_add(1, std::memory_order_relaxed) % kCounterShards;
  return shard;
}

// A counter that many threads bump without sharing a cache line: each thread adds to its own
// shard; reading sums them. Reads are not a snapshot across shards, which metrics tolerate.
class ShardedCounter {
 public:
  void add(int64_t amount = 1) {
    shards_[counter_shard()].value.fetch_add(amount, std::memory_order_relaxed);
  }
  int64_t load() const {
    int64_t total = 0;
    for (const auto& shard : shards_) total += shard.value.load(std::memory_order_relaxed);
    return total;
  }

 private:
  struct alignas(64) Shard {
    std::atomic<int64_t> value{0};
  };
  std::array<Shard, kCounterShards> shards_;
};

// What an in-memory cache reports to /metrics.
struct CacheFigures {
  int64_t hits = 0;
  int64_t misses = 0;
  size_t entries = 0;
};

}  // namespace samverka
