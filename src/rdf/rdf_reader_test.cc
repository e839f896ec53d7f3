// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

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
  struct Case { const char* data; const char* syntax; };
  const Case cases[] = {
      {"this is not RDF at all", "turtle"},
      {"<http://a.se/s> <http://a.se/p> \"unterminated .", "ntriples"},
      {"<?xml version=\"1.0\"?><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><rdf:Description", "rdfxml"},
      {"", "turtle"},
  };
  for (const auto& test_case : cases) {
    auto triples = parse(test_case.data, test_case.syntax);
    ASSERT_FALSE(triples.ok()) << test_case.data;
    EXPECT_EQ(triples.error().code, ErrorCode::kBadRequest) << test_case.data;
  }
}

TEST(RdfReader, NeverReadsExternalEntities) {
  std::string secret_file = (std::filesystem::temp_directory_path() /
                             ("samverka-secret-" + std::to_string(::getpid()))).string();
  std::ofstream(secret_file) << "TOP-SECRET";
  std::string xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE rdf:RDF [ <!ENTITY secret SYSTEM \"file://" +
                    secret_file + "\"> ]>\n"
                    "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" "
                    "xmlns:dct=\"http://purl.org/dc/terms/\">"
                    "<rdf:Description rdf:about=\"http://a.se/d\"><dct:title>&secret;</dct:title>"
                    "</rdf:Description></rdf:RDF>";
  auto triples = parse(xml, "rdfxml");
  if (triples.ok()) {
    for (const auto& triple : triples.value()) EXPECT_EQ(triple.object.value.find("TOP-SECRET"), std::string::npos);
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
}

}  // namespace
}  // namespace samverka::rdf
