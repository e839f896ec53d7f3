// SPDX-License-Identifier: Apache-2.0
// Turtle in, API body out: expectations written by hand from docs/dcat-mapping.md.
#include "catalog/dcat/dcat_reader.h"

#include <gtest/gtest.h>

#include "core/ids.h"
#include "core/json.h"

namespace samverka::catalog {
namespace {

namespace bj = boost::json;

constexpr const char* kPrefixes =
    "@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .\n"
    "@prefix foaf: <http://xmlns.com/foaf/0.1/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> "
    ".\n"
    "@prefix vcard: <http://www.w3.org/2006/vcard/ns#> .\n";
constexpr const char* kEu = "http://publications.europa.eu/resource/authority/";

rdf::Graph parse(const std::string& turtle) {
  auto graph = rdf::parse_graph(std::string(kPrefixes) + turtle, "turtle", 100000);
  EXPECT_TRUE(graph.ok()) << (graph.ok() ? "" : graph.error().message);
  return std::move(graph).value();
}

bj::value expected(const std::string& text) { return json::parse(text).value(); }

TEST(DcatReader, MapsADatasetWithItsDistributionAndPublisher) {
  rdf::Graph graph = parse(R"(
<https://example.se/ds/1> a dcat:Dataset ;
  dct:title "Luftkvalitet"@sv, "Air quality"@en ;
  dct:description "Mätningar av luften."@sv ;
  dct:identifier "ds-1" ;
  dct:publisher <https://example.se/org> ;
  dcat:theme <http://publications.europa.eu/resource/authority/data-theme/ENVI> ;
  dct:accrualPeriodicity <http://publications.europa.eu/resource/authority/frequency/DAILY> ;
  dct:language <http://publications.europa.eu/resource/authority/language/SWE> ;
  dct:spatial <http://sws.geonames.org/2661886/> ;
  dct:issued "2024-01-02"^^xsd:date ;
  dcat:keyword "luft"@sv, "air"@en, "luft"@sv ;
  dcat:version "1.0" ;
  dcat:landingPage <https://example.se/luft> ;
  dcat:contactPoint [ a vcard:Organization ; vcard:fn "Kundtjänst" ; vcard:hasEmail <mailto:info@example.se> ] ;
  dcat:distribution <https://example.se/ds/1/csv> .
<https://example.se/ds/1/csv> a dcat:Distribution ;
  dcat:accessURL <https://example.se/luft.csv> ;
  dct:format <http://publications.europa.eu/resource/authority/file-type/CSV> ;
  dct:license <http://creativecommons.org/publicdomain/zero/1.0/> ;
  dcat:byteSize "1024" .
<https://example.se/org> foaf:name "Exempelverket"@sv ; dct:identifier "202100-0837" .
)");
  DcatReader reader(graph, "https://portal.example");
  ASSERT_EQ(reader.size(), 1u);
  ImportedDataset dataset = reader.dataset(0);
  EXPECT_EQ(dataset.iri, "https://example.se/ds/1");
  EXPECT_FALSE(dataset.minted_from);
  EXPECT_EQ(dataset.identifier, "ds-1");
  EXPECT_EQ(dataset.publisher_key, "https://example.se/org");
  ASSERT_TRUE(dataset.body.contains("distributions"));
  bj::object distribution = dataset.body["distributions"].as_array()[0].as_object();
  EXPECT_EQ(distribution["id"].as_string().size(), 36u) << "a uuid named after the IRI";
  distribution.erase("id");
  dataset.body.erase("distributions");
  EXPECT_EQ(bj::value(dataset.body), expected(std::string(R"({
    "title": {"sv": "Luftkvalitet", "en": "Air quality"},
    "description": {"sv": "Mätningar av luften."},
    "iri": "https://example.se/ds/1",
    "identifier": "ds-1",
    "contact_point": {"name": "Kundtjänst", "email": "info@example.se"},
    "keywords": {"sv": ["luft"], "en": ["air"]},
    "themes": [")") + kEu + R"(data-theme/ENVI"],
    "landing_page": "https://example.se/luft",
    "frequency": ")" + kEu + R"(frequency/DAILY",
    "languages": [")" + kEu + R"(language/SWE"],
    "spatial": ["http://sws.geonames.org/2661886/"],
    "issued": "2024-01-02",
    "version": "1.0"})"));
  EXPECT_EQ(bj::value(distribution), expected(std::string(R"({
    "access_url": "https://example.se/luft.csv",
    "format": ")") + kEu + R"(file-type/CSV",
    "license": "http://creativecommons.org/publicdomain/zero/1.0/",
    "byte_size": 1024})"));
  EXPECT_TRUE(dataset.warnings.empty());
  const ImportedPublisher& publisher = reader.publishers().at("https://example.se/org");
  EXPECT_EQ(bj::value(publisher.name), expected(R"({"sv": "Exempelverket"})"));
  // Organisation numbers are kept as their ten digits (core/text.h).
  EXPECT_EQ(publisher.org_number, std::optional<std::string>("2021000837"));
  EXPECT_EQ(publisher.identity(), "org:2021000837");
}

TEST(DcatReader, ReadsLiberallyAndSaysWhat) {
  rdf::Graph graph = parse(R"(
[] a dcat:Dataset ;
  dct:Title "Utan språk" ;
  dct:identifier "blank-1" ;
  dct:spatial "ingen IRI" ;
  dcat:distribution [ dcat:byteSize "tio" ] .
)");
  DcatReader reader(graph, "https://portal.example");
  ASSERT_EQ(reader.size(), 1u);
  ImportedDataset dataset = reader.dataset(0);
  EXPECT_EQ(dataset.minted_from, std::optional<std::string>("dct:identifier"));
  EXPECT_EQ(dataset.iri, "https://portal.example/datasets/" + dataset.minted_id);
  EXPECT_EQ(bj::value(dataset.body["title"]), expected(R"({"sv": "Utan språk"})"));
  EXPECT_FALSE(dataset.body.contains("spatial"));
  std::vector<std::string> warnings;
  for (const auto& warning : dataset.warnings)
    warnings.push_back(warning.field + ": " + warning.message);
  EXPECT_EQ(warnings,
            (std::vector<std::string>{
                "title: a text without a language tag was read as Swedish (sv)",
                "spatial: a value that is not an IRI was left out",
                "distributions[0].byte_size: 'tio' is not a whole number of bytes; left out"}));
  EXPECT_EQ(reader.notes(),
            (std::vector<std::string>{
                "<http://purl.org/dc/terms/Title> was read as <http://purl.org/dc/terms/title>"}));
}

// A blank-node distribution's id is made from its fields in a fixed order, so re-importing
// the same file (or harvesting it again) keeps every distribution's id and IRI.
TEST(DcatReader, ABlankNodeDistributionKeepsItsIdAcrossImports) {
  rdf::Graph graph = parse(R"(
<https://example.se/ds/2> a dcat:Dataset ; dct:title "Med fil"@sv ;
  dcat:distribution [ a dcat:Distribution ;
    dct:modified "2024-01-01"^^xsd:date ;
    dct:format <http://publications.europa.eu/resource/authority/file-type/CSV> ;
    dcat:accessURL <https://example.se/a.csv> ;
    dct:title "CSV-fil"@sv ] .
)");
  DcatReader reader(graph, "https://portal.example");
  ImportedDataset dataset = reader.dataset(0);
  const bj::object& distribution = dataset.body["distributions"].as_array()[0].as_object();
  std::string key =
      std::string(R"({"title":{"sv":"CSV-fil"},"access_url":"https://example.se/a.csv",)") +
      R"("format":")" + kEu + R"(file-type/CSV","modified":"2024-01-01"})";
  EXPECT_EQ(distribution.at("id").as_string(),
            ids::name_uuid("distribution:https://example.se/ds/2|" + key));
}

TEST(DcatReader, AFileWithoutDatasetsHasNone) {
  rdf::Graph graph = parse("<https://example.se/x> dct:title \"Inget\"@sv .\n");
  DcatReader reader(graph, "https://portal.example");
  EXPECT_EQ(reader.size(), 0u);
  EXPECT_EQ(reader.data_service_count(), 0u);
}

}  // namespace
}  // namespace samverka::catalog
