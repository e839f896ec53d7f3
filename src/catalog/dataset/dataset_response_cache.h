// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "catalog/dataset/dataset.h"
#include "core/sharded_counter.h"

namespace samverka::catalog {

// A dataset's API answer, serialised once, with what decides who may read it.
struct CachedDataset {
  std::string id;
  std::string publisher_id;
  DatasetState state = DatasetState::kDraft;
  bool is_private = false;
  int64_t revision = 0;
  std::string json;
};

// The serialised answers of GET /api/v1/datasets/{id}, which is what makes a dataset read as
// fast as nginx serving a file: the API layer keeps the bytes, the service keeps deciding who
// may read them (DatasetService::may_read). An entry is dropped whenever the dataset changes
// (the service's change listener, fed by its own writes and by the change log for writes of
// other processes). A reader that loaded a dataset before such a change cannot put its stale
// answer back: put() is refused when the id's shard changed since generation() was read.
// Thread-safe; shards by id so that readers rarely share a lock.
class DatasetResponseCache {
 public:
  explicit DatasetResponseCache(size_t capacity) : capacity_(capacity) {}

  std::shared_ptr<const CachedDataset> find(const std::string& id) const;
  uint64_t generation(const std::string& id) const;
  void put(std::shared_ptr<const CachedDataset> entry, uint64_t generation_seen);
  void evict(const std::string& id);

  using Figures = CacheFigures;
  Figures figures() const;

 private:
  static constexpr size_t kShards = 16;
  struct alignas(64) Shard {
    mutable std::shared_mutex mutex;
    std::unordered_map<std::string, std::shared_ptr<const CachedDataset>> entries;  // by mutex
    uint64_t generation = 0;  // by mutex; +1 on every eviction
  };
  Shard& shard_of(const std::string& id) const;

  const size_t capacity_;
  mutable std::array<Shard, kShards> shards_;
  mutable ShardedCounter hits_, misses_;
};

}  // namespace samverka::catalog
