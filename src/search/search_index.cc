// SPDX-License-Identifier: Apache-2.0
// The only file that knows Xapian.
#include "search/search_index.h"

#include <xapian.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <unordered_map>

namespace samverka::search {

namespace {

// Value slots.
constexpr Xapian::valueno kSlotModified = 0;
constexpr Xapian::valueno kSlotTitle = 1;
constexpr Xapian::valueno kSlotSnippet = 2;
constexpr Xapian::valueno kSlotId = 3;
// All facet values of a document live in one slot, facets in the fixed order of facet_names(),
// separated by \x1e, values within a facet by \x1f: counting reads one value per match.
constexpr Xapian::valueno kFacetSlot = 10;
constexpr char kSeparator = '\x1f';
constexpr char kFacetSeparator = '\x1e';
constexpr size_t kMaxTermLength = 200;

// Facets have fixed positions (the registration order) so that old documents and new queries
// agree.
struct FacetRegistry {
  std::vector<FacetSpec> specs;
  std::vector<std::string> names;
};
FacetRegistry& facet_registry() {
  static FacetRegistry registry;
  return registry;
}
const std::vector<std::string>& facet_names() { return facet_registry().names; }
std::optional<size_t> facet_index(const std::string& name) {
  const auto& names = facet_names();
  auto found = std::find(names.begin(), names.end(), name);
  if (found == names.end()) return std::nullopt;
  return static_cast<size_t>(found - names.begin());
}

}  // namespace

void set_facets(std::vector<FacetSpec> facets) {
  FacetRegistry& registry = facet_registry();
  registry.names.clear();
  for (const FacetSpec& facet : facets) registry.names.push_back(facet.name);
  registry.specs = std::move(facets);
}
const std::vector<FacetSpec>& registered_facets() { return facet_registry().specs; }

namespace {

std::string filter_term(const std::string& field, const std::string& value) {
  std::string term = "X" + field + ":" + value;
  for (char& c : term) {
    if (c >= 'a' && c <= 'z' && &c < term.data() + field.size() + 1) c = static_cast<char>(c - 32);
  }
  if (term.size() > kMaxTermLength) term.resize(kMaxTermLength);
  return term;
}

Xapian::Stem stemmer_for(const std::string& language) {
  if (language.rfind("sv", 0) == 0) return Xapian::Stem("swedish");
  if (language.rfind("en", 0) == 0) return Xapian::Stem("english");
  return Xapian::Stem("none");
}

bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// Splits folded text into words: runs of ASCII letters and digits and multi-byte characters.
std::vector<std::string> words_of(const std::string& text) {
  std::vector<std::string> words;
  std::string current;
  for (unsigned char c : text) {
    bool word_char = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80;
    if (word_char) {
      current.push_back(static_cast<char>(c));
    } else if (!current.empty()) {
      words.push_back(std::move(current));
      current.clear();
    }
  }
  if (!current.empty()) words.push_back(std::move(current));
  return words;
}

// Swedish writes compounds as one word (vattenkvalitet). Every split of a long word into a head
// and a tail of at least four bytes is indexed too, raw and stemmed, so that "vatten" and
// "kvalitet" both find "vattenkvalitet".
void add_compound_parts(Xapian::Document& document, const std::string& prefix,
                        const std::string& word, const Xapian::Stem& stemmer) {
  if (word.size() < 8 || word.size() > 60) return;
  for (size_t split = 4; split + 4 <= word.size(); ++split) {
    if (is_continuation(static_cast<unsigned char>(word[split]))) continue;
    for (const std::string& part : {word.substr(0, split), word.substr(split)}) {
      document.add_term(prefix + part, 1);
      document.add_term("Z" + prefix + stemmer(part), 1);
    }
  }
}

// Text is indexed as written (lower-cased), so stemming sees real Swedish words and snippets
// highlight what the user typed. Words with diacritics are also indexed folded (malardalen for
// Mälardalen), raw and stemmed, so that a query typed without them finds them too.
void add_extra_terms(Xapian::Document& document, const TextField& field,
                     const Xapian::Stem& stemmer) {
  std::vector<std::string> written = words_of(Xapian::Unicode::tolower(field.text));
  std::vector<std::string> folded = words_of(fold(field.text));
  bool aligned = written.size() == folded.size();
  for (size_t index = 0; index < folded.size(); ++index) {
    if (aligned && written[index] != folded[index] && folded[index].size() < kMaxTermLength) {
      document.add_term(field.prefix + folded[index], 1);
      document.add_term("Z" + field.prefix + stemmer(folded[index]), 1);
    }
    if (field.compounds) {
      add_compound_parts(document, field.prefix, folded[index], stemmer);
      if (aligned && written[index] != folded[index]) {
        add_compound_parts(document, field.prefix, written[index], stemmer);
      }
    }
  }
}

Error xapian_error(const Xapian::Error& error, std::string_view context) {
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
    while (end < values.size() && values[end] != kSeparator && values[end] != kFacetSeparator) ++end;
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

}  // namespace

// The facet values of every document of one index, by docid, with each distinct value interned
// as a number. Immutable once published; a commit publishes a new table that shares the chunks
// it did not touch.
struct IndexReader::FacetTable {
  struct Dictionary {
    std::vector<std::vector<std::string>> names;  // by facet, by value id
    std::vector<std::unordered_map<std::string, uint32_t>> ids;
    Dictionary() : names(facet_names().size()), ids(facet_names().size()) {}
    uint32_t intern(size_t facet, std::string_view value) {
      auto [entry, added] = ids[facet].emplace(std::string(value), static_cast<uint32_t>(names[facet].size()));
      if (added) names[facet].emplace_back(value);
      return entry->second;
    }
  };
  // kChunkSize documents: entries[offsets[i] .. offsets[i+1]) are document i's (facet << 24 | id).
  struct Chunk {
    std::vector<uint32_t> offsets = std::vector<uint32_t>(kChunkSize + 1, 0);
    std::vector<uint32_t> entries;
    std::vector<uint8_t> present = std::vector<uint8_t>(kChunkSize, 0);
  };

