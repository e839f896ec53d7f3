// SPDX-License-Identifier: Apache-2.0
// The index reader: queries (parsing, widening, visibility, filters, sorting), ranked hits
// with snippets, facet counts (exact or over a systematic sample) and completions.
#include <cmath>
#include <filesystem>

#include "core/deadline.h"
#include "search/xapian_detail.h"

namespace samverka::search {

using namespace detail;

namespace detail {

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

}  // namespace detail

namespace {

Error over_budget() {
  return make_error(ErrorCode::kUnavailable,
                    "the search took longer than this request may take (" +
                        std::to_string(std::lround(deadline::budget_seconds() * 1000)) +
                        " ms); narrow it with fewer filters or words");
}

// Counts facet values over every matching document it is shown: from the in-memory facet table
// when it knows the document (counting is then a few array increments), else from the index.
class FacetSpy : public Xapian::MatchSpy {
 public:
  // wanted[i]: the position in the result of facet_names()[i], or -1 when not asked for.
  FacetSpy(std::vector<int> wanted, std::shared_ptr<const IndexReader::FacetTable> table)
      : wanted_(std::move(wanted)),
        table_(std::move(table)),
        fallback_(
            std::count_if(wanted_.begin(), wanted_.end(), [](int slot) { return slot >= 0; })),
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
  std::map<std::string, std::vector<FacetCount>> results(size_t limit, size_t mincount,
                                                         double scale) {
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
        for (auto& count : counts)
          count.count = static_cast<size_t>(std::llround(static_cast<double>(count.count) * scale));
      }
      std::erase_if(counts, [&](const FacetCount& count) {
        return count.count < std::max<size_t>(mincount, 1);
      });
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

// `full` narrowed to what the caller may see: documents whose visibility is one of
// query.visible. Nearly every document is open, and filtering on the open term would make the
// matcher walk that whole posting list for every query; so where the index marks restricted
// documents, a caller who sees open documents has the restricted ones outside their
// organisations left out instead.
Xapian::Query visible_only(const Xapian::Query& full, const SearchQuery& query,
                           bool marks_restricted) {
  bool sees_open =
      std::find(query.visible.begin(), query.visible.end(), kOpenVisibility) != query.visible.end();
  bool leave_out = marks_restricted && sees_open;
  std::vector<Xapian::Query> terms;
  for (const auto& value : query.visible) {
    if (!leave_out || value != kOpenVisibility)
      terms.emplace_back(filter_term("visibility", value));
  }
  Xapian::Query allowed(Xapian::Query::OP_OR, terms.begin(), terms.end());
  if (!leave_out) return Xapian::Query(Xapian::Query::OP_FILTER, full, allowed);
  Xapian::Query restricted(kRestrictedTerm);
  Xapian::Query hidden =
      terms.empty() ? restricted : Xapian::Query(Xapian::Query::OP_AND_NOT, restricted, allowed);
  return Xapian::Query(Xapian::Query::OP_AND_NOT, full, hidden);
}

}  // namespace

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
    Xapian::Query parsed = Xapian::Query::MatchAll;
    std::string corrected;
    const std::string& text = query.text;
    bool has_text = text.find_first_not_of(" \t\r\n") != std::string::npos;
    bool translated = false;
    if (has_text) {
      TextQuery text_match = text_query(*database, text, "", &corrected, query.translate);
      parsed = text_match.query;
      translated = text_match.translated;
    }
    if (query.match) {
      Xapian::Query matched = condition_query(*database, *query.match);
      parsed = has_text ? Xapian::Query(Xapian::Query::OP_AND, parsed, matched) : matched;
    }
    Xapian::Query full = parsed;
    if (query.condition) {
      full = Xapian::Query(Xapian::Query::OP_FILTER, full,
                           condition_query(*database, *query.condition));
    }
    for (const auto& [field, values] : query.filters) {
      if (values.empty()) continue;
      std::vector<Xapian::Query> alternatives;
      for (const auto& value : values) alternatives.emplace_back(filter_term(field, value));
      full = Xapian::Query(
          Xapian::Query::OP_FILTER, full,
          Xapian::Query(Xapian::Query::OP_OR, alternatives.begin(), alternatives.end()));
    }
    for (const auto& [field, value] : query.required) {
      full =
          Xapian::Query(Xapian::Query::OP_FILTER, full, Xapian::Query(filter_term(field, value)));
    }
    if (!query.all_visible) full = visible_only(full, query, handle->marks_restricted);
    if (query.modified_since) {
      full = Xapian::Query(
          Xapian::Query::OP_FILTER, full,
          Xapian::Query(Xapian::Query::OP_VALUE_GE, kSlotModified, *query.modified_since));
    }

