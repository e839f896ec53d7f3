// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "rdf/graph.h"

namespace samverka::quality {

// One SHACL validation result.
struct ShaclResult {
  std::string focus;      // the focus node (IRI, or _:label)
  std::string path;       // the property shape's path
  std::string shape;      // the property shape that failed
  std::string component;  // MinCount, MaxCount, NodeKind, Class, Datatype
  std::string severity;   // Violation, Warning, Info
  std::string message;
};

// A SHACL Core subset of our own, over our own graph: node shapes with sh:targetClass and
// property shapes with an IRI sh:path and sh:minCount, sh:maxCount, sh:nodeKind, sh:class and
// sh:datatype, with sh:severity. It is what the SEMIC DCAT-AP 3.0.1 shapes use (the tests hold
// it to rdf-validate-shacl's verdicts). Shapes with anything else are still read, and that
// constraint is named in unsupported(). Immutable after parse; safe from any thread.
class ShapesGraph {
 public:
  // Turtle texts of shapes, read together.
  static Result<ShapesGraph> parse(const std::vector<std::string_view>& turtle);
  // The SEMIC DCAT-AP 3.0.1 shapes (dcat-ap-SHACL.ttl and ranges.ttl), built in.
  static const ShapesGraph& dcat_ap();

  // Validates an indexed data graph (Graph::index() called).
  std::vector<ShaclResult> validate(const rdf::Graph& data) const;
  size_t node_shapes() const { return shapes_.size(); }
  const std::vector<std::string>& unsupported() const { return unsupported_; }

 private:
  struct PropertyShape {
    std::string id;
    std::string path;
    std::optional<int64_t> min_count, max_count;
    std::string node_kind;  // the local name: IRI, Literal, BlankNodeOrIRI ...
    std::vector<std::string> classes;
    std::string datatype;
    std::string severity = "Violation";
  };
  struct NodeShape {
    std::string id;
    std::vector<std::string> target_classes;
    std::vector<PropertyShape> properties;
  };
  std::vector<NodeShape> shapes_;
  std::vector<std::string> unsupported_;
};

// True for a lexical form that is valid for the XML Schema datatype (the ones DCAT-AP uses:
// date, dateTime, gYear, gYearMonth, decimal, integer, nonNegativeInteger, boolean, duration;
// any other datatype's forms are taken as valid).
bool valid_lexical_form(std::string_view value, std::string_view datatype);

}  // namespace samverka::quality
