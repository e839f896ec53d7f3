// SPDX-License-Identifier: Apache-2.0
// A stored dataset in, DCAT-AP-SE triples out: the expected triples are written by hand from
// docs/dcat-mapping.md.
#include "catalog/dcat/dcat_writer.h"

#include <gtest/gtest.h>

#include <set>

#include "core/json.h"

namespace samverka::catalog {
namespace {

std::string show(const rdf::Term& term) {
  if (term.kind == rdf::Term::Kind::kIri) return "<" + term.value + ">";
  if (term.kind == rdf::Term::Kind::kBlank) return "_:" + term.value;
  std::string out = "\"" + term.value + "\"";
  if (!term.language.empty()) out += "@" + term.language;
  if (!term.datatype.empty()) out += "^^<" + term.datatype + ">";
  return out;
}

std::set<std::string> lines_of(const std::vector<rdf::Triple>& triples) {
  std::set<std::string> lines;
  for (const auto& triple : triples) {
    lines.insert(show(triple.subject) + " " + show(triple.predicate) + " " + show(triple.object));
  }
  return lines;
}

TEST(DcatWriter, WritesADatasetAsDcatApSe) {
  DatasetRecord record;
  record.id = "0b6f3c1e-0000-4000-8000-000000000001";
  record.publisher_id = "org-1";
  record.state = DatasetState::kPublished;
  record.document = json::parse(R"({
    "iri": "https://example.se/ds/1",
    "title": {"sv": "Luftkvalitet", "en": "Air quality"},
    "keywords": {"sv": ["luft"]},
    "themes": ["ENVI"],
    "frequency": "DAILY",
    "languages": ["SWE"],
    "spatial": ["http://sws.geonames.org/2661886/"],
    "issued": "2024-01-02",
    "version": "1.0",
    "landing_page": "https://example.se/luft",
    "distributions": [{"id": "d1", "access_url": "https://example.se/luft.csv", "format": "CSV",
                       "license": "http://creativecommons.org/publicdomain/zero/1.0/",
                       "byte_size": 1024}]})")
                        .value()
                        .as_object();
  Organization publisher;
  publisher.id = "org-1";
  publisher.name_sv = "Exempelverket";
  publisher.org_number = "2021000837";

  DcatWriter writer("https://portal.example");
  writer.dataset(record, &publisher);
  std::set<std::string> written = lines_of(writer.triples());

  const std::string ds = "<https://example.se/ds/1> ";
  const std::string dist =
      "<https://portal.example/datasets/0b6f3c1e-0000-4000-8000-000000000001/distributions/d1> ";
  const std::string org = "<https://portal.example/organizations/org-1>";
  const std::string eu = "http://publications.europa.eu/resource/authority/";
  const std::string dcat = "http://www.w3.org/ns/dcat#", dct = "http://purl.org/dc/terms/";
  const std::string type = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> ";
  const std::string xsd = "http://www.w3.org/2001/XMLSchema#";
  const std::vector<std::string> expected = {
      ds + type + "<" + dcat + "Dataset>",
      ds + "<" + dct + "title> \"Luftkvalitet\"@sv",
      ds + "<" + dct + "title> \"Air quality\"@en",
      // No dct:identifier in the document: the record's id is the identifier.
      ds + "<" + dct + "identifier> \"0b6f3c1e-0000-4000-8000-000000000001\"^^<" + xsd + "string>",
      ds + "<" + dct + "publisher> " + org,
      org + " " + type + "<http://xmlns.com/foaf/0.1/Organization>",
      org + " <http://xmlns.com/foaf/0.1/name> \"Exempelverket\"@sv",
      org + " <" + dct + "identifier> \"2021000837\"^^<" + xsd + "string>",
      ds + "<" + dcat + "keyword> \"luft\"@sv",
      ds + "<" + dcat + "theme> <" + eu + "data-theme/ENVI>",
      "<" + eu + "data-theme/ENVI> " + type + "<http://www.w3.org/2004/02/skos/core#Concept>",
      ds + "<" + dct + "accrualPeriodicity> <" + eu + "frequency/DAILY>",
      "<" + eu + "frequency/DAILY> " + type + "<" + dct + "Frequency>",
      ds + "<" + dct + "language> <" + eu + "language/SWE>",
      ds + "<" + dct + "spatial> <http://sws.geonames.org/2661886/>",
      "<http://sws.geonames.org/2661886/> " + type + "<" + dct + "Location>",
      ds + "<" + dcat + "landingPage> <https://example.se/luft>",
      ds + "<" + dct + "issued> \"2024-01-02\"^^<" + xsd + "date>",
      ds + "<" + dcat + "version> \"1.0\"^^<" + xsd + "string>",
      ds + "<" + dcat + "distribution> " + dist.substr(0, dist.size() - 1),
      dist + type + "<" + dcat + "Distribution>",
      dist + "<" + dcat + "accessURL> <https://example.se/luft.csv>",
      dist + "<" + dct + "format> <" + eu + "file-type/CSV>",
      dist + "<" + dct + "license> <http://creativecommons.org/publicdomain/zero/1.0/>",
      "<http://creativecommons.org/publicdomain/zero/1.0/> " + type + "<" + dct +
          "LicenseDocument>",
      dist + "<" + dcat + "byteSize> \"1024\"^^<" + xsd + "nonNegativeInteger>",
  };
  for (const auto& line : expected) EXPECT_TRUE(written.count(line)) << "missing: " << line;
  for (const auto& triple : writer.triples()) {
    EXPECT_NE(triple.subject.kind, rdf::Term::Kind::kBlank) << "no blank nodes";
    EXPECT_NE(triple.object.kind, rdf::Term::Kind::kBlank) << "no blank nodes";
    if (triple.object.kind == rdf::Term::Kind::kLiteral && triple.object.datatype.empty()) {
      EXPECT_FALSE(triple.object.language.empty())
          << "free text has a language: " << show(triple.object);
    }
  }
  // Nothing the document does not hold: no description, no contact point, no temporal.
  for (const auto& line : written) {
    EXPECT_EQ(line.find(dct + "description"), std::string::npos) << line;
    EXPECT_EQ(line.find(dcat + "contactPoint"), std::string::npos) << line;
  }
}

}  // namespace
}  // namespace samverka::catalog
