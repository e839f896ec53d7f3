// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <boost/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/result.h"
#include "rdf/graph.h"

namespace samverka::rdf {

// Reads the nodes of a parsed graph leniently, the way files from real publishers need: a
// predicate that differs from a known one only in letter case is read as the known one (and
// noted), untagged text is read as Swedish (with a warning), a literal holding an absolute IRI
// counts as that IRI, values are trimmed and duplicates dropped. Used by the DCAT mapping; a
// harvester reading other RDF vocabularies can use it too. Not thread-safe; the graph must
// outlive it.
class NodeReader {
 public:
  // known_predicates: the full IRIs the caller reads.
  NodeReader(Graph& graph, const std::vector<std::string>& known_predicates);

  // The properties of a node by (canonical) predicate IRI, objects in file order, once each.
  using Properties = std::unordered_map<std::string, std::vector<Graph::TermId>>;
  Properties properties(Graph::TermId subject);
  // Subjects typed `type_iri`, and objects of `listed_iri` (a catalogue's dcat:dataset), in
  // file order, once each; literals are never subjects.
  std::vector<Graph::TermId> subjects(const std::string& type_iri, const std::string& listed_iri);
  // The objects of one predicate (none when absent). Refused for temporaries: the list would
  // dangle in a range-for.
  static const std::vector<Graph::TermId>& values(Properties&& properties,
                                                  const std::string& predicate) = delete;
  static const std::vector<Graph::TermId>& values(const Properties& properties,
                                                  const std::string& predicate);

  // Free text: one text per language; more than one in a language keeps the first (warned).
  std::optional<boost::json::object> language_map(const Properties& properties,
                                                  const std::string& predicate,
                                                  const std::string& field,
                                                  std::vector<FieldError>& warnings);
  // IRIs of a property; blank nodes and other literals are dropped with a warning on `field`.
  boost::json::array iri_list(const Properties& properties, const std::string& predicate,
                              const std::string& field, std::vector<FieldError>& warnings);
  // Codes or IRIs of controlled values (blank nodes dropped), once each.
  boost::json::array codes(const Properties& properties, const std::string& predicate) const;
  std::string iri_of(Graph::TermId id) const;      // "" when it is not one
  std::string literal_of(Graph::TermId id) const;  // trimmed; "" for IRIs and blank nodes
  std::string first_literal(const Properties& properties, const std::string& predicate) const;

  // Remarks on the whole file (misspelt predicates read as known ones, and the caller's own).
  void note(std::string remark) { notes_.insert(std::move(remark)); }
  std::vector<std::string> notes() const;

 private:
  const std::string& canonical(const std::string& predicate);

  Graph& graph_;
  std::unordered_map<std::string, std::string> by_lower_;
  std::unordered_map<std::string, std::string> canonical_;
  std::set<std::string> notes_;
};

// "SV-se" -> "sv-SE": the primary language lower case, a region upper case.
std::string language_tag(const std::string& tag);

}  // namespace samverka::rdf
