// SPDX-License-Identifier: Apache-2.0
#pragma once
// What the search/ files that use Xapian share: value slots, how terms and facet values are
// encoded, text analysis, the facet table and the per-thread read handle. Included only by
// search/*.cc, which are the only files that know Xapian.

#include <xapian.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "search/language.h"
#include "search/search_index.h"

namespace samverka::search::detail {

// Value slots.
constexpr Xapian::valueno kSlotModified = 0;
constexpr Xapian::valueno kSlotTitle = 1;
constexpr Xapian::valueno kSlotSnippet = 2;
constexpr Xapian::valueno kSlotId = 3;
constexpr Xapian::valueno kSlotCreated = 4;
constexpr Xapian::valueno kSlotName = 5;
// What an index holds, as a number stored in its metadata: an index built with an older schema
// is rebuilt when the server starts (1: restricted documents marked; 2: created and name slots,
// name and distribution terms; 3: Swedish base forms and compound parts from the lexicon).
constexpr int kIndexSchema = 3;
inline constexpr const char* kSchemaKey = "schema";
// The language data an index was built with (LanguageResources::description()): an index built
// with other data is rebuilt when the server starts.
inline constexpr const char* kLanguageKey = "language";
// All facet values of a document live in one slot, facets in the fixed order of facet_names(),
// separated by \x1e, values within a facet by \x1f: counting reads one value per match.
constexpr Xapian::valueno kFacetSlot = 10;
constexpr char kSeparator = '\x1f';
constexpr char kFacetSeparator = '\x1e';
constexpr size_t kMaxTermLength = 200;
// The term space of compound parts (C + field prefix + base form); "Z" holds stems and base
// forms of whole words.
constexpr char kPartSpace = 'C';
// Base forms and parts with diacritics, folded (F + field prefix + fagel for fågel).
constexpr char kFoldedSpace = 'F';

// The registered facets' names, in their fixed order (search/facets.cc).
const std::vector<std::string>& facet_names();
std::optional<size_t> facet_index(const std::string& name);

// Text analysis (search/analysis.cc).
// The boolean term of an exact-match filter: X<FIELD>:value, cut to the longest term.
std::string filter_term(const std::string& field, const std::string& value);
Xapian::Stem stemmer_for(const std::string& language);
// Splits text into words (runs of Unicode word characters).
std::vector<std::string> words_of(const std::string& text);
bool is_swedish(const std::string& language);
void add_extra_terms(Xapian::Document& document, const TextField& field,
                     const Xapian::Stem& stemmer);

// Queries (search/query_builder.cc).
// Parses query text (words, "phrases", AND/OR/NOT, field:value, trailing *) into a query over
// the text terms; default_prefix "S" keeps it to titles. `corrected` receives the spelling
// suggestion, when asked for. Each word matches its inflections, compounds it is part of and
// (for English and Swedish) its stem in the other language; with `translate`, also its
// translations, whose matches are ranked below every direct match: a direct match's weight is
// raised by kDirectBoost.
struct TextQuery {
  Xapian::Query query;
  bool translated = false;  // the query has a translated branch (weights include the boost)
};
constexpr double kDirectBoost = 1e6;
TextQuery text_query(const Xapian::Database& database, const std::string& text,
                     const std::string& default_prefix, std::string* corrected, bool translate);
// A condition tree as a query. Throws Xapian::Error (a prefix matching too many terms gives
// Xapian::WildcardError).
Xapian::Query condition_query(const Xapian::Database& database, const Condition& condition);
// Sets the order of the results on the enquire; the key maker it may need must outlive it.
void apply_sort(Xapian::Enquire& enquire, const SearchQuery& query,
                std::unique_ptr<Xapian::MultiValueKeyMaker>& keys);

inline Error xapian_error(const Xapian::Error& error, std::string_view context) {
  return make_error(ErrorCode::kUnavailable,
                    std::string(context) + ": " + error.get_type() + ": " + error.get_msg());
}

// Decodes a facet slot value: calls visit(facet index, value) for each value.
template <typename Visit>
void decode_facets(std::string_view values, Visit&& visit) {
  size_t facet = 0;
  size_t start = 0;
  while (start <= values.size()) {
    size_t end = start;
    while (end < values.size() && values[end] != kSeparator && values[end] != kFacetSeparator)
      ++end;
    if (end > start) visit(facet, values.substr(start, end - start));
    if (end >= values.size()) break;
    if (values[end] == kFacetSeparator) ++facet;
    start = end + 1;
  }
}

// Counts of one facet's values, by name, for documents read from the index: few distinct values,
// so a short list searched linearly, turning into a hash map past 64 values.
class Counter {
 public:
  void add(std::string_view value, size_t amount = 1) {
    if (hashed_.empty()) {
      for (auto& [known, count] : small_) {
        if (known == value) {
          count += amount;
          return;
        }
      }
      if (small_.size() < 64) {
        small_.emplace_back(std::string(value), amount);
        return;
      }
      for (auto& [known, count] : small_) hashed_.emplace(std::move(known), count);
      small_.clear();
    }
    hashed_[std::string(value)] += amount;
  }
  std::vector<FacetCount> list() const {
    std::vector<FacetCount> out;
    for (const auto& [value, count] : small_) out.push_back({value, count});
    for (const auto& [value, count] : hashed_) out.push_back({value, count});
    return out;
  }