  std::string directory;
  std::shared_ptr<const Dictionary> dictionary;
  std::vector<std::shared_ptr<const Chunk>> chunks;

  // Per document of a chunk, decoded, for rebuilding it.
  using Rows = std::vector<std::optional<std::vector<uint32_t>>>;
  static Rows rows_of(const Chunk* chunk) {
    Rows rows(kChunkSize);
    if (chunk == nullptr) return rows;
    for (uint32_t index = 0; index < kChunkSize; ++index) {
      if (!chunk->present[index]) continue;
      rows[index].emplace(chunk->entries.begin() + chunk->offsets[index],
                          chunk->entries.begin() + chunk->offsets[index + 1]);
    }
    return rows;
  }
  static std::shared_ptr<const Chunk> chunk_of(const Rows& rows) {
    auto chunk = std::make_shared<Chunk>();
    for (uint32_t index = 0; index < kChunkSize; ++index) {
      chunk->offsets[index] = static_cast<uint32_t>(chunk->entries.size());
      if (rows[index]) {
        chunk->present[index] = 1;
        chunk->entries.insert(chunk->entries.end(), rows[index]->begin(), rows[index]->end());
      }
    }
    chunk->offsets[kChunkSize] = static_cast<uint32_t>(chunk->entries.size());
    return chunk;
  }
  static std::vector<uint32_t> encode(Dictionary& dictionary, std::string_view values) {
    std::vector<uint32_t> entries;
    decode_facets(values, [&](size_t facet, std::string_view value) {
      if (facet < facet_names().size()) {
        entries.push_back(static_cast<uint32_t>(facet << 24) | dictionary.intern(facet, value));
      }
    });
    return entries;
  }
};

namespace {

// Counts facet values over every matching document it is shown: from the in-memory facet table
// when it knows the document (counting is then a few array increments), else from the index.
class FacetSpy : public Xapian::MatchSpy {
 public:
  // wanted[i]: the position in the result of facet_names()[i], or -1 when not asked for.
  FacetSpy(std::vector<int> wanted, std::shared_ptr<const IndexReader::FacetTable> table)
      : wanted_(std::move(wanted)),
        table_(std::move(table)),
        fallback_(std::count_if(wanted_.begin(), wanted_.end(), [](int slot) { return slot >= 0; })),
        by_id_(fallback_.size()) {
    for (size_t facet = 0; facet < wanted_.size(); ++facet) {
      if (wanted_[facet] < 0) continue;
      last_wanted_ = static_cast<uint32_t>(facet);
      if (table_) by_id_[wanted_[facet]].assign(table_->dictionary->names[facet].size(), 0);
    }
  }

