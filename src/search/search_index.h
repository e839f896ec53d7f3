// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace samverka::search {

// Text to index, in one language. Swedish text is stemmed with the Swedish stemmer, English with
// the English one, by the field's language tag; diacritics are folded for matching.
struct TextField {
  std::string prefix;  // "" for the default field, or a field prefix (e.g. "S" for titles)
  std::string text;
  std::string language;  // language tag: sv..., en..., other
  int weight = 1;        // within-document frequency increment
  // Swedish text: with the lexicon, its compounds' parts are always indexed; without it, only
  // fields asking for it get every split of a long word (an approximation that over-matches).
  bool compounds = false;
  bool spelling = false;  // feed "did you mean" (unprefixed fields only)
};

// What the index knows of one catalogue entity. Built by the domain; the index never sees rows.
struct IndexDocument {
  std::string id;
  std::vector<TextField> texts;
  // Exact-match filters: field name -> values (themes, formats, publisher ...).
  std::map<std::string, std::vector<std::string>> filters;
  // Facets counted over results: facet name -> values of this document.
  std::map<std::string, std::vector<std::string>> facets;
  std::string sort_modified;  // RFC 3339 (sorts as text)
  std::string sort_created;   // RFC 3339
  std::string sort_title;     // folded title
  std::string sort_name;      // the slug, where there is one
  std::string stored;         // returned with each hit, as is (JSON)
  std::string snippet_text;   // text to cut highlighted snippets from
  // Text whose words feed completions (search/suggest); leave empty for documents that not
  // everyone may see, so that completions never reveal them.
  std::string completion_text;
};

// The schema of indexes built now.
int current_schema();

// A facet: an exact-match filter whose values are also counted over results. Each domain
// declares its facets; the composition root registers them all with set_facets() once, before
// any index is opened. A document's facet values are stored in the registered order, so that
// order must never change: a new domain appends its facets after the others.
struct FacetSpec {
  std::string name;
  bool in_query = false;  // also usable as name:value inside the query text
};
void set_facets(std::vector<FacetSpec> facets);
const std::vector<FacetSpec>& registered_facets();

enum class SortOrder { kRelevance, kModified, kTitle };

// One key of a sort: relevance or a stored value, either way. Hits equal on every key come in
// id order, so that paging by offset neither repeats nor skips a hit while nothing changes.
struct SortKey {
  enum class Field { kRelevance, kId, kName, kTitle, kModified, kCreated };
  Field field = Field::kRelevance;
  bool descending = true;
};

// A boolean condition on documents, for callers that combine fields with AND, OR and NOT
// (CKAN's Solr-style q and fq). Leaves name an exact-match filter field ("id" is the
// document's id), a value slot for ranges, or text.
struct Condition {
  enum class Kind {
    kAll,
    kNothing,
    kAnd,     // children
    kOr,      // children
    kNot,     // children[0]
    kTerm,    // field = value
    kPrefix,  // field starts with value
    kAny,     // field has a value
    kRange,   // field "modified" or "created" within [from, to] (RFC 3339; empty: open)
    kText,    // words of the text (field "") or of titles ("title"), parsed like SearchQuery::text
  };
  Kind kind = Kind::kAll;
  std::string field;
  std::string value;
  std::string from;
  std::string to;
  std::vector<Condition> children;
  // A leaf (or kAll, kNothing) with its field and value.
  static Condition leaf(Kind kind, std::string field = {}, std::string value = {}) {
    Condition out;
    out.kind = kind;
    out.field = std::move(field);
    out.value = std::move(value);
    return out;
  }
};

// The "visibility" filter value of documents that everyone may see. Every other document also
// carries kRestrictedTerm, so that a search can leave out the few hidden ones cheaply.
inline constexpr const char* kOpenVisibility = "public";
inline constexpr const char* kRestrictedTerm = "XRESTRICTED";
inline constexpr const char* kRestrictedMarker = "marks_restricted";  // index metadata key

// Facets are counted over at least this many matches, and over every match of smaller results.
inline constexpr size_t kFacetSample = 20000;

// Limits that keep one query cheap whatever a client sends.
inline constexpr size_t kMaxQueryLength = 1000;
inline constexpr size_t kMaxOffset = 10000;
// For callers that can only page by offset (CKAN's start): deeper, and costlier per page.
inline constexpr size_t kMaxDeepOffset = 1000000;

