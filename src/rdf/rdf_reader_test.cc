// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "rdf/graph.h"
#include "rdf/rdf.h"

namespace samverka::rdf {
namespace {

TEST(RdfReader, ParsesTurtleRdfXmlAndNTriplesToTheSameTriples) {
  const char* turtle = R"(@prefix dct: <http://purl.org/dc/terms/> .
<http://example.org/d1> dct:title "Befolkning"@sv ; dct:issued "2024-01-01"^^<http://www.w3.org/2001/XMLSchema#date> ;
  dct:publisher [ <http://xmlns.com/foaf/0.1/name> "SCB"@sv ] .)";
  const char* rdfxml = R"(<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:dct="http://purl.org/dc/terms/" xmlns:foaf="http://xmlns.com/foaf/0.1/">
  <rdf:Description rdf:about="http://example.org/d1">
    <dct:title xml:lang="sv">Befolkning</dct:title>
    <dct:issued rdf:datatype="http://www.w3.org/2001/XMLSchema#date">2024-01-01</dct:issued>
    <dct:publisher><rdf:Description><foaf:name xml:lang="sv">SCB</foaf:name></rdf:Description></dct:publisher>
  </rdf:Description>
</rdf:RDF>)";
  for (auto [data, syntax] : {std::pair{turtle, "turtle"}, std::pair{rdfxml, "rdfxml"},
                              std::pair{turtle, "guess"}, std::pair{rdfxml, "guess"}}) {
    auto triples = parse(data, syntax);
    ASSERT_TRUE(triples.ok()) << syntax << ": " << triples.error().message;
    ASSERT_EQ(triples->size(), 4u) << syntax;
    bool title = false, blank = false, date = false;
    for (const auto& triple : triples.value()) {
      title |= triple.object.value == "Befolkning" && triple.object.language == "sv";
      blank |= triple.subject.kind == Term::Kind::kBlank;
      date |= triple.object.datatype == "http://www.w3.org/2001/XMLSchema#date";
    }
    EXPECT_TRUE(title && blank && date) << syntax;
  }
}

TEST(RdfReader, SkipsAByteOrderMark) {
  auto triples = parse("\xEF\xBB\xBF<http://a.se/s> <http://a.se/p> \"o\" .\n", "ntriples");
  ASSERT_TRUE(triples.ok()) << triples.error().message;
  EXPECT_EQ(triples->size(), 1u);
}

TEST(RdfReader, RefusesWhatIsNotRdf) {
  struct Case {
    const char* data;
    const char* syntax;
  };
  const Case cases[] = {
      {"this is not RDF at all", "turtle"},
      {"<http://a.se/s> <http://a.se/p> \"unterminated .", "ntriples"},
      {"<?xml version=\"1.0\"?><rdf:RDF "
       "xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><rdf:Description",
       "rdfxml"},
      {"", "turtle"},
  };
  for (const auto& test_case : cases) {
    auto triples = parse(test_case.data, test_case.syntax);
    ASSERT_FALSE(triples.ok()) << test_case.data;
    EXPECT_EQ(triples.error().code, ErrorCode::kBadRequest) << test_case.data;
  }
}

TEST(RdfReader, NeverReadsExternalEntities) {
  std::string secret_file =
      (std::filesystem::temp_directory_path() / ("samverka-secret-" + std::to_string(::getpid())))
          .string();
  std::ofstream(secret_file) << "TOP-SECRET";
  std::string xml =
      "<?xml version=\"1.0\"?>\n<!DOCTYPE rdf:RDF [ <!ENTITY secret SYSTEM \"file://" +
      secret_file +
      "\"> ]>\n"
      "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" "
      "xmlns:dct=\"http://purl.org/dc/terms/\">"
      "<rdf:Description rdf:about=\"http://a.se/d\"><dct:title>&secret;</dct:title>"
      "</rdf:Description></rdf:RDF>";
  auto triples = parse(xml, "rdfxml");
  if (triples.ok()) {
    for (const auto& triple : triples.value())
      EXPECT_EQ(triple.object.value.find("TOP-SECRET"), std::string::npos);
  }
  std::filesystem::remove(secret_file);
}

TEST(RdfReader, BoundsTheNumberOfTriples) {
  std::string many;
  for (int index = 0; index < 100; ++index) {
    many += "<http://a.se/s" + std::to_string(index) + "> <http://a.se/p> \"o\" .\n";
  }
  auto triples = parse(many, "ntriples", 50);
  ASSERT_FALSE(triples.ok());
  EXPECT_EQ(triples.error().code, ErrorCode::kPayloadTooLarge);
}

TEST(RdfReader, ChoosesASyntaxFromMediaTypeOrExtension) {
  EXPECT_EQ(syntax_for("application/rdf+xml"), "rdfxml");
  EXPECT_EQ(syntax_for("text/turtle; charset=utf-8"), "turtle");
  EXPECT_EQ(syntax_for("nt"), "ntriples");
  EXPECT_EQ(syntax_for("application/octet-stream"), "guess");
  EXPECT_EQ(syntax_for("application/ld+json"), "jsonld");
  EXPECT_EQ(syntax_for("jsonld"), "jsonld");
}

// The set of triples as N-Triples-like lines, blank node labels replaced by "_".
std::multiset<std::string> lines_of(const std::vector<Triple>& triples) {
  auto show = [](const Term& term) {
    if (term.kind == Term::Kind::kBlank) return std::string("_");
    if (term.kind == Term::Kind::kIri) return "<" + term.value + ">";
    return "\"" + term.value + "\"@" + term.language + "^^" + term.datatype;
  };
  std::multiset<std::string> out;
  for (const auto& triple : triples)
    out.insert(show(triple.subject) + " " + show(triple.predicate) + " " + show(triple.object));
  return out;
}

TEST(JsonLdReader, ExpandsContextsToTheSameTriplesAsTurtle) {
  const char* turtle =
      R"(@prefix dct: <http://purl.org/dc/terms/> . @prefix dcat: <http://www.w3.org/ns/dcat#> .
<https://e.se/d/1> a dcat:Dataset ; dct:title "Vatten"@sv, "Water"@en ; dcat:keyword "sjö"@sv ;
  dct:issued "2024-01-01"^^<http://www.w3.org/2001/XMLSchema#date> ; dcat:byteSize 12 ;
  dct:publisher <https://e.se/org> ; dcat:landingPage <https://e.se/d/1.html> ;
  dcat:distribution [ a dcat:Distribution ; dcat:accessURL <https://e.se/d/1.csv> ] .)";
  const char* jsonld = R"({
    "@context": [{"dcat": "http://www.w3.org/ns/dcat#", "dct": "http://purl.org/dc/terms/",
                  "xsd": "http://www.w3.org/2001/XMLSchema#"},
                 {"title": {"@id": "dct:title", "@container": "@language"},
                  "keyword": {"@id": "dcat:keyword", "@language": "sv"},
                  "issued": {"@id": "dct:issued", "@type": "xsd:date"},
                  "landing": {"@id": "dcat:landingPage", "@type": "@id"},
                  "@base": "https://e.se/"}],
    "@graph": [{"@id": "d/1", "@type": "dcat:Dataset", "title": {"sv": "Vatten", "en": ["Water"]},
                "keyword": "sjö", "issued": "2024-01-01", "dcat:byteSize": 12,
                "dct:publisher": {"@id": "https://e.se/org"}, "landing": "https://e.se/d/1.html",
                "dcat:distribution": {"@type": "dcat:Distribution",
                                      "dcat:accessURL": {"@id": "https://e.se/d/1.csv"}}}]})";
  auto from_turtle = parse(turtle, "turtle");
  auto from_jsonld = parse(jsonld, "guess");
  ASSERT_TRUE(from_turtle.ok()) << from_turtle.error().message;
  ASSERT_TRUE(from_jsonld.ok()) << from_jsonld.error().message;
  EXPECT_EQ(lines_of(from_jsonld.value()), lines_of(from_turtle.value()));
}

TEST(JsonLdReader, RefusesWhatItCannotReadSafely) {
  struct Case {
    const char* data;
    const char* message;
  };
  const Case cases[] = {
      {R"({"@context": "https://w3id.org/dcat-ap/context.jsonld", "@id": "https://e.se/x"})",
       "not fetched"},
      {R"({"@context": {"a": 5}, "@id": "https://e.se/x"})", "must be a string or an object"},
      {R"({"@context": {}, "@id": 5})", "@id must be a string"},
      {R"({"@context": {)", "not valid JSON-LD"},
      {R"({"@context": {}})", "no RDF triples"},
  };
  for (const auto& test_case : cases) {
    auto triples = parse(test_case.data, "jsonld");
    ASSERT_FALSE(triples.ok()) << test_case.data;
    EXPECT_EQ(triples.error().code, ErrorCode::kBadRequest) << test_case.data;
    EXPECT_NE(triples.error().message.find(test_case.message), std::string::npos)
        << triples.error().message;
  }
  std::string deep = "{\"@id\": \"https://e.se/x\", \"http://e.se/p\": ";
  for (int level = 0; level < 100; ++level) deep += "{\"http://e.se/p\": ";
  deep += "\"x\"" + std::string(101, '}');
  auto nested = parse(deep, "jsonld");
  ASSERT_FALSE(nested.ok());
  EXPECT_NE(nested.error().message.find("nest"), std::string::npos) << nested.error().message;
}

TEST(RdfReader, RefusesTextThatIsNotUtf8) {
  auto latin1 = parse("<http://a.se/s> <http://a.se/p> \"V\xE4xj\xF6\" .\n", "ntriples");
  ASSERT_FALSE(latin1.ok());
  EXPECT_NE(latin1.error().message.find("not valid UTF-8: byte 34 (line 1)"), std::string::npos)
      << latin1.error().message;
}

TEST(Graph, MergedPagesKeepTheirBlankNodesApartAndShareTheirIris) {
  auto first = parse_graph("<https://a.se/d1> <https://a.se/p> _:b0 .\n", "ntriples");
  auto second = parse_graph("<https://a.se/d1> <https://a.se/p> _:b0 .\n", "ntriples");
  ASSERT_TRUE(first.ok() && second.ok());
  Graph merged;
  merged.merge(first.value(), "page1-");
  merged.merge(second.value(), "page2-");
  ASSERT_EQ(merged.size(), 2u);
  const auto& edges = merged.edges();
  EXPECT_EQ(edges[0].subject, edges[1].subject) << "the same IRI is one term";
  EXPECT_NE(edges[0].object, edges[1].object) << "_:b0 of two pages are two nodes";
  EXPECT_EQ(merged.term(edges[0].object).kind, Term::Kind::kBlank);
  EXPECT_EQ(merged.term(edges[1].object).value.rfind("page2-", 0), 0u);
}

}  // namespace
}  // namespace samverka::rdf
