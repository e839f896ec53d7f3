// SPDX-License-Identifier: Apache-2.0
#include "rdf/graph.h"

#include <algorithm>
#include <functional>

namespace samverka::rdf {

size_t Graph::Hash::operator()(TermId id) const {
  const Term& term = terms->resolve(id);
  size_t hash = std::hash<std::string>{}(term.value);
  hash ^= std::hash<std::string>{}(term.language) * 31 + static_cast<size_t>(term.kind);
  hash ^= std::hash<std::string>{}(term.datatype) * 131;
  return hash;
}

bool Graph::Equal::operator()(TermId a, TermId b) const {
  const Term& left = terms->resolve(a);
  const Term& right = terms->resolve(b);
  return left.kind == right.kind && left.value == right.value &&
         left.language == right.language && left.datatype == right.datatype;
}

Graph::Graph()
    : terms_(std::make_unique<Terms>()), ids_(64, Hash{terms_.get()}, Equal{terms_.get()}) {}

Graph::TermId Graph::find(const Term& term) const {
  terms_->probe = &term;
  auto found = ids_.find(kProbe);
  terms_->probe = nullptr;
  return found == ids_.end() ? kNone : *found;
}

Graph::TermId Graph::find_iri(std::string_view iri) const {
  return find(Term::iri(std::string(iri)));
}

Graph::TermId Graph::intern(Term term) {
  TermId existing = find(term);
  if (existing != kNone) return existing;
  auto id = static_cast<TermId>(terms_->terms.size());
  terms_->terms.push_back(std::move(term));
  ids_.insert(id);
  return id;
}

void Graph::add(Term subject, Term predicate, Term object) {
  Edge edge{intern(std::move(subject)), intern(std::move(predicate)), intern(std::move(object))};
  edges_.push_back(edge);
}

void Graph::index() {
  std::stable_sort(edges_.begin(), edges_.end(),
                   [](const Edge& a, const Edge& b) { return a.subject < b.subject; });
}

std::span<const Graph::Edge> Graph::about(TermId subject) const {
  auto range = std::equal_range(edges_.begin(), edges_.end(), Edge{subject, 0, 0},
                                [](const Edge& a, const Edge& b) { return a.subject < b.subject; });
  return {range.first, range.second};
}

}  // namespace samverka::rdf