  void operator()(const Xapian::Document& document, double) override {
    ++seen_;
    if (table_) {
      Xapian::docid docid = document.get_docid();
      size_t chunk_index = docid / kChunkSize;
      if (chunk_index < table_->chunks.size() && table_->chunks[chunk_index]) {
        const auto& chunk = *table_->chunks[chunk_index];
        uint32_t row = docid % kChunkSize;
        if (chunk.present[row]) {
          for (uint32_t at = chunk.offsets[row]; at < chunk.offsets[row + 1]; ++at) {
            uint32_t entry = chunk.entries[at];
            // A document's entries come in facet order: none past the last facet asked for
            // (keywords, often many, usually are).
            if ((entry >> 24) > last_wanted_) break;
            int target = wanted_[entry >> 24];
            if (target >= 0) ++by_id_[target][entry & 0xFFFFFF];
          }
          return;
        }
      }
    }
    const std::string values = document.get_value(kFacetSlot);
    decode_facets(values, [&](size_t facet, std::string_view value) {
      if (facet < wanted_.size() && wanted_[facet] >= 0) fallback_[wanted_[facet]].add(value);
    });
  }
  Xapian::MatchSpy* clone() const override { return new FacetSpy(wanted_, table_); }
  std::string name() const override { return "samverka.FacetSpy"; }

  // The matches counted.
  size_t seen() const { return seen_; }

  // The counts, each multiplied by scale (1 when every match was counted).
  std::map<std::string, std::vector<FacetCount>> results(size_t limit, size_t mincount, double scale) {
    std::map<std::string, std::vector<FacetCount>> out;
    for (size_t facet = 0; facet < wanted_.size(); ++facet) {
      int target = wanted_[facet];
      if (target < 0) continue;
      Counter& counter = fallback_[target];
      if (table_) {
        const auto& names = table_->dictionary->names[facet];
        for (size_t id = 0; id < by_id_[target].size(); ++id) {
          if (by_id_[target][id] > 0) counter.add(names[id], by_id_[target][id]);
        }
      }
      std::vector<FacetCount> counts = counter.list();
      if (scale != 1.0) {
        for (auto& count : counts) count.count = static_cast<size_t>(std::llround(static_cast<double>(count.count) * scale));
      }
      std::erase_if(counts, [&](const FacetCount& count) { return count.count < std::max<size_t>(mincount, 1); });
      std::sort(counts.begin(), counts.end(), [](const FacetCount& a, const FacetCount& b) {
        return a.count != b.count ? a.count > b.count : a.value < b.value;
      });
      if (counts.size() > limit) counts.resize(limit);
      out[facet_names()[facet]] = std::move(counts);
    }
    return out;
  }

 private:
  std::vector<int> wanted_;
  std::shared_ptr<const IndexReader::FacetTable> table_;
  std::vector<Counter> fallback_;
  std::vector<std::vector<uint32_t>> by_id_;
  uint32_t last_wanted_ = 0;
  size_t seen_ = 0;
};

// Every stride-th document id. Filtering a search by it counts facets over a systematic sample
// of the whole index, where the first matches in id order would follow the order datasets were
// written in (one publisher's harvest after another) and skew every estimate.
class StrideSource final : public Xapian::PostingSource {
 public:
  explicit StrideSource(Xapian::docid stride) : stride_(std::max<Xapian::docid>(stride, 1)) {}
  void init(const Xapian::Database& database) override {
    last_ = database.get_lastdocid();
    current_ = 0;
  }
  Xapian::doccount get_termfreq_min() const override { return 0; }  // ids may be deleted
  Xapian::doccount get_termfreq_est() const override { return last_ / stride_; }
  Xapian::doccount get_termfreq_max() const override { return last_ / stride_; }
  void next(double) override { current_ += stride_; }
  void skip_to(Xapian::docid docid, double) override {
    if (docid > current_) current_ = (docid + stride_ - 1) / stride_ * stride_;
  }
  bool at_end() const override { return current_ > last_; }
  Xapian::docid get_docid() const override { return current_; }
  Xapian::PostingSource* clone() const override { return new StrideSource(stride_); }
  std::string name() const override { return "samverka.StrideSource"; }

