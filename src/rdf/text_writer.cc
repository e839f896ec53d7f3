// SPDX-License-Identifier: Apache-2.0
// N-Triples and Turtle written directly: one pass, subjects grouped in the order they first
// appear. raptor2's serializers keep the whole graph and sort it, which made catalogue export
// several times slower than the network; they remain in use for RDF/XML.
#include <unordered_map>

#include "rdf/rdf.h"

namespace samverka::rdf {

namespace {

constexpr const char* kRdfType = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";

void append_iri(std::string& out, const std::string& iri) {
  out.push_back('<');
  for (unsigned char c : iri) {
    if (c <= 0x20 || c == '<' || c == '>' || c == '"' || c == '{' || c == '}' || c == '|' ||
        c == '^' || c == '`' || c == '\\') {
      static const char* kHex = "0123456789ABCDEF";
      out += "\\u00";
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  out.push_back('>');
}

void append_string(std::string& out, const std::string& text) {
  out.push_back('"');
  for (char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        out.push_back(c);
    }
  }
  out.push_back('"');
}

// A prefixed name when the IRI is in a known namespace and its local part is plain.
bool append_prefixed(std::string& out, const std::string& iri) {
  for (const auto& [prefix, ns] : prefixes()) {
    if (iri.size() <= ns.size() || iri.compare(0, ns.size(), ns) != 0) continue;
    bool plain = true;
    for (size_t index = ns.size(); index < iri.size() && plain; ++index) {
      char c = iri[index];
      plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || (c == '-' && index > ns.size());
    }
    if (!plain) continue;
    out += prefix;
    out.push_back(':');
    out.append(iri, ns.size(), std::string::npos);
    return true;
  }
  return false;
}

void append_term(std::string& out, const Term& term, bool turtle) {
  if (term.kind == Term::Kind::kIri) {
    if (!turtle || !append_prefixed(out, term.value)) append_iri(out, term.value);
    return;
  }
  append_string(out, term.value);
  if (!term.language.empty()) {
    out.push_back('@');
    out += term.language;
  } else if (!term.datatype.empty()) {
    out += "^^";
    if (!turtle || !append_prefixed(out, term.datatype)) append_iri(out, term.datatype);
  }
}

}  // namespace

std::string write_ntriples(const std::vector<Triple>& triples) {
  std::string out;
  out.reserve(triples.size() * 120);
  for (const auto& triple : triples) {
    append_term(out, triple.subject, false);
    out.push_back(' ');
    append_term(out, triple.predicate, false);
    out.push_back(' ');
    append_term(out, triple.object, false);
    out += " .\n";
  }
  return out;
}

std::string write_turtle(const std::vector<Triple>& triples) {
  std::string out;
  out.reserve(triples.size() * 80);
  for (const auto& [prefix, ns] : prefixes()) out += "@prefix " + prefix + ": <" + ns + "> .\n";
  // Subjects in order of first appearance, each with its triples in input order.
  std::vector<std::string> order;
  std::unordered_map<std::string, std::vector<size_t>> by_subject;
  for (size_t index = 0; index < triples.size(); ++index) {
    auto [entry, added] = by_subject.try_emplace(triples[index].subject.value);
    if (added) order.push_back(triples[index].subject.value);
    entry->second.push_back(index);
  }
  for (const auto& subject : order) {
    const auto& indexes = by_subject[subject];
    out.push_back('\n');
    append_term(out, triples[indexes.front()].subject, true);
    std::string previous_predicate;
    for (size_t position = 0; position < indexes.size(); ++position) {
      const Triple& triple = triples[indexes[position]];
      if (position > 0 && triple.predicate.value == previous_predicate) {
        out += ", ";
      } else {
        out += position == 0 ? "\n    " : " ;\n    ";
        if (triple.predicate.value == kRdfType)
          out.push_back('a');
        else
          append_term(out, triple.predicate, true);
        out.push_back(' ');
      }
      append_term(out, triple.object, true);
      previous_predicate = triple.predicate.value;
    }
    out += " .\n";
  }
  return out;
}

}  // namespace samverka::rdf
