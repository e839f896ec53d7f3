// SPDX-License-Identifier: Apache-2.0
// The SHACL engine's own checks; tests/integration/shacl.test.mjs holds it to rdf-validate-shacl.
#include "quality/shacl.h"

#include <gtest/gtest.h>

#include <set>
#include <tuple>

namespace samverka::quality {
namespace {

std::set<std::tuple<std::string, std::string, std::string>> found(const std::string& turtle) {
  auto graph = rdf::parse_graph(turtle, "turtle", 100000);
  EXPECT_TRUE(graph.ok()) << graph.error().message;
  graph->index();
  std::set<std::tuple<std::string, std::string, std::string>> out;
  for (const ShaclResult& result : ShapesGraph::dcat_ap().validate(graph.value()))
    out.emplace(result.focus, result.path, result.component);
  return out;
}

TEST(Shacl, TheBuiltInDcatApShapesAreReadWhole) {
  const ShapesGraph& shapes = ShapesGraph::dcat_ap();
  EXPECT_GE(shapes.node_shapes(), 33u);
  EXPECT_TRUE(shapes.unsupported().empty()) << shapes.unsupported().front();
}

TEST(Shacl, MissingMandatoryPropertiesWrongKindsAndRangesAreFound) {
  auto results = found(R"(
@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<https://ex.se/d1> a dcat:Dataset ; dct:title "Bad"@sv .
<https://ex.se/d2> a dcat:Dataset ; dct:title "Bra"@sv ; dct:description "Fin."@sv ;
  dcat:distribution <https://ex.se/dist> ; dct:publisher "SCB" .
<https://ex.se/dist> a dcat:Distribution ; dcat:byteSize "stor"^^xsd:decimal .
)");
  using R = std::tuple<std::string, std::string, std::string>;
  const std::string dct = "http://purl.org/dc/terms/";
  const std::string dcat = "http://www.w3.org/ns/dcat#";
  EXPECT_TRUE(results.count(R{"https://ex.se/d1", dct + "description", "MinCount"}));
  EXPECT_TRUE(results.count(R{"https://ex.se/dist", dcat + "accessURL", "MinCount"}));
  EXPECT_TRUE(results.count(R{"https://ex.se/d2", dct + "publisher", "NodeKind"}));
  EXPECT_TRUE(results.count(R{"https://ex.se/dist", dcat + "byteSize", "Datatype"}));
  EXPECT_FALSE(results.count(R{"https://ex.se/d2", dct + "description", "MinCount"}));
}

TEST(Shacl, LexicalFormsOfTheDatatypesDcatApUses) {
  const std::string xsd = "http://www.w3.org/2001/XMLSchema#";
  EXPECT_TRUE(valid_lexical_form("2024-05-01", xsd + "date"));
  EXPECT_FALSE(valid_lexical_form("2024-5-1", xsd + "date"));
  EXPECT_TRUE(valid_lexical_form("12.5", xsd + "decimal"));
  EXPECT_FALSE(valid_lexical_form("stor", xsd + "decimal"));
  EXPECT_TRUE(valid_lexical_form("P1Y2M", xsd + "duration"));
  EXPECT_FALSE(valid_lexical_form("P", xsd + "duration"));
  EXPECT_TRUE(valid_lexical_form("anything", "https://example.se/own-type"));
}

}  // namespace
}  // namespace samverka::quality