 private:
  std::vector<std::pair<std::string, size_t>> small_;
  std::unordered_map<std::string, size_t> hashed_;
};

constexpr uint32_t kChunkSize = 4096;

// A per-thread read handle on the live index.
struct ReadHandle {
  std::string directory;
  uint64_t generation = 0;
  std::unique_ptr<Xapian::Database> database;
  bool marks_restricted = false;  // documents not everyone may see carry kRestrictedTerm
};
// The calling thread's handle on the index the link names now (search/index_reader.cc).
Result<ReadHandle*> read_handle(const std::string& current_link, uint64_t generation);

}  // namespace samverka::search::detail

namespace samverka::search {

// The facet values of every document of one index, by docid, with each distinct value interned
// as a number. Immutable once published; a commit publishes a new table that shares the chunks
// it did not touch.
struct IndexReader::FacetTable {
  struct Dictionary {
    std::vector<std::vector<std::string>> names;  // by facet, by value id
    std::vector<std::unordered_map<std::string, uint32_t>> ids;
    Dictionary() : names(detail::facet_names().size()), ids(detail::facet_names().size()) {}
    uint32_t intern(size_t facet, std::string_view value) {
      auto [entry, added] =
          ids[facet].emplace(std::string(value), static_cast<uint32_t>(names[facet].size()));
      if (added) names[facet].emplace_back(value);
      return entry->second;
    }
  };
  // detail::kChunkSize documents: entries[offsets[i] .. offsets[i+1]) are document i's (facet << 24
  // | id).
  struct Chunk {
    std::vector<uint32_t> offsets = std::vector<uint32_t>(detail::kChunkSize + 1, 0);
    std::vector<uint32_t> entries;
    std::vector<uint8_t> present = std::vector<uint8_t>(detail::kChunkSize, 0);
  };

  std::string directory;
  std::shared_ptr<const Dictionary> dictionary;
  std::vector<std::shared_ptr<const Chunk>> chunks;

  // Per document of a chunk, decoded, for rebuilding it.
  using Rows = std::vector<std::optional<std::vector<uint32_t>>>;
  static Rows rows_of(const Chunk* chunk) {
    Rows rows(detail::kChunkSize);
    if (chunk == nullptr) return rows;
    for (uint32_t index = 0; index < detail::kChunkSize; ++index) {
      if (!chunk->present[index]) continue;
      rows[index].emplace(chunk->entries.begin() + chunk->offsets[index],
                          chunk->entries.begin() + chunk->offsets[index + 1]);
    }
    return rows;
  }
  static std::shared_ptr<const Chunk> chunk_of(const Rows& rows) {
    auto chunk = std::make_shared<Chunk>();
    for (uint32_t index = 0; index < detail::kChunkSize; ++index) {
      chunk->offsets[index] = static_cast<uint32_t>(chunk->entries.size());
      if (rows[index]) {
        chunk->present[index] = 1;
        chunk->entries.insert(chunk->entries.end(), rows[index]->begin(), rows[index]->end());
      }
    }
    chunk->offsets[detail::kChunkSize] = static_cast<uint32_t>(chunk->entries.size());
    return chunk;
  }
  static std::vector<uint32_t> encode(Dictionary& dictionary, std::string_view values) {
    std::vector<uint32_t> entries;
    detail::decode_facets(values, [&](size_t facet, std::string_view value) {
      if (facet < detail::facet_names().size()) {
        entries.push_back(static_cast<uint32_t>(facet << 24) | dictionary.intern(facet, value));
      }
    });
    return entries;
  }
};

}  // namespace samverka::search
