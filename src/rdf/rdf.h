// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/result.h"

namespace samverka::rdf {

// An RDF term: an IRI, a blank node (read from files; the catalogue mints IRIs for every node it
// writes) or a literal (with a language tag or a datatype).
struct Term {
  enum class Kind { kIri, kLiteral, kBlank };
  Kind kind = Kind::kIri;
  std::string value;
  std::string language;  // literals only
  std::string datatype;  // literals only; empty: xsd:string (or rdf:langString with a language)

  static Term iri(std::string value) { return {Kind::kIri, std::move(value), {}, {}}; }
  static Term text(std::string value, std::string language) {
    return {Kind::kLiteral, std::move(value), std::move(language), {}};
  }
  static Term typed(std::string value, std::string datatype) {
    return {Kind::kLiteral, std::move(value), {}, std::move(datatype)};
  }
};

struct Triple {
  Term subject;
  Term predicate;
  Term object;
};

enum class Format { kTurtle, kNTriples, kRdfXml, kJsonLd };

// The media type and file extension of a format.
const char* media_type(Format format);
// Parses "ttl", "nt", "rdf", "jsonld"; false when unknown.
bool format_from_extension(const std::string& extension, Format& format);
// Picks a format from an Accept header (Turtle when nothing matches).
Format format_from_accept(const std::string& accept);

// Well-known namespaces, used as prefixes in Turtle and RDF/XML and as the JSON-LD context.
const std::vector<std::pair<std::string, std::string>>& prefixes();

// Parses RDF (syntax "rdfxml", "turtle", "ntriples", or "guess" to sniff the content) into
// triples. Nothing outside the data is ever read: no network, no files, no external XML
// entities. A leading byte-order mark is skipped. Syntax errors: kBadRequest with the first
// error and its line. At most max_triples triples (kPayloadTooLarge past that).
Result<std::vector<Triple>> parse(std::string_view data, const std::string& syntax,
                                  size_t max_triples = 5'000'000);

// The raptor2 syntax name for a media type (Content-Type) or file extension; "guess" otherwise.
std::string syntax_for(const std::string& media_type_or_extension);
// The syntax of a fetched or read document: its Content-Type (parameters ignored; "" for a
// file), else the extension of its location (a file name, or a URL whose query and fragment
// are ignored); "guess" otherwise.
std::string syntax_of_document(std::string_view content_type, std::string_view location);
// The Accept header of a fetch of RDF: the syntaxes read here, Turtle first.
inline constexpr const char* kAcceptRdf =
    "text/turtle, application/rdf+xml;q=0.9, application/ld+json;q=0.8, "
    "application/n-triples;q=0.7, */*;q=0.1";

// Serialises triples: RDF/XML through raptor2; Turtle, N-Triples and JSON-LD written directly.
Result<std::string> serialize(const std::vector<Triple>& triples, Format format);

}  // namespace samverka::rdf
