// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <vector>

// The fields of the API's JSON that map one to one onto a DCAT-AP-SE property. The writer
// (JSON to RDF) and the reader (RDF to JSON) both walk these tables, so the two directions
// cannot disagree on a predicate, a vocabulary or a range. Fields that need more than one
// triple or a node of their own (publisher, contact point, keywords, temporal, licence,
// format, checksum...) are mapped by hand in both, following docs/dcat-mapping.md.
namespace samverka::catalog::dcat_fields {

enum class Shape {
  kText,      // {"sv": "...", "en": "..."}: one literal per language
  kCode,      // one value of `vocabulary`: its IRI out, an IRI or code in
  kCodeList,  // a list of such values
  kIri,       // one IRI
  kIriList,   // a list of IRIs
  kDate,      // xsd:date, xsd:gYear or xsd:dateTime by its length
  kLiteral,   // xsd:string
};

struct Mapping {
  const char* field;
  const char* predicate;  // full IRI
  Shape shape;
  const char* vocabulary = nullptr;  // codes only
  // The rdf:type written for each referenced node. For codes, nullptr writes a skos:Concept
  // with its labels; for IRIs, nullptr writes no type.
  const char* range = nullptr;
};

const std::vector<Mapping>& dataset();       // after the title, description and publisher
const std::vector<Mapping>& data_service();  // likewise
const std::vector<Mapping>& distribution();

}  // namespace samverka::catalog::dcat_fields