struct SearchQuery {
  std::string text;  // words, "phrases", AND/OR/NOT, field:value, trailing * wildcards
  // AND across fields, OR within one field's values.
  std::map<std::string, std::vector<std::string>> filters;
  // Each must hold, with the filters (AND): (field, value) pairs, a field possibly repeated.
  std::vector<std::pair<std::string, std::string>> required;
  std::optional<std::string> modified_since;
  // Visibility: unless all_visible, a document matches only if its "visibility" filter holds
  // one of these values.
  bool all_visible = false;
  std::vector<std::string> visible;
  // Scored with the text (AND): CKAN's q as a tree.
  std::optional<Condition> match;
  // Must hold, unscored (AND): CKAN's fq as a tree.
  std::optional<Condition> condition;
  SortOrder sort = SortOrder::kRelevance;
  std::vector<SortKey> sort_keys;  // when given, instead of sort
  size_t offset = 0;
  size_t max_offset = kMaxOffset;  // at most kMaxDeepOffset
  size_t limit = 20;
  std::vector<std::string> facets;  // facet names to count
  size_t facet_limit = 50;
  size_t facet_mincount = 1;
  bool snippets = true;
  // Count every match (an exact total and exact facets), however many: for callers that page
  // by the total. Otherwise large results are counted over kFacetSample matches.
  bool exact_counts = false;
  // Also find documents through translations of the text's words (Swedish-English), ranked
  // after every direct match and flagged in SearchHit::translated.
  bool translate = true;
  size_t facet_sample = kFacetSample;  // smaller in tests
};

struct SearchHit {
  std::string id;
  double score = 0;
  bool translated = false;  // matched only through a translation of the query's words
  std::string stored;
  std::string snippet;
};

struct FacetCount {
  std::string value;
  size_t count = 0;
};

struct SearchResults {
  std::vector<SearchHit> hits;
  size_t total = 0;
  bool total_exact = true;
  // Exact when every match was counted; past kFacetSample matches, counted over at least that
  // many and scaled to the estimated total.
  bool facets_exact = true;
  std::map<std::string, std::vector<FacetCount>> facets;
  std::optional<std::string> suggestion;
};

inline constexpr size_t kMaxLimit = 1000;

// The single writer of an index directory. Not thread-safe; one per process and directory
// (Xapian's lock refuses a second).
// What a commit changed in the facet values of documents, for readers' in-memory facet tables.
struct FacetChange {
  uint32_t docid = 0;
  bool removed = false;
  std::string values;  // encoded as in the index's facet slot
};

class IndexWriter {
 public:
  static Result<std::unique_ptr<IndexWriter>> open(const std::string& directory);
  virtual ~IndexWriter() = default;
  virtual Status replace(const IndexDocument& document) = 0;
  virtual Status remove(const std::string& id) = 0;
  // Makes every change so far durable together with last_seq, in one Xapian commit.
  virtual Status commit(int64_t last_seq) = 0;
  // False for an index built before restricted documents were marked (searches are slower
  // there until `samverka reindex`).
  virtual bool marks_restricted() const = 0;
  // What the index holds; less than current_schema() for an index built by an older samverka,
  // whose searches may miss what newer ones find (`samverka reindex`, or a server start,
  // rebuilds it).
  virtual int schema() const = 0;
  // The language data the index was built with (LanguageResources::description()).
  virtual std::string language() const = 0;
  // The facet changes of the commits since the last call.
  virtual std::vector<FacetChange> take_facet_changes() = 0;
  virtual int64_t last_seq() const = 0;
  virtual const std::string& directory() const = 0;
};

// Reads an index. Thread-safe: each thread keeps its own handle and reopens it when the index
// has moved on or has been replaced by a rebuilt one.
class IndexReader {
 public:
  // current_link: a symlink naming the live index directory.
  explicit IndexReader(std::string current_link);
  Result<SearchResults> search(const SearchQuery& query) const;
  // Words from titles and keywords that start with prefix (folded), most frequent first.
  Result<std::vector<std::string>> complete(const std::string& prefix, size_t limit) const;
  // The last change-log sequence number the live index holds (0 when there is none).
  int64_t last_seq() const;
  // Tells readers that the index has changed: each thread reopens its handle before its next
  // search. Reopening on every search instead would throw away Xapian's cursors and cost more
  // than the search itself.
  void invalidate() { generation_.fetch_add(1, std::memory_order_release); }

  // Applies a commit's facet changes to the in-memory facet table of `directory` (the writer's).
  // Facet counting reads this table instead of the index, which is what makes facets over
  // thousands of matches cheap; documents the table does not know are read from the index.
  void apply_facet_changes(const std::string& directory, const std::vector<FacetChange>& changes);

  // Builds the facet table of the live index now (a second or so per million documents), so
  // that the first search with facets does not pay for it. Safe to call from any thread.
  Status prepare_facets() const;

  struct FacetTable;  // defined in search_index.cc

 private:
  std::shared_ptr<const FacetTable> facet_table(const std::string& directory, void* database) const;

  std::string current_link_;
  mutable std::mutex facet_mutex_;        // guards facet_table_
  mutable std::mutex facet_build_mutex_;  // one full build at a time
  mutable std::shared_ptr<const FacetTable> facet_table_;
  std::shared_ptr<std::atomic<uint64_t>> generation_storage_ =
      std::make_shared<std::atomic<uint64_t>>(1);
  std::atomic<uint64_t>& generation_ = *generation_storage_;
};

// Folds text for matching: lower-cases and strips diacritics from Latin letters (å ä -> a,
// ö -> o, é -> e, ü -> u ...), leaves other characters as they are. ASCII case is kept when
// keep_ascii_case is set, so that AND/OR/NOT in queries survive.
std::string fold(std::string_view text, bool keep_ascii_case = false);

}  // namespace samverka::search
