// SPDX-License-Identifier: Apache-2.0
#include "rdf/graph.h"

#include <algorithm>
#include <functional>

namespace samverka::rdf {

size_t Graph::Hash::operator()(TermId id) const {
  TermView term = terms->resolve(id);
  size_t hash = std::hash<std::string_view>{}(term.value);
  hash ^= std::hash<std::string_view>{}(term.language) * 31 + static_cast<size_t>(term.kind);
  hash ^= std::hash<std::string_view>{}(term.datatype) * 131;
  return hash;
}

bool Graph::Equal::operator()(TermId a, TermId b) const {
  TermView left = terms->resolve(a);
  TermView right = terms->resolve(b);
  return left.kind == right.kind && left.value == right.value && left.language == right.language &&
         left.datatype == right.datatype;
}

Graph::Graph()
    : terms_(std::make_unique<Terms>()), ids_(64, Hash{terms_.get()}, Equal{terms_.get()}) {}

Graph::TermId Graph::find(const TermView& view) const {
  terms_->probe = &view;
  auto found = ids_.find(kProbe);
  terms_->probe = nullptr;
  return found == ids_.end() ? kNone : *found;
}

Graph::TermId Graph::find_iri(std::string_view iri) const {
  return find(TermView{Term::Kind::kIri, iri, {}, {}});
}

Graph::TermId Graph::intern(const TermView& view) {
  TermId existing = find(view);
  if (existing != kNone) return existing;
  auto id = static_cast<TermId>(terms_->terms.size());
  terms_->terms.push_back(
      {view.kind, std::string(view.value), std::string(view.language), std::string(view.datatype)});
  ids_.insert(id);
  return id;
}

void Graph::add(const TermView& subject, const TermView& predicate, const TermView& object) {
  Edge edge{intern(subject), intern(predicate), intern(object)};
  edges_.push_back(edge);
}

void Graph::add(const Term& subject, const Term& predicate, const Term& object) {
  add(view_of(subject), view_of(predicate), view_of(object));
}

void Graph::merge(const Graph& other, std::string_view blank_prefix) {
  std::vector<TermId> mapped(other.terms_->terms.size(), kNone);
  std::string label;
  auto map = [&](TermId id) {
    if (mapped[id] != kNone) return mapped[id];
    TermView view = view_of(other.term(id));
    if (view.kind == Term::Kind::kBlank) {
      label.assign(blank_prefix);
      label.append(view.value);
      view.value = label;
    }
    return mapped[id] = intern(view);
  };
  edges_.reserve(edges_.size() + other.edges_.size());
  for (const Edge& edge : other.edges_) {
    TermId subject = map(edge.subject);
    TermId predicate = map(edge.predicate);
    TermId object = map(edge.object);
    edges_.push_back(Edge{subject, predicate, object});
  }
  for (const std::string& note : other.notes_) notes_.push_back(note);
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