 private:
  Xapian::docid stride_;
  Xapian::docid last_ = 0;
  Xapian::docid current_ = 0;
};

class XapianWriter final : public IndexWriter {
 public:
  XapianWriter(std::string directory, Xapian::WritableDatabase database)
      : directory_(std::move(directory)), database_(std::move(database)) {
    std::string stored = database_.get_metadata("last_seq");
    last_seq_ = stored.empty() ? 0 : std::stoll(stored);
    generator_.set_database(database_);
    generator_.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
  }

  Status replace(const IndexDocument& input) override {
    try {
      Xapian::Document document;
      generator_.set_document(document);
      for (const TextField& field : input.texts) {
        Xapian::Stem stemmer = stemmer_for(field.language);
        generator_.set_stemmer(stemmer);
        // Spelling data ("did you mean") comes from the fields that ask for it (titles), to keep
        // the index small.
        generator_.set_flags(field.spelling ? Xapian::TermGenerator::FLAG_SPELLING : 0);
        generator_.index_text(field.text, field.weight, field.prefix);
        generator_.increase_termpos();
        add_extra_terms(document, field, stemmer);
      }
      for (const std::string& word : words_of(fold(input.completion_text))) {
        if (word.size() >= 2 && word.size() < kMaxTermLength) document.add_boolean_term("XC:" + word);
      }
      for (const auto& [field, values] : input.filters) {
        for (const auto& value : values) document.add_boolean_term(filter_term(field, value));
      }
      auto visibility = input.filters.find("visibility");
      if (visibility == input.filters.end() ||
          std::find(visibility->second.begin(), visibility->second.end(), kOpenVisibility) ==
              visibility->second.end()) {
        document.add_boolean_term(kRestrictedTerm);
      }
      std::string facets;
      for (size_t index = 0; index < facet_names().size(); ++index) {
        if (index > 0) facets.push_back(kFacetSeparator);
        auto found = input.facets.find(facet_names()[index]);
        if (found == input.facets.end()) continue;
        bool first = true;
        for (const auto& value : found->second) {
          if (value.empty() || value.find_first_of("\x1e\x1f") != std::string::npos) continue;
          if (!first) facets.push_back(kSeparator);
          facets += value;
          first = false;
        }
      }
      document.add_value(kFacetSlot, facets);
      pending_facets_.push_back({0, false, facets});
      document.add_value(kSlotModified, input.sort_modified);
      document.add_value(kSlotTitle, input.sort_title);
      // Raw text: MSet::snippet escapes HTML in what it returns.
      document.add_value(kSlotSnippet, input.snippet_text);
      document.add_value(kSlotId, input.id);
      document.set_data(input.stored);
      std::string unique = "Q" + input.id;
      document.add_boolean_term(unique);
      pending_facets_.back().docid = database_.replace_document(unique, document);
      return {};
    } catch (const Xapian::Error& error) {
      return xapian_error(error, "indexing " + input.id);
    }
  }

  Status remove(const std::string& id) override {
    try {
      std::string unique = "Q" + id;
      for (auto posting = database_.postlist_begin(unique); posting != database_.postlist_end(unique);
           ++posting) {
        pending_facets_.push_back({*posting, true, {}});
      }
      database_.delete_document(unique);
      return {};
    } catch (const Xapian::Error& error) {
      return xapian_error(error, "removing " + id + " from the index");
    }
  }

  Status commit(int64_t last_seq) override {
    try {
      database_.set_metadata("last_seq", std::to_string(last_seq));
      database_.commit();
      last_seq_ = last_seq;
      committed_facets_.insert(committed_facets_.end(),
                               std::make_move_iterator(pending_facets_.begin()),
                               std::make_move_iterator(pending_facets_.end()));
      pending_facets_.clear();
      return {};
    } catch (const Xapian::Error& error) {
      return xapian_error(error, "committing the index");
    }
  }

  int64_t last_seq() const override { return last_seq_; }
  bool marks_restricted() const override {
    try {
      return !database_.get_metadata(kRestrictedMarker).empty();
    } catch (const Xapian::Error&) {
      return false;
    }
  }
  const std::string& directory() const override { return directory_; }
  std::vector<FacetChange> take_facet_changes() override {
    std::vector<FacetChange> changes;
    changes.swap(committed_facets_);
    return changes;
  }