    std::unique_ptr<Xapian::MultiValueKeyMaker> sort_keys;  // the Enquire points at it
    Xapian::Enquire enquire(*database);
    enquire.set_query(full);
    // The request's time budget: the matcher stops looking for more matches when it is spent,
    // and the search then answers 503 rather than a silently incomplete result.
    if (deadline::expired()) return over_budget();
    double remaining = deadline::remaining_seconds();
    if (remaining < 1e8) enquire.set_time_limit(std::max(remaining, 0.001));
    apply_sort(enquire, query, sort_keys);
    std::unique_ptr<FacetSpy> spy;
    std::shared_ptr<const FacetTable> table;
    Xapian::doccount check_at_least = static_cast<Xapian::doccount>(query.offset + query.limit);
    // When Xapian's estimate alone (no posting read) guarantees far more matches than the
    // sample, the facets will come from the sampling pass below: the ranking pass need not
    // count, and may stop as early as the ranking allows.
    bool broad = false;
    if (facet_count > 0 && !query.exact_counts) {
      Xapian::MSet probe =
          enquire.get_mset(Xapian::doccount(0), Xapian::doccount(0), Xapian::doccount(0));
      broad = probe.get_matches_lower_bound() > 2 * query.facet_sample;
    }
    if (facet_count > 0) table = facet_table(handle->directory, database);
    if (facet_count > 0 && !broad) {
      spy = std::make_unique<FacetSpy>(wanted, table);
      enquire.add_matchspy(spy.get());
      // Every match up to facet_sample is counted (exact facets); beyond, the matcher may stop
      // there, and a second pass below estimates the counts.
      check_at_least = std::max<Xapian::doccount>(
          check_at_least, static_cast<Xapian::doccount>(query.facet_sample));
    }
    if (query.exact_counts) check_at_least = database->get_doccount();
    Xapian::MSet mset =
        enquire.get_mset(static_cast<Xapian::doccount>(query.offset),
                         static_cast<Xapian::doccount>(query.limit), check_at_least);
    results.total = mset.get_matches_estimated();
    results.total_exact = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
    Xapian::Stem snippet_stemmer("swedish");
    for (auto item = mset.begin(); item != mset.end(); ++item) {
      Xapian::Document document = item.get_document();
      SearchHit hit;
      hit.id = document.get_value(kSlotId);
      hit.score = item.get_weight();
      if (translated) {
        // Direct matches carry the boost; the others were found only through a translation.
        hit.translated = hit.score < kDirectBoost;
        if (!hit.translated) hit.score -= kDirectBoost;
      }
      hit.stored = document.get_data();
      if (query.snippets && has_text) {
        hit.snippet = mset.snippet(document.get_value(kSlotSnippet), 240, snippet_stemmer,
                                   Xapian::MSet::SNIPPET_EXHAUSTIVE, "<mark>", "</mark>", "…");
      }
      results.hits.push_back(std::move(hit));
    }
    // The spy counted every match only if the matcher ran to the end, which is when Xapian
    // knows the exact number of matches.
    bool counted_all = mset.get_matches_lower_bound() == mset.get_matches_upper_bound() && spy &&
                       spy->seen() == mset.get_matches_lower_bound();
    if (deadline::expired()) return over_budget();
    if (facet_count > 0 && !counted_all) {
      // A broad search, or the matcher stopped early: count over every stride-th document id
      // (unweighted, so no document lengths are read) and scale by the stride.
      Xapian::docid stride = static_cast<Xapian::docid>(std::max<size_t>(
          2, mset.get_matches_estimated() / std::max<size_t>(query.facet_sample, 1)));
      StrideSource stripe(stride);  // both outlive the Enquire that points at them
      FacetSpy sample_spy(wanted, table);
      Xapian::Enquire sampling(*database);
      sampling.set_query(Xapian::Query(Xapian::Query::OP_FILTER, full, Xapian::Query(&stripe)));
      sampling.set_weighting_scheme(Xapian::BoolWeight());
      sampling.add_matchspy(&sample_spy);
      remaining = deadline::remaining_seconds();
      if (remaining < 1e8) sampling.set_time_limit(std::max(remaining, 0.001));
      sampling.get_mset(0, 0, database->get_doccount());
      if (deadline::expired()) return over_budget();
      size_t scaled_total = sample_spy.seen() * static_cast<size_t>(stride);
      results.total = std::clamp<size_t>(scaled_total, mset.get_matches_lower_bound(),
                                         mset.get_matches_upper_bound());
      double scale = sample_spy.seen() == 0 ? 0.0
                                            : static_cast<double>(results.total) /
                                                  static_cast<double>(sample_spy.seen());
      results.facets = sample_spy.results(query.facet_limit, query.facet_mincount, scale);
      results.facets_exact = false;
    } else if (facet_count > 0) {
      results.facets = spy->results(query.facet_limit, query.facet_mincount, 1.0);
    }
    if (has_text && !corrected.empty() && results.total < 3) results.suggestion = corrected;
    return results;
  } catch (const Xapian::WildcardError& error) {
    return make_error(ErrorCode::kBadRequest,
                      "a prefix in the query matches too many values; make it longer",
                      {{"q", error.get_msg()}});
  } catch (const Xapian::QueryParserError& error) {
    return make_error(ErrorCode::kBadRequest, "the query cannot be parsed: " + error.get_msg(),
                      {{"q", error.get_msg()}});
  } catch (const Xapian::Error& error) {
    return xapian_error(error, "searching");
  }
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
