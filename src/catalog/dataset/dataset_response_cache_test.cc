// SPDX-License-Identifier: Apache-2.0
#include "catalog/dataset/dataset_response_cache.h"

#include <gtest/gtest.h>

namespace samverka::catalog {
namespace {

std::shared_ptr<CachedDataset> entry(const std::string& id, int64_t revision) {
  return std::make_shared<CachedDataset>(
      CachedDataset{id, "org", DatasetState::kPublished, false, revision,
                    "{\"revision\":" + std::to_string(revision) + "}"});
}

TEST(DatasetResponseCache, AReadThatStartedBeforeAChangeCannotPutItsStaleAnswerBack) {
  DatasetResponseCache cache(1000);
  uint64_t before_change = cache.generation("a");
  cache.evict("a");  // the dataset changed while the reader was loading revision 1
  cache.put(entry("a", 1), before_change);
  EXPECT_EQ(cache.find("a"), nullptr);
  uint64_t after_change = cache.generation("a");
  cache.put(entry("a", 2), after_change);
  ASSERT_NE(cache.find("a"), nullptr);
  EXPECT_EQ(cache.find("a")->revision, 2);
}

TEST(DatasetResponseCache, NeverReplacesANewerRevisionWithAnOlderOne) {
  DatasetResponseCache cache(1000);
  cache.put(entry("a", 5), cache.generation("a"));
  cache.put(entry("a", 4), cache.generation("a"));
  EXPECT_EQ(cache.find("a")->revision, 5);
  auto figures = cache.figures();
  EXPECT_EQ(figures.entries, 1u);
  EXPECT_EQ(figures.hits, 1);
}

TEST(DatasetResponseCache, CapacityZeroKeepsNothingAndTheBoundHolds) {
  DatasetResponseCache off(0);
  off.put(entry("a", 1), off.generation("a"));
  EXPECT_EQ(off.find("a"), nullptr);
  DatasetResponseCache small(32);
  for (int index = 0; index < 1000; ++index) {
    std::string id = "id-" + std::to_string(index);
    small.put(entry(id, 1), small.generation(id));
  }
  EXPECT_LE(small.figures().entries, 32u + 16u);  // a shard may overshoot by one before clearing
}

}  // namespace
}  // namespace samverka::catalog