 private:
  std::vector<FacetChange> pending_facets_;    // since the last commit
  std::vector<FacetChange> committed_facets_;  // committed, not yet taken
  std::string directory_;
  Xapian::WritableDatabase database_;
  Xapian::TermGenerator generator_;
  int64_t last_seq_ = 0;
};

// A per-thread read handle on the live index.
struct ReadHandle {
  std::string directory;
  uint64_t generation = 0;
  std::unique_ptr<Xapian::Database> database;
  bool marks_restricted = false;  // documents not everyone may see carry kRestrictedTerm
};

// The calling thread's handle on the index the link names now, reopened when the generation
// moved. Its directory is the one the handle reads, so everything keyed by directory (the facet
// table) matches the documents the handle sees, even while a rebuilt index is swapped in.
Result<ReadHandle*> read_handle(const std::string& current_link, uint64_t generation) {
  thread_local std::unordered_map<std::string, ReadHandle> handles;
  std::error_code error;
  auto target = std::filesystem::read_symlink(current_link, error);
  if (error) {
    return make_error(ErrorCode::kUnavailable, "the search index is not built yet");
  }
  std::string directory = (std::filesystem::path(current_link).parent_path() / target).string();
  ReadHandle& handle = handles[current_link];
  try {
    if (!handle.database || handle.directory != directory) {
      handle.database = std::make_unique<Xapian::Database>(directory);
      handle.marks_restricted = !handle.database->get_metadata(kRestrictedMarker).empty();
      handle.directory = directory;
      handle.generation = generation;
    } else if (handle.generation != generation) {
      handle.database->reopen();
      handle.generation = generation;
    }
    return &handle;
  } catch (const Xapian::Error& xapian) {
    handle.database.reset();
    return xapian_error(xapian, "opening the search index");
  }
}

// The parser stems with the Swedish stemmer. Documents hold Swedish stems of Swedish text and
// English stems of English text, so each stemmed term of the query is widened to also match the
// English stem of the word the user typed. Rewriting the tree (rather than OR-ing a Swedish and
// an English parse) keeps NOT and AND meaning what they say.
Xapian::Query widen_stems(const Xapian::Query& query, const Xapian::QueryParser& parser,
                          const Xapian::Stem& english) {
  using Q = Xapian::Query;
  Q::op type = query.get_type();
  if (type == Q::LEAF_TERM) {
    std::string term = *query.get_terms_begin();
    if (term.empty() || term[0] != 'Z') return query;
    std::string prefix = (term.size() > 1 && term[1] >= 'A' && term[1] <= 'Z') ? term.substr(1, 1) : "";
    std::vector<Q> alternatives{query};
    for (auto word = parser.unstem_begin(term); word != parser.unstem_end(term); ++word) {
      std::string raw = (*word).substr(prefix.size());
      // Many words stem alike in both languages: the same term twice would only make the
      // matcher walk its posting list twice.
      std::string widened = "Z" + prefix + english(raw);
      bool known = std::any_of(alternatives.begin(), alternatives.end(), [&](const Q& alternative) {
        return *alternative.get_terms_begin() == widened;
      });
      if (!known) alternatives.emplace_back(std::move(widened));
    }
    if (alternatives.size() == 1) return query;
    return Q(Q::OP_SYNONYM, alternatives.begin(), alternatives.end());
  }
  switch (type) {
    case Q::OP_AND: case Q::OP_OR: case Q::OP_AND_NOT: case Q::OP_XOR: case Q::OP_AND_MAYBE:
    case Q::OP_FILTER: case Q::OP_SYNONYM: case Q::OP_MAX: {
      std::vector<Q> children;
      for (size_t index = 0; index < query.get_num_subqueries(); ++index) {
        children.push_back(widen_stems(query.get_subquery(index), parser, english));
      }
      return Q(type, children.begin(), children.end());
    }
    default:
      return query;  // phrases, wildcards, weighted filters: no stemmed terms to widen
  }
}

// `full` narrowed to what the caller may see: documents whose visibility is one of
// query.visible. Nearly every document is open, and filtering on the open term would make the
// matcher walk that whole posting list for every query; so where the index marks restricted
// documents, a caller who sees open documents has the restricted ones outside their
// organisations left out instead.
Xapian::Query visible_only(const Xapian::Query& full, const SearchQuery& query, bool marks_restricted) {
  bool sees_open = std::find(query.visible.begin(), query.visible.end(), kOpenVisibility) != query.visible.end();
  bool leave_out = marks_restricted && sees_open;
  std::vector<Xapian::Query> terms;
  for (const auto& value : query.visible) {
    if (!leave_out || value != kOpenVisibility) terms.emplace_back(filter_term("visibility", value));
  }
  Xapian::Query allowed(Xapian::Query::OP_OR, terms.begin(), terms.end());
  if (!leave_out) return Xapian::Query(Xapian::Query::OP_FILTER, full, allowed);
  Xapian::Query restricted(kRestrictedTerm);
  Xapian::Query hidden = terms.empty() ? restricted : Xapian::Query(Xapian::Query::OP_AND_NOT, restricted, allowed);
  return Xapian::Query(Xapian::Query::OP_AND_NOT, full, hidden);
}

}  // namespace


std::string fold(std::string_view text, bool keep_ascii_case) {
  std::string out;
  out.reserve(text.size());
  for (size_t index = 0; index < text.size(); ++index) {
    unsigned char c = static_cast<unsigned char>(text[index]);
    if (c < 0x80) {
      out.push_back(keep_ascii_case ? static_cast<char>(c)
                                    : static_cast<char>(std::tolower(c)));
      continue;
    }
    if (c == 0xC3 && index + 1 < text.size()) {
      unsigned char next = static_cast<unsigned char>(text[index + 1]);
      char base = 0;
      bool upper = next < 0xA0;
      unsigned char lower_code = upper ? static_cast<unsigned char>(next + 0x20) : next;
      switch (lower_code) {
        case 0xA0: case 0xA1: case 0xA2: case 0xA3: case 0xA4: case 0xA5: base = 'a'; break;
        case 0xA7: base = 'c'; break;
        case 0xA8: case 0xA9: case 0xAA: case 0xAB: base = 'e'; break;
        case 0xAC: case 0xAD: case 0xAE: case 0xAF: base = 'i'; break;
        case 0xB1: base = 'n'; break;
        case 0xB2: case 0xB3: case 0xB4: case 0xB5: case 0xB6: case 0xB8: base = 'o'; break;
        case 0xB9: case 0xBA: case 0xBB: case 0xBC: base = 'u'; break;
        case 0xBD: case 0xBF: base = 'y'; break;
        default: break;
      }
      if (base && next != 0x97 && next != 0xB7) {  // not the multiplication/division signs
        out.push_back(upper && keep_ascii_case ? static_cast<char>(base - 32) : base);
        ++index;
        continue;
      }
    }
    out.push_back(static_cast<char>(c));
  }
  return out;
}

Result<std::unique_ptr<IndexWriter>> IndexWriter::open(const std::string& directory) {
  try {
    Xapian::WritableDatabase database(directory, Xapian::DB_CREATE_OR_OPEN);
    // A new index marks every document that not everyone may see; an index built before that
    // keeps the slower filter on the "open" visibility term until it is rebuilt.
    if (database.get_doccount() == 0 && database.get_metadata(kRestrictedMarker).empty()) {
      database.set_metadata(kRestrictedMarker, "1");
    }
    return std::unique_ptr<IndexWriter>(new XapianWriter(directory, std::move(database)));
  } catch (const Xapian::Error& error) {
    return xapian_error(error, "opening the search index " + directory + " for writing");
  }
}

IndexReader::IndexReader(std::string current_link) : current_link_(std::move(current_link)) {}

int64_t IndexReader::last_seq() const {
  auto handle = read_handle(current_link_, generation_.load(std::memory_order_acquire));
  if (!handle.ok()) return 0;
  try {
    std::string stored = handle.value()->database->get_metadata("last_seq");
    return stored.empty() ? 0 : std::stoll(stored);
  } catch (const Xapian::Error&) {
    return 0;
  }
}

Result<SearchResults> IndexReader::search(const SearchQuery& query) const {
  if (query.text.size() > kMaxQueryLength) {
    return make_error(ErrorCode::kBadRequest,
                      "the query is longer than " + std::to_string(kMaxQueryLength) + " bytes",
                      {{"q", "too long"}});
  }
  if (query.offset > std::min(query.max_offset, kMaxDeepOffset) || query.limit > kMaxLimit) {
    return make_error(ErrorCode::kBadRequest, "offset or limit out of range");
  }
  std::vector<int> wanted(facet_names().size(), -1);
  int facet_count = 0;
  for (const auto& name : query.facets) {
    auto index = facet_index(name);
    if (!index) {
      return make_error(ErrorCode::kBadRequest, "unknown facet '" + name + "'",
                        {{"facet", "unknown facet '" + name + "'"}});
    }
    if (wanted[*index] < 0) wanted[*index] = facet_count++;
  }
  ReadHandle* handle = TRY(read_handle(current_link_, generation_.load(std::memory_order_acquire)));
  Xapian::Database* database = handle->database.get();
  try {
    SearchResults results;
    Xapian::Query text_query = Xapian::Query::MatchAll;
    std::string corrected;
    const std::string& text = query.text;
    bool has_text = text.find_first_not_of(" \t\r\n") != std::string::npos;
    if (has_text) {
      Xapian::QueryParser parser;
      parser.set_database(*database);
      parser.set_default_op(Xapian::Query::OP_AND);
      parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
      parser.set_max_expansion(200, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT,
                               Xapian::QueryParser::FLAG_WILDCARD);
      parser.add_prefix("title", "S");
      for (const FacetSpec& facet : registered_facets()) {
        if (facet.in_query) parser.add_boolean_prefix(facet.name, filter_term(facet.name, ""));
      }
      unsigned flags = Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_WILDCARD |
                       Xapian::QueryParser::FLAG_SPELLING_CORRECTION;
      parser.set_stemmer(Xapian::Stem("swedish"));
      Xapian::Query swedish = parser.parse_query(text, flags);
      corrected = parser.get_corrected_query_string();
      text_query = widen_stems(swedish, parser, Xapian::Stem("english"));
    }
    Xapian::Query full = text_query;
    for (const auto& [field, values] : query.filters) {
      if (values.empty()) continue;
      std::vector<Xapian::Query> alternatives;
      for (const auto& value : values) alternatives.emplace_back(filter_term(field, value));
      full = Xapian::Query(Xapian::Query::OP_FILTER, full,
                           Xapian::Query(Xapian::Query::OP_OR, alternatives.begin(), alternatives.end()));
    }
    if (!query.all_visible) full = visible_only(full, query, handle->marks_restricted);
    if (query.modified_since) {
      full = Xapian::Query(Xapian::Query::OP_FILTER, full,
                           Xapian::Query(Xapian::Query::OP_VALUE_GE, kSlotModified, *query.modified_since));
    }

    Xapian::Enquire enquire(*database);
    enquire.set_query(full);
    switch (query.sort) {
      case SortOrder::kModified: enquire.set_sort_by_value_then_relevance(kSlotModified, true); break;
      case SortOrder::kTitle: enquire.set_sort_by_value_then_relevance(kSlotTitle, false); break;
      case SortOrder::kRelevance: break;
    }
    std::unique_ptr<FacetSpy> spy;
    std::shared_ptr<const FacetTable> table;
    Xapian::doccount check_at_least = static_cast<Xapian::doccount>(query.offset + query.limit);
    // When Xapian's estimate alone (no posting read) guarantees far more matches than the
    // sample, the facets will come from the sampling pass below: the ranking pass need not
    // count, and may stop as early as the ranking allows.
    bool broad = false;
    if (facet_count > 0 && !query.exact_counts) {
      Xapian::MSet probe = enquire.get_mset(Xapian::doccount(0), Xapian::doccount(0), Xapian::doccount(0));
      broad = probe.get_matches_lower_bound() > 2 * query.facet_sample;
    }
    if (facet_count > 0) table = facet_table(handle->directory, database);
    if (facet_count > 0 && !broad) {
      spy = std::make_unique<FacetSpy>(wanted, table);
      enquire.add_matchspy(spy.get());
      // Every match up to facet_sample is counted (exact facets); beyond, the matcher may stop
      // there, and a second pass below estimates the counts.
      check_at_least = std::max<Xapian::doccount>(check_at_least, static_cast<Xapian::doccount>(query.facet_sample));
    }
    if (query.exact_counts) check_at_least = database->get_doccount();
    Xapian::MSet mset = enquire.get_mset(static_cast<Xapian::doccount>(query.offset),
                                         static_cast<Xapian::doccount>(query.limit), check_at_least);
    results.total = mset.get_matches_estimated();
    results.total_exact = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
    Xapian::Stem snippet_stemmer("swedish");
    for (auto item = mset.begin(); item != mset.end(); ++item) {
      Xapian::Document document = item.get_document();
      SearchHit hit;
      hit.id = document.get_value(kSlotId);
      hit.score = item.get_weight();
      hit.stored = document.get_data();
      if (query.snippets && has_text) {
        hit.snippet = mset.snippet(document.get_value(kSlotSnippet), 240, snippet_stemmer,
                                   Xapian::MSet::SNIPPET_EXHAUSTIVE, "<mark>", "</mark>", "…");
      }
      results.hits.push_back(std::move(hit));
    }
    // The spy counted every match only if the matcher ran to the end, which is when Xapian
    // knows the exact number of matches.
    bool counted_all = mset.get_matches_lower_bound() == mset.get_matches_upper_bound() &&
                       spy && spy->seen() == mset.get_matches_lower_bound();
    if (facet_count > 0 && !counted_all) {
      // A broad search, or the matcher stopped early: count over every stride-th document id
      // (unweighted, so no document lengths are read) and scale by the stride.
      Xapian::docid stride = static_cast<Xapian::docid>(
          std::max<size_t>(2, mset.get_matches_estimated() / std::max<size_t>(query.facet_sample, 1)));
      StrideSource stripe(stride);  // both outlive the Enquire that points at them
      FacetSpy sample_spy(wanted, table);
      Xapian::Enquire sampling(*database);
      sampling.set_query(Xapian::Query(Xapian::Query::OP_FILTER, full, Xapian::Query(&stripe)));
      sampling.set_weighting_scheme(Xapian::BoolWeight());
      sampling.add_matchspy(&sample_spy);
      sampling.get_mset(0, 0, database->get_doccount());
      size_t scaled_total = sample_spy.seen() * static_cast<size_t>(stride);
      results.total = std::clamp<size_t>(scaled_total, mset.get_matches_lower_bound(),
                                         mset.get_matches_upper_bound());
      double scale = sample_spy.seen() == 0 ? 0.0
                         : static_cast<double>(results.total) / static_cast<double>(sample_spy.seen());
      results.facets = sample_spy.results(query.facet_limit, query.facet_mincount, scale);
      results.facets_exact = false;
    } else if (facet_count > 0) {
      results.facets = spy->results(query.facet_limit, query.facet_mincount, 1.0);
    }
    if (has_text && !corrected.empty() && results.total < 3) results.suggestion = corrected;
    return results;
  } catch (const Xapian::QueryParserError& error) {
    return make_error(ErrorCode::kBadRequest, "the query cannot be parsed: " + error.get_msg(),
                      {{"q", error.get_msg()}});
  } catch (const Xapian::Error& error) {
    return xapian_error(error, "searching");
  }
}

std::shared_ptr<const IndexReader::FacetTable> IndexReader::facet_table(const std::string& directory,
                                                                      void* opaque) const {
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
    if (change.removed) row.reset();
    else row = FacetTable::encode(*dictionary, change.values);
  }
  for (auto& [chunk_index, rows] : touched) {
    if (next->chunks.size() <= chunk_index) next->chunks.resize(chunk_index + 1);
    next->chunks[chunk_index] = FacetTable::chunk_of(rows);
  }
  next->dictionary = std::move(dictionary);
  std::lock_guard lock(facet_mutex_);
  facet_table_ = std::move(next);
}

Result<std::vector<std::string>> IndexReader::complete(const std::string& prefix,
                                                       size_t limit) const {
  std::string folded = fold(prefix);
  while (!folded.empty() && folded.back() == ' ') folded.pop_back();
  if (folded.size() < 1 || folded.size() > 100) {
    return make_error(ErrorCode::kBadRequest, "q must be 1-100 characters", {{"q", "length"}});
  }
  ReadHandle* handle = TRY(read_handle(current_link_, generation_.load(std::memory_order_acquire)));
  Xapian::Database* database = handle->database.get();
  try {
    std::string term_prefix = "XC:" + folded;
    std::vector<std::pair<Xapian::doccount, std::string>> candidates;
    size_t scanned = 0;
    for (auto term = database->allterms_begin(term_prefix);
         term != database->allterms_end(term_prefix) && scanned < 5000; ++term, ++scanned) {
      candidates.emplace_back(term.get_termfreq(), (*term).substr(3));
    }
    std::sort(candidates.begin(), candidates.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    std::vector<std::string> words;
    for (size_t index = 0; index < candidates.size() && index < limit; ++index) {
      words.push_back(candidates[index].second);
    }
    return words;
  } catch (const Xapian::Error& error) {
    return xapian_error(error, "completing");
  }
}

}  // namespace samverka::search
