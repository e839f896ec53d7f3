// SPDX-License-Identifier: Apache-2.0
// Pages rendered once and served to every anonymous visitor until what they show changes.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "core/sharded_counter.h"
#include "http/request.h"

namespace samverka::web {

// A page as every signed-out visitor sees it: the finished response with its plain body (no
// cookie), the gzip form of the body when smaller, and its strong validator.
struct SharedPage {
  http::Response response;
  std::string gzipped;
  std::string etag;
};

// Pages by key ("sv /datasets/vattenkvalitet"), each under a tag: the id of the thing whose
// change makes it stale, which evict(tag) drops in every language and under every key. A
// reader that rendered a page before such a change cannot put its stale page back: put() is
// refused when anything was evicted since generation() was read. Entries also expire after
// `ttl`, which bounds how long a change elsewhere (a publisher's new name) may go unseen.
// Thread-safe; finds take one shard's shared lock.
class PageCache {
 public:
  PageCache(size_t capacity, std::chrono::steady_clock::duration ttl)
      : capacity_(capacity), ttl_(ttl) {}

  std::shared_ptr<const SharedPage> find(const std::string& key) const;
  uint64_t generation() const;
  void put(const std::string& key, const std::string& tag, std::shared_ptr<const SharedPage> page,
           uint64_t generation_seen);
  void evict(const std::string& tag);
  void clear();

  using Figures = CacheFigures;
  Figures figures() const;

 private:
  struct Entry {
    std::shared_ptr<const SharedPage> page;
    std::string tag;
    std::chrono::steady_clock::time_point until;
  };
  static constexpr size_t kShards = 16;
  struct alignas(64) Shard {
    mutable std::shared_mutex mutex;
    std::unordered_map<std::string, Entry> entries;  // by mutex
  };
  Shard& shard_of(const std::string& key) const;
  void forget_locked(Shard& shard);  // empties a shard and its keys in tags_ (writers_ held)
  void untag_locked(const std::string& tag, const std::string& key);  // (writers_ held)

  const size_t capacity_;
  const std::chrono::steady_clock::duration ttl_;
  mutable std::array<Shard, kShards> shards_;
  // Writers (put, evict, clear) hold writers_ first, then a shard's mutex.
  mutable std::mutex writers_;
  std::unordered_multimap<std::string, std::string> tags_;  // tag -> key; by writers_
  std::atomic<uint64_t> generation_{0};                     // +1 on every evict and clear
  mutable ShardedCounter hits_, misses_;
};

}  // namespace samverka::web
