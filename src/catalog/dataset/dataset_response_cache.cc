// SPDX-License-Identifier: Apache-2.0
#include "catalog/dataset/dataset_response_cache.h"

#include <functional>
#include <mutex>

namespace samverka::catalog {

DatasetResponseCache::Shard& DatasetResponseCache::shard_of(const std::string& id) const {
  return shards_[std::hash<std::string>{}(id) % kShards];
}

std::shared_ptr<const CachedDataset> DatasetResponseCache::find(const std::string& id) const {
  Shard& shard = shard_of(id);
  std::shared_lock lock(shard.mutex);
  auto found = shard.entries.find(id);
  if (found == shard.entries.end()) {
    misses_.add();
    return nullptr;
  }
  hits_.add();
  return found->second;
}

uint64_t DatasetResponseCache::generation(const std::string& id) const {
  Shard& shard = shard_of(id);
  std::shared_lock lock(shard.mutex);
  return shard.generation;
}

void DatasetResponseCache::put(std::shared_ptr<const CachedDataset> entry,
                               uint64_t generation_seen) {
  if (capacity_ == 0) return;
  Shard& shard = shard_of(entry->id);
  std::unique_lock lock(shard.mutex);
  if (shard.generation != generation_seen) return;  // something changed since it was read
  auto& slot = shard.entries[entry->id];
  if (slot && slot->revision >= entry->revision) return;  // never replace newer with older
  if (!slot && shard.entries.size() > capacity_ / kShards) {
    std::string id = entry->id;
    shard.entries.clear();  // crude bound; the hot set refills quickly
    shard.entries[id] = std::move(entry);
    return;
  }
  slot = std::move(entry);
}

void DatasetResponseCache::evict(const std::string& id) {
  Shard& shard = shard_of(id);
  std::unique_lock lock(shard.mutex);
  shard.entries.erase(id);
  ++shard.generation;
}

DatasetResponseCache::Figures DatasetResponseCache::figures() const {
  size_t entries = 0;
  for (const auto& shard : shards_) {
    std::shared_lock lock(shard.mutex);
    entries += shard.entries.size();
  }
  return {hits_.load(), misses_.load(), entries};
}

}  // namespace samverka::catalog
