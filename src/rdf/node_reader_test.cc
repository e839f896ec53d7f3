// SPDX-License-Identifier: Apache-2.0
#include "rdf/node_reader.h"

#include <gtest/gtest.h>

namespace samverka::rdf {
namespace {

TEST(NodeReader, ReadsMisspeltPredicatesUntaggedTextAndIriLiteralsLeniently) {
  auto graph = parse_graph(
      "@prefix dct: <http://purl.org/dc/terms/> .\n"
      "<https://example.se/a> dct:Title \"  Utan tagg \" , \"Second\"@EN-gb ;\n"
      "  dct:spatial \"https://example.se/plats\" , \"ingen iri\" , _:b ;\n"
      "  dct:language <https://example.se/sv> , <https://example.se/sv> .\n",
      "turtle", 1000);
  ASSERT_TRUE(graph.ok());
  graph->index();
  NodeReader reader(graph.value(),
                    {"http://purl.org/dc/terms/title", "http://purl.org/dc/terms/spatial",
                     "http://purl.org/dc/terms/language"});
  Graph::TermId subject = graph->find_iri("https://example.se/a");
  auto properties = reader.properties(subject);
  std::vector<FieldError> warnings;
  auto title = reader.language_map(properties, "http://purl.org/dc/terms/title", "title", warnings);
  ASSERT_TRUE(title);
  EXPECT_EQ(boost::json::serialize(*title), R"({"sv":"Utan tagg","en-GB":"Second"})");
  auto spatial =
      reader.iri_list(properties, "http://purl.org/dc/terms/spatial", "spatial", warnings);
  EXPECT_EQ(boost::json::serialize(spatial), R"(["https://example.se/plats"])");
  EXPECT_EQ(reader.codes(properties, "http://purl.org/dc/terms/language").size(), 1u);
  ASSERT_EQ(warnings.size(), 3u);
  EXPECT_EQ(warnings[0].field, "title");
  EXPECT_EQ(warnings[1].field, "spatial");
  EXPECT_EQ(warnings[2].field, "spatial");
  EXPECT_EQ(reader.notes(),
            std::vector<std::string>{
                "<http://purl.org/dc/terms/Title> was read as <http://purl.org/dc/terms/title>"});
}

TEST(NodeReader, LanguageTags) {
  EXPECT_EQ(language_tag("SV-se"), "sv-SE");
  EXPECT_EQ(language_tag("EN"), "en");
}

}  // namespace
}  // namespace samverka::rdf
