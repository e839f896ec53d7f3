// SPDX-License-Identifier: Apache-2.0
// The only file that knows Xapian.
#include "search/search_index.h"

#include <xapian.h>

#include <algorithm>
#include <filesystem>
#include <unordered_map>

namespace samverka::search {

namespace {

// Value slots.
constexpr Xapian::valueno kSlotModified = 0;
constexpr Xapian::valueno kSlotTitle = 1;
constexpr Xapian::valueno kSlotSnippet = 2;
constexpr Xapian::valueno kSlotId = 3;
constexpr Xapian::valueno kFirstFacetSlot = 10;
constexpr char kSeparator = '\x1f';
constexpr size_t kMaxTermLength = 200;

// Facets have fixed slots so that old documents and new queries agree.
const std::vector<std::string>& facet_names() {
  static const std::vector<std::string> kNames = {
      "theme",    "publisher",     "format",   "license",    "access_rights", "keyword",
      "frequency", "type",         "language", "publisher_type", "hvd_category", "state"};
  return kNames;
}
std::optional<Xapian::valueno> facet_slot(const std::string& name) {
  const auto& names = facet_names();
  auto found = std::find(names.begin(), names.end(), name);
  if (found == names.end()) return std::nullopt;
  return kFirstFacetSlot + static_cast<Xapian::valueno>(found - names.begin());
}

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

// Counts facet values over every matching document it is shown.
class FacetSpy : public Xapian::MatchSpy {
 public:
  explicit FacetSpy(std::vector<std::pair<std::string, Xapian::valueno>> facets)
      : facets_(std::move(facets)), counts_(facets_.size()) {}

  void operator()(const Xapian::Document& document, double) override {
    for (size_t index = 0; index < facets_.size(); ++index) {
      std::string values = document.get_value(facets_[index].second);
      size_t start = 0;
      while (start < values.size()) {
        size_t end = values.find(kSeparator, start);
        if (end == std::string::npos) end = values.size();
        if (end > start) ++counts_[index][values.substr(start, end - start)];
        start = end + 1;
      }
    }
  }
  Xapian::MatchSpy* clone() const override { return new FacetSpy(facets_); }
  std::string name() const override { return "samverka.FacetSpy"; }

  std::map<std::string, std::vector<FacetCount>> results(size_t limit, size_t mincount) const {
    std::map<std::string, std::vector<FacetCount>> out;
    for (size_t index = 0; index < facets_.size(); ++index) {
      std::vector<FacetCount> counts;
      for (const auto& [value, count] : counts_[index]) {
        if (count >= mincount) counts.push_back({value, count});
      }
      std::sort(counts.begin(), counts.end(), [](const FacetCount& a, const FacetCount& b) {
        return a.count != b.count ? a.count > b.count : a.value < b.value;
      });
      if (counts.size() > limit) counts.resize(limit);
      out[facets_[index].first] = std::move(counts);
    }
    return out;
  }

 private:
  std::vector<std::pair<std::string, Xapian::valueno>> facets_;
  std::vector<std::unordered_map<std::string, size_t>> counts_;
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
      for (const auto& [name, values] : input.facets) {
        auto slot = facet_slot(name);
        if (!slot) continue;
        std::string joined;
        for (const auto& value : values) {
          if (!joined.empty()) joined.push_back(kSeparator);
          joined += value;
        }
        document.add_value(*slot, joined);
      }
      document.add_value(kSlotModified, input.sort_modified);
      document.add_value(kSlotTitle, input.sort_title);
      // Raw text: MSet::snippet escapes HTML in what it returns.
      document.add_value(kSlotSnippet, input.snippet_text);
      document.add_value(kSlotId, input.id);
      document.set_data(input.stored);
      std::string unique = "Q" + input.id;
      document.add_boolean_term(unique);
      database_.replace_document(unique, document);
      return {};
    } catch (const Xapian::Error& error) {
      return xapian_error(error, "indexing " + input.id);
    }
  }

  Status remove(const std::string& id) override {
    try {
      database_.delete_document("Q" + id);
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
      return {};
    } catch (const Xapian::Error& error) {
      return xapian_error(error, "committing the index");
    }
  }

  int64_t last_seq() const override { return last_seq_; }
  const std::string& directory() const override { return directory_; }

 private:
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
};

Result<Xapian::Database*> read_handle(const std::string& current_link, uint64_t generation) {
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
      handle.directory = directory;
      handle.generation = generation;
    } else if (handle.generation != generation) {
      handle.database->reopen();
      handle.generation = generation;
    }
    return handle.database.get();
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
      alternatives.emplace_back("Z" + prefix + english(raw));
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

}  // namespace

const char* const kTextPrefixes[] = {"title", "publisher", "keyword", "theme", "format", nullptr};

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
    return std::unique_ptr<IndexWriter>(new XapianWriter(directory, std::move(database)));
  } catch (const Xapian::Error& error) {
    return xapian_error(error, "opening the search index " + directory + " for writing");
  }
}

IndexReader::IndexReader(std::string current_link) : current_link_(std::move(current_link)) {}

int64_t IndexReader::last_seq() const {
  auto database = read_handle(current_link_, generation_.load(std::memory_order_acquire));
  if (!database.ok()) return 0;
  try {
    std::string stored = database.value()->get_metadata("last_seq");
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
  if (query.offset > kMaxOffset || query.limit > kMaxLimit) {
    return make_error(ErrorCode::kBadRequest, "offset or limit out of range");
  }
  std::vector<std::pair<std::string, Xapian::valueno>> facets;
  for (const auto& name : query.facets) {
    auto slot = facet_slot(name);
    if (!slot) {
      return make_error(ErrorCode::kBadRequest, "unknown facet '" + name + "'",
                        {{"facet", "unknown facet '" + name + "'"}});
    }
    facets.emplace_back(name, *slot);
  }
  Xapian::Database* database = TRY(read_handle(current_link_, generation_.load(std::memory_order_acquire)));
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
      parser.add_boolean_prefix("publisher", "XPUBLISHER:");
      parser.add_boolean_prefix("keyword", "XKEYWORD:");
      parser.add_boolean_prefix("theme", "XTHEME:");
      parser.add_boolean_prefix("format", "XFORMAT:");
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
    if (!query.all_visible) {
      std::vector<Xapian::Query> visible;
      for (const auto& value : query.visible) visible.emplace_back(filter_term("visibility", value));
      full = Xapian::Query(Xapian::Query::OP_FILTER, full,
                           Xapian::Query(Xapian::Query::OP_OR, visible.begin(), visible.end()));
    }
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
    Xapian::doccount check_at_least = static_cast<Xapian::doccount>(query.offset + query.limit);
    if (!facets.empty()) {
      spy = std::make_unique<FacetSpy>(facets);
      enquire.add_matchspy(spy.get());
      check_at_least = database->get_doccount();  // exact counts need every match
    }
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
    if (spy) results.facets = spy->results(query.facet_limit, query.facet_mincount);
    if (has_text && !corrected.empty() && results.total < 3) results.suggestion = corrected;
    return results;
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
  Xapian::Database* database = TRY(read_handle(current_link_, generation_.load(std::memory_order_acquire)));
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
