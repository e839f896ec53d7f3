// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "core/result.h"
#include "rdf/rdf.h"

namespace samverka::rdf {

// An RDF graph held compactly for reading: each distinct term is stored once and triples are
// three term numbers, so a file's repeated predicates, classes and vocabulary IRIs cost nothing
// after their first use. Blank-node labels are those of one parse. Not thread-safe.
class Graph {
 public:
  using TermId = uint32_t;
  static constexpr TermId kNone = UINT32_MAX;
  struct Edge {
    TermId subject;
    TermId predicate;
    TermId object;
  };

  Graph();
  Graph(const Graph&) = delete;
  Graph& operator=(const Graph&) = delete;
  Graph(Graph&&) = default;
  Graph& operator=(Graph&&) = default;

  // A term by reference, so that a parser can look one up without copying its strings.
  struct TermView {
    Term::Kind kind = Term::Kind::kIri;
    std::string_view value;
    std::string_view language;
    std::string_view datatype;
  };
  TermId intern(const TermView& view);
  void add(const Term& subject, const Term& predicate, const Term& object);
  void add(const TermView& subject, const TermView& predicate, const TermView& object);
  const Term& term(TermId id) const { return terms_->terms[id]; }
  // The number of a term already in the graph, or kNone.
  TermId find(const TermView& view) const;
  TermId find_iri(std::string_view iri) const;
  size_t size() const { return edges_.size(); }
  const std::vector<Edge>& edges() const { return edges_; }

  // Adds every triple of another graph (another page of the same catalogue), its blank-node
  // labels prefixed so that they never meet this graph's: blank nodes are local to a document.
  void merge(const Graph& other, std::string_view blank_prefix);

  // What the parser left out of the file, and why (a literal too long to keep), for reports.
  void add_note(std::string note) { notes_.push_back(std::move(note)); }
  const std::vector<std::string>& notes() const { return notes_; }

  // Sorts the triples by subject so that about() can find them; call once after the last add().
  void index();
  // The triples whose subject is `subject` (after index()).
  std::span<const Edge> about(TermId subject) const;

 private:
  static constexpr TermId kProbe = UINT32_MAX - 1;
  // On the heap, so that the set's hash and equality functions can point at it while the
  // Graph itself moves.
  static TermView view_of(const Term& term) {
    return {term.kind, term.value, term.language, term.datatype};
  }
  struct Terms {
    std::deque<Term> terms;  // a deque: terms never move, so the set's hashes stay valid
    const TermView* probe = nullptr;
    TermView resolve(TermId id) const { return id == kProbe ? *probe : view_of(terms[id]); }
  };
  struct Hash {
    const Terms* terms;
    size_t operator()(TermId id) const;
  };
  struct Equal {
    const Terms* terms;
    bool operator()(TermId a, TermId b) const;
  };

  std::unique_ptr<Terms> terms_;
  std::unordered_set<TermId, Hash, Equal> ids_;
  std::vector<Edge> edges_;
  std::vector<std::string> notes_;
};

// A source of bytes: fills the buffer and returns how many it wrote, 0 at the end.
using ChunkReader = std::function<Result<size_t>(char* buffer, size_t capacity)>;
// The chunks of bytes already in memory (which must outlive the reader).
ChunkReader chunks_of(std::string_view data);

// Parses RDF like parse() (same safety rules and errors), into a Graph, reading the data as a
// stream of chunks.
Result<Graph> parse_graph(const ChunkReader& read, const std::string& syntax,
                          size_t max_triples = 5'000'000);
// Parses RDF like parse() (same safety rules and errors), into a Graph. syntax "jsonld" reads
// JSON-LD (inline contexts only: a remote @context is never fetched).
Result<Graph> parse_graph(std::string_view data, const std::string& syntax,
                          size_t max_triples = 5'000'000);

// JSON-LD alone (parse_graph dispatches here).
Result<Graph> parse_jsonld(std::string_view data, size_t max_triples);

}  // namespace samverka::rdf
