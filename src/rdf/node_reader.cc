// SPDX-License-Identifier: Apache-2.0
#include "rdf/node_reader.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "core/text.h"
#include "rdf/namespaces.h"

namespace samverka::rdf {

namespace bj = boost::json;

namespace {}  // namespace

std::string language_tag(const std::string& tag) {
  std::string out = text::ascii_lower(tag);
  if (size_t dash = out.find('-'); dash != std::string::npos && out.size() - dash == 3) {
    for (size_t index = dash + 1; index < out.size(); ++index) {
      out[index] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[index])));
    }
  }
  return out;
}

NodeReader::NodeReader(Graph& graph, const std::vector<std::string>& known_predicates)
    : graph_(graph) {
  for (const auto& iri : known_predicates) by_lower_[text::ascii_lower(iri)] = iri;
}

std::vector<std::string> NodeReader::notes() const {
  std::vector<std::string> all = graph_.notes();  // the parser's first: what it left out
  all.insert(all.end(), notes_.begin(), notes_.end());
  return all;
}

// The properties of a node, with misspelt predicate names read as the known ones.
NodeReader::Properties NodeReader::properties(Graph::TermId subject) {
  Properties out;
  for (const auto& edge : graph_.about(subject)) {
    const std::string& predicate = graph_.term(edge.predicate).value;
    auto& objects = out[canonical(predicate)];
    if (std::find(objects.begin(), objects.end(), edge.object) == objects.end()) {
      objects.push_back(edge.object);
    }
  }
  return out;
}

const std::string& NodeReader::canonical(const std::string& predicate) {
  auto cached = canonical_.find(predicate);
  if (cached != canonical_.end()) return cached->second;
  std::string result = predicate;
  auto known = by_lower_.find(text::ascii_lower(predicate));
  if (known != by_lower_.end() && known->second != predicate) {
    result = known->second;
    notes_.insert("<" + predicate + "> was read as <" + result + ">");
  }
  return canonical_.emplace(predicate, std::move(result)).first->second;
}

// Subjects typed `type`, and objects of `listed` (a catalogue's dcat:dataset or dcat:service).
std::vector<Graph::TermId> NodeReader::subjects(const std::string& type_iri,
                                                const std::string& listed_iri) {
  std::vector<Graph::TermId> out;
  std::set<Graph::TermId> seen;
  Graph::TermId type = graph_.find_iri(ns::kRdfType);
  Graph::TermId type_class = graph_.find_iri(type_iri);
  Graph::TermId listed = graph_.find_iri(listed_iri);
  for (const auto& edge : graph_.edges()) {
    bool typed = edge.predicate == type && edge.object == type_class && type_class != Graph::kNone;
    bool in_catalog = edge.predicate == listed && listed != Graph::kNone;
    Graph::TermId subject = typed ? edge.subject : in_catalog ? edge.object : Graph::kNone;
    if (subject != Graph::kNone && graph_.term(subject).kind != Term::Kind::kLiteral &&
        seen.insert(subject).second) {
      out.push_back(subject);
    }
  }
  return out;
}

// Refused for temporaries: the list would dangle in a range-for.
const std::vector<Graph::TermId>& NodeReader::values(const Properties& properties,
                                                     const std::string& predicate) {
  static const std::vector<Graph::TermId> kEmpty;
  auto found = properties.find(predicate);
  return found == properties.end() ? kEmpty : found->second;
}

// Free text: one text per language; untagged literals are read as Swedish.
std::optional<bj::object> NodeReader::language_map(const Properties& properties,
                                                   const std::string& predicate,
                                                   const std::string& field,
                                                   std::vector<FieldError>& warnings) {
  bj::object map;
  for (Graph::TermId id : values(properties, predicate)) {
    const Term& term = graph_.term(id);
    if (term.kind != Term::Kind::kLiteral) continue;
    std::string language = term.language.empty() ? "sv" : language_tag(term.language);
    if (term.language.empty()) {
      warnings.push_back({field, "a text without a language tag was read as Swedish (sv)"});
    }
    std::string text = text::trimmed(term.value);
    if (text.empty()) continue;
    if (map.contains(language)) {
      if (map[language].get_string() != text) {
        warnings.push_back(
            {field + "." + language, "holds more than one text; only the first is kept"});
      }
      continue;
    }
    map[language] = text;
  }
  if (map.empty()) return std::nullopt;
  return map;
}

// IRIs of a property; blank nodes and literals are dropped with a warning unless the
// literal itself is an absolute IRI.
bj::array NodeReader::iri_list(const Properties& properties, const std::string& predicate,
                               const std::string& field, std::vector<FieldError>& warnings) {
  bj::array out;
  for (Graph::TermId id : values(properties, predicate)) {
    std::string iri = iri_of(id);
    if (iri.empty()) {
      warnings.push_back({field, "a value that is not an IRI was left out"});
      continue;
    }
    out.push_back(bj::value(iri));
  }
  return out;
}

std::string NodeReader::iri_of(Graph::TermId id) const {
  const Term& term = graph_.term(id);
  if (term.kind == Term::Kind::kIri) return term.value;
  if (term.kind == Term::Kind::kLiteral && text::is_absolute_iri(text::trimmed(term.value)) &&
      term.value.find("://") != std::string::npos) {
    return text::trimmed(term.value);
  }
  return "";
}

std::string NodeReader::literal_of(Graph::TermId id) const {
  const Term& term = graph_.term(id);
  return term.kind == Term::Kind::kLiteral ? text::trimmed(term.value) : std::string();
}

std::string NodeReader::first_literal(const Properties& properties,
                                      const std::string& predicate) const {
  for (Graph::TermId id : values(properties, predicate)) {
    std::string text = literal_of(id);
    if (!text.empty()) return text;
  }
  return "";
}

// Vocabulary values: IRIs (or codes given as literals); the catalogue's rules check them.
bj::array NodeReader::codes(const Properties& properties, const std::string& predicate) const {
  bj::array out;
  for (Graph::TermId id : values(properties, predicate)) {
    const Term& term = graph_.term(id);
    std::string value = term.kind == Term::Kind::kIri ? term.value : text::trimmed(term.value);
    if (term.kind == Term::Kind::kBlank || value.empty()) continue;
    if (std::find(out.begin(), out.end(), bj::value(value)) == out.end())
      out.push_back(bj::value(value));
  }
  return out;
}

}  // namespace samverka::rdf
