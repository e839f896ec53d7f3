// SPDX-License-Identifier: Apache-2.0
#include "rdf/input_guard.h"

#include <gtest/gtest.h>

#include "rdf/graph.h"

namespace samverka::rdf {
namespace {

Status scan(InputGuard::Syntax syntax, std::string_view text, size_t chunk = 7) {
  InputGuard guard(syntax);
  // Small chunks: every construct also has to be recognised across a chunk boundary.
  for (size_t at = 0; at < text.size(); at += chunk) TRY(guard.add(text.substr(at, chunk)));
  return {};
}

std::string nested_xml(int depth) {
  std::string text = "<?xml version=\"1.0\"?><rdf:RDF xmlns:rdf=\"x\">";
  for (int level = 0; level < depth; ++level) text += "<a:b x=\"1>2\"><!-- <c> -->";
  for (int level = 0; level < depth; ++level) text += "</a:b>";
  return text + "</rdf:RDF>";
}

TEST(InputGuard, XmlNestingIsCappedButOrdinaryDocumentsPass) {
  EXPECT_TRUE(scan(InputGuard::Syntax::kXml, nested_xml(100)).ok());
  auto deep = scan(InputGuard::Syntax::kXml, nested_xml(200));
  ASSERT_FALSE(deep.ok());
  EXPECT_NE(deep.error().message.find("nests more than 128"), std::string::npos);
  // Empty elements, CDATA and processing instructions do not nest.
  std::string flat = "<r>";
  for (int i = 0; i < 1000; ++i) flat += "<e/><e a='/'/><![CDATA[<x>]]><?p <y> ?>";
  EXPECT_TRUE(scan(InputGuard::Syntax::kXml, flat + "</r>").ok());
}

TEST(InputGuard, EntityExpansionIsBoundedInAll) {
  std::string value(50000, 'x');
  std::string head = "<?xml version=\"1.0\"?><!DOCTYPE r [ <!ENTITY big \"" + value + "\"> ]><r>";
  std::string some = head;
  for (int i = 0; i < 100; ++i) some += "<t>&big;</t>";
  EXPECT_TRUE(scan(InputGuard::Syntax::kXml, some + "</r>", 4096).ok());
  std::string many = head;
  for (int i = 0; i < 10000; ++i) many += "<t a=\"&big;\">&big;</t>";
  auto refused = scan(InputGuard::Syntax::kXml, many + "</r>", 4096);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("expand to more than 16 MiB"), std::string::npos);
  // Nested entities multiply: the classic "billion laughs" is refused from its declarations'
  // sizes, long before the parser would expand them.
  std::string laughs = "<!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\">";
  std::string previous = "a";
  for (char name = 'b'; name <= 'i'; ++name) {
    laughs += std::string("<!ENTITY ") + name + " \"";
    for (int i = 0; i < 10; ++i) laughs += "&" + previous + ";";
    laughs += "\">";
    previous = std::string(1, name);
  }
  laughs += "]><r>&i;</r>";
  EXPECT_FALSE(scan(InputGuard::Syntax::kXml, laughs).ok());
  // Namespace abbreviations, as ontology tools write them, are fine.
  std::string abbreviations =
      "<!DOCTYPE rdf:RDF [<!ENTITY dcat 'http://www.w3.org/ns/dcat#'>]><rdf:RDF>";
  for (int i = 0; i < 1000; ++i) abbreviations += "<a rdf:resource=\"&dcat;Dataset\"/>&lt;&#229;";
  EXPECT_TRUE(scan(InputGuard::Syntax::kXml, abbreviations + "</rdf:RDF>").ok());
}

TEST(InputGuard, ExternalAndParameterEntitiesAreRefused) {
  EXPECT_FALSE(
      scan(InputGuard::Syntax::kXml, "<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><r/>")
          .ok());
  EXPECT_FALSE(scan(InputGuard::Syntax::kXml, "<!DOCTYPE r [<!ENTITY % p \"x\">]><r/>").ok());
  EXPECT_FALSE(scan(InputGuard::Syntax::kXml,
                    "<!DOCTYPE r [<!ENTITY a \"&b;\"><!ENTITY b \"&a;\">]><r>&a;</r>")
                   .ok());
}

TEST(InputGuard, TurtleNestingIsCappedOutsideStringsIrisAndComments) {
  std::string deep = "<s> <p> ";
  for (int i = 0; i < 200; ++i) deep += "[ <p> ";
  for (int i = 0; i < 200; ++i) deep += "] ";
  auto refused = scan(InputGuard::Syntax::kTurtle, deep + ".");
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("line 1"), std::string::npos);
  std::string quoted =
      "# [[[[ (((( \n<s> <p> \"[[[[\\\"((((\" , '''[[[[''' , \"\"\"((((\"\"\" , "
      "'' , \"\" ; <p> <http://x/[[[[> .\n";
  std::string many;
  for (int i = 0; i < 100; ++i) many += quoted;
  EXPECT_TRUE(scan(InputGuard::Syntax::kTurtle, many).ok());
  std::string lists = "<s> <p> ( ( 1 2 ) [ <q> ( 3 ) ] ) .\n";
  for (int i = 0; i < 8; ++i) lists += lists;
  EXPECT_TRUE(scan(InputGuard::Syntax::kTurtle, lists).ok());
}

TEST(InputGuard, TheReaderRefusesDeepFilesAndLeavesOutHugeLiterals) {
  auto deep = parse_graph(nested_xml(5000), "rdfxml", 1000);
  ASSERT_FALSE(deep.ok());
  EXPECT_NE(deep.error().message.find("nests more than"), std::string::npos);
  std::string literal =
      "<http://x/s> <http://x/p> \"" + std::string(2 << 20, 'x') + "\" , \"kort\" .";
  auto long_literal = parse_graph(literal, "turtle", 1000);
  ASSERT_TRUE(long_literal.ok()) << long_literal.error().message;
  EXPECT_EQ(long_literal->size(), 1u) << "the long literal is left out, the short one kept";
  ASSERT_EQ(long_literal->notes().size(), 1u);
  EXPECT_EQ(long_literal->notes()[0],
            "a literal of 2097152 bytes about http://x/s was left out: at most 1048576 bytes are "
            "kept");
}

}  // namespace
}  // namespace samverka::rdf
