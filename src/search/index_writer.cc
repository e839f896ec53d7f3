// SPDX-License-Identifier: Apache-2.0
// The index writer: documents to Xapian terms, values and facet slots; commits with the
// change-log sequence number.
#include "search/xapian_detail.h"

namespace samverka::search {

using namespace detail;

namespace {

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
        if (word.size() >= 2 && word.size() < kMaxTermLength)
          document.add_boolean_term("XC:" + word);
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
      document.add_value(kSlotCreated, input.sort_created);
      document.add_value(kSlotName, input.sort_name);
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
      for (auto posting = database_.postlist_begin(unique);
           posting != database_.postlist_end(unique); ++posting) {
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
  int schema() const override {
    try {
      std::string stored = database_.get_metadata(kSchemaKey);
      if (!stored.empty()) return std::stoi(stored);
      return database_.get_metadata(kRestrictedMarker).empty() ? 0 : 1;
    } catch (const std::exception&) {
      return 0;
    }
  }
  std::string language() const override {
    try {
      return database_.get_metadata(kLanguageKey);
    } catch (const Xapian::Error&) {
      return {};
    }
  }
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

}  // namespace

Result<std::unique_ptr<IndexWriter>> IndexWriter::open(const std::string& directory) {
  try {
    Xapian::WritableDatabase database(directory, Xapian::DB_CREATE_OR_OPEN);
    // A new index marks every document that not everyone may see, and records its schema; an
    // index built before either is rebuilt when the server starts.
    if (database.get_doccount() == 0 && database.get_metadata(kRestrictedMarker).empty()) {
      database.set_metadata(kRestrictedMarker, "1");
      database.set_metadata(kSchemaKey, std::to_string(kIndexSchema));
      database.set_metadata(kLanguageKey, language_resources().description());
    }
    return std::unique_ptr<IndexWriter>(new XapianWriter(directory, std::move(database)));
  } catch (const Xapian::Error& error) {
    return xapian_error(error, "opening the search index " + directory + " for writing");
  }
}

}  // namespace samverka::search
