// SPDX-License-Identifier: Apache-2.0
#include "web/page_cache.h"

#include <functional>

namespace samverka::web {

using Clock = std::chrono::steady_clock;

PageCache::Shard& PageCache::shard_of(const std::string& key) const {
  return shards_[std::hash<std::string>{}(key) % kShards];
}

std::shared_ptr<const SharedPage> PageCache::find(const std::string& key) const {
  Shard& shard = shard_of(key);
  {
    std::shared_lock lock(shard.mutex);
    auto found = shard.entries.find(key);
    if (found != shard.entries.end() && Clock::now() < found->second.until) {
      hits_.add();
      return found->second.page;
    }
  }
  misses_.add();
  return nullptr;
}

uint64_t PageCache::generation() const { return generation_.load(std::memory_order_acquire); }

void PageCache::put(const std::string& key, const std::string& tag,
                    std::shared_ptr<const SharedPage> page, uint64_t generation_seen) {
  if (capacity_ == 0) return;
  std::lock_guard writers(writers_);
  if (generation_.load(std::memory_order_acquire) != generation_seen) return;  // changed since
  Shard& shard = shard_of(key);
  std::unique_lock lock(shard.mutex);
  auto found = shard.entries.find(key);
  if (found == shard.entries.end() && shard.entries.size() >= capacity_ / kShards + 1) {
    forget_locked(shard);  // crude bound; the hot set refills quickly
    found = shard.entries.end();
  }
  if (found != shard.entries.end()) {
    if (found->second.tag != tag) {
      untag_locked(found->second.tag, key);
      tags_.emplace(tag, key);
    }
    found->second = Entry{std::move(page), tag, Clock::now() + ttl_};
    return;
  }
  tags_.emplace(tag, key);
  shard.entries.emplace(key, Entry{std::move(page), tag, Clock::now() + ttl_});
}

void PageCache::untag_locked(const std::string& tag, const std::string& key) {
  auto [first, last] = tags_.equal_range(tag);
  for (auto at = first; at != last; ++at) {
    if (at->second == key) {
      tags_.erase(at);
      return;
    }
  }
}

void PageCache::forget_locked(Shard& shard) {
  for (const auto& [key, entry] : shard.entries) untag_locked(entry.tag, key);
  shard.entries.clear();
}

void PageCache::evict(const std::string& tag) {
  std::lock_guard writers(writers_);
  generation_.fetch_add(1, std::memory_order_acq_rel);
  auto [first, last] = tags_.equal_range(tag);
  for (auto at = first; at != last; ++at) {
    Shard& shard = shard_of(at->second);
    std::unique_lock lock(shard.mutex);
    shard.entries.erase(at->second);
  }
  tags_.erase(first, last);
}

void PageCache::clear() {
  std::lock_guard writers(writers_);
  generation_.fetch_add(1, std::memory_order_acq_rel);
  for (Shard& shard : shards_) {
    std::unique_lock lock(shard.mutex);
    shard.entries.clear();
  }
  tags_.clear();
}

PageCache::Figures PageCache::figures() const {
  size_t entries = 0;
  for (const Shard& shard : shards_) {
    std::shared_lock lock(shard.mutex);
    entries += shard.entries.size();
  }
  return {hits_.load(), misses_.load(), entries};
}

}  // namespace samverka::web
