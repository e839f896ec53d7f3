// SPDX-License-Identifier: Apache-2.0
// Facets: the registry of facet names, and each index's in-memory facet table that makes
// counting facets over thousands of matches cheap.
#include <mutex>

#include "search/xapian_detail.h"

namespace samverka::search {
namespace detail {
namespace {

struct FacetRegistry {
  std::vector<FacetSpec> specs;
  std::vector<std::string> names;
};
FacetRegistry& facet_registry() {
  static FacetRegistry registry;
  return registry;
}

}  // namespace

const std::vector<std::string>& facet_names() { return facet_registry().names; }

std::optional<size_t> facet_index(const std::string& name) {
  const auto& names = facet_names();
  auto found = std::find(names.begin(), names.end(), name);
  if (found == names.end()) return std::nullopt;
  return static_cast<size_t>(found - names.begin());
}

}  // namespace detail

using namespace detail;

void set_facets(std::vector<FacetSpec> facets) {
  FacetRegistry& registry = facet_registry();
  registry.names.clear();
  for (const FacetSpec& facet : facets) registry.names.push_back(facet.name);
  registry.specs = std::move(facets);
}
const std::vector<FacetSpec>& registered_facets() { return facet_registry().specs; }

std::shared_ptr<const IndexReader::FacetTable> IndexReader::facet_table(
    const std::string& directory, void* opaque) const {
  {
    std::lock_guard lock(facet_mutex_);
    if (facet_table_ && facet_table_->directory == directory) return facet_table_;
  }
  // One thread builds; the others count from the index meanwhile.
  std::unique_lock build(facet_build_mutex_, std::try_to_lock);
  if (!build.owns_lock()) return nullptr;
  {
    std::lock_guard lock(facet_mutex_);
    if (facet_table_ && facet_table_->directory == directory) return facet_table_;
  }
  auto* database = static_cast<Xapian::Database*>(opaque);
  auto table = std::make_shared<FacetTable>();
  table->directory = directory;
  auto dictionary = std::make_shared<FacetTable::Dictionary>();
  try {
    FacetTable::Rows rows(kChunkSize);
    size_t current = 0;
    bool any = false;
    auto flush = [&] {
      if (!any) return;
      if (table->chunks.size() <= current) table->chunks.resize(current + 1);
      table->chunks[current] = FacetTable::chunk_of(rows);
      rows.assign(kChunkSize, std::nullopt);
      any = false;
    };
    for (auto value = database->valuestream_begin(kFacetSlot);
         value != database->valuestream_end(kFacetSlot); ++value) {
      Xapian::docid docid = value.get_docid();
      if (docid / kChunkSize != current) {
        flush();
        current = docid / kChunkSize;
      }
      rows[docid % kChunkSize] = FacetTable::encode(*dictionary, *value);
      any = true;
    }
    flush();
  } catch (const Xapian::Error&) {
    return nullptr;  // counted from the index instead
  }
  table->dictionary = std::move(dictionary);
  std::lock_guard lock(facet_mutex_);
  facet_table_ = table;
  return table;
}

Status IndexReader::prepare_facets() const {
  ReadHandle* handle = TRY(read_handle(current_link_, generation_.load(std::memory_order_acquire)));
  facet_table(handle->directory, handle->database.get());
  return {};
}

void IndexReader::apply_facet_changes(const std::string& directory,
                                      const std::vector<FacetChange>& changes) {
  if (changes.empty()) return;
  std::lock_guard build(facet_build_mutex_);  // after any build of the same index
  std::shared_ptr<const FacetTable> current;
  {
    std::lock_guard lock(facet_mutex_);
    current = facet_table_;
  }
  // No table yet: the first search builds one from the index, which holds these changes.
  if (!current || current->directory != directory) return;
  auto next = std::make_shared<FacetTable>(*current);
  auto dictionary = std::make_shared<FacetTable::Dictionary>(*current->dictionary);
  std::map<size_t, FacetTable::Rows> touched;
  for (const auto& change : changes) {
    size_t chunk_index = change.docid / kChunkSize;
    auto found = touched.find(chunk_index);
    if (found == touched.end()) {
      const FacetTable::Chunk* chunk =
          chunk_index < current->chunks.size() ? current->chunks[chunk_index].get() : nullptr;
      found = touched.emplace(chunk_index, FacetTable::rows_of(chunk)).first;
    }
    auto& row = found->second[change.docid % kChunkSize];
    if (change.removed)
      row.reset();
    else
      row = FacetTable::encode(*dictionary, change.values);
  }
  for (auto& [chunk_index, rows] : touched) {
    if (next->chunks.size() <= chunk_index) next->chunks.resize(chunk_index + 1);
    next->chunks[chunk_index] = FacetTable::chunk_of(rows);
  }
  next->dictionary = std::move(dictionary);
  std::lock_guard lock(facet_mutex_);
  facet_table_ = std::move(next);
}

}  // namespace samverka::search
