// SPDX-License-Identifier: Apache-2.0
#include "quality/shacl.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <regex>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "core/log.h"

namespace samverka::quality {

extern const char* const kShapes_dcat_ap_SHACL;
extern const char* const kShapes_ranges;

namespace {

using rdf::Graph;
using TermId = Graph::TermId;

constexpr const char* kSh = "http://www.w3.org/ns/shacl#";
constexpr const char* kRdfType = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
constexpr const char* kSubClassOf = "http://www.w3.org/2000/01/rdf-schema#subClassOf";
constexpr const char* kXsd = "http://www.w3.org/2001/XMLSchema#";
constexpr const char* kLangString = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString";

std::string sh(const char* local) { return std::string(kSh) + local; }

std::string name_of(const rdf::Term& term) {
  return term.kind == rdf::Term::Kind::kBlank ? "_:" + term.value : term.value;
}

// Constraint parameters this engine reads, and what it may pass over: they do not validate.
const std::set<std::string>& known_predicates() {
  static const std::set<std::string> known = [] {
    std::set<std::string> out;
    for (const char* local : {"path", "minCount", "maxCount", "nodeKind", "class", "datatype",
                              "severity", "name", "description", "message", "order", "group",
                              "targetClass", "property", "closed", "deactivated"}) {
      out.insert(sh(local));
    }
    return out;
  }();
  return known;
}

}  // namespace

bool valid_lexical_form(std::string_view value, std::string_view datatype) {
  if (!datatype.starts_with(kXsd)) return true;
  std::string_view local = datatype.substr(std::string_view(kXsd).size());
  static const std::map<std::string, std::regex, std::less<>> kForms = {
      {"date", std::regex(R"(-?\d{4,}-\d{2}-\d{2}(Z|[+-]\d{2}:\d{2})?)")},
      {"dateTime",
       std::regex(R"(-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?)")},
      {"gYear", std::regex(R"(-?\d{4,}(Z|[+-]\d{2}:\d{2})?)")},
      {"gYearMonth", std::regex(R"(-?\d{4,}-\d{2}(Z|[+-]\d{2}:\d{2})?)")},
      {"decimal", std::regex(R"([+-]?(\d+(\.\d*)?|\.\d+))")},
      {"integer", std::regex(R"([+-]?\d+)")},
      {"nonNegativeInteger", std::regex(R"(\+?\d+|-0+)")},
      {"boolean", std::regex(R"(true|false|1|0)")},
      {"duration",
       std::regex(R"(-?P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?)")},
  };
  auto found = kForms.find(local);
  if (found == kForms.end()) return true;
  return std::regex_match(value.begin(), value.end(), found->second);
}

Result<ShapesGraph> ShapesGraph::parse(const std::vector<std::string_view>& turtle) {
  Graph graph;
  for (std::string_view text : turtle) {
    Graph part = TRY(rdf::parse_graph(text, "turtle", 5'000'000));
    graph.merge(part, "shapes" + std::to_string(graph.size()) + "-");
  }
  graph.index();
  auto iri = [&graph](const std::string& value) { return graph.find_iri(value); };
  auto objects = [&graph](TermId subject, TermId predicate) {
    std::vector<TermId> out;
    if (subject == Graph::kNone || predicate == Graph::kNone) return out;
    for (const Graph::Edge& edge : graph.about(subject))
      if (edge.predicate == predicate) out.push_back(edge.object);
    return out;
  };
  auto one = [&](TermId subject, const char* local) -> const rdf::Term* {
    std::vector<TermId> found = objects(subject, iri(sh(local)));
    return found.empty() ? nullptr : &graph.term(found.front());
  };
  auto local_of = [](const std::string& value) {
    size_t hash = value.rfind('#');
    return hash == std::string::npos ? value : value.substr(hash + 1);
  };

  ShapesGraph out;
  std::set<std::string> unsupported;
  std::set<TermId> node_shapes;
  TermId type = iri(kRdfType);
  TermId node_shape = iri(sh("NodeShape"));
  TermId target_class = iri(sh("targetClass"));
  TermId property = iri(sh("property"));
  for (const Graph::Edge& edge : graph.edges()) {
    if ((edge.predicate == type && edge.object == node_shape) || edge.predicate == target_class ||
        edge.predicate == property)
      node_shapes.insert(edge.subject);
  }
  auto note_unsupported = [&](TermId shape) {
    for (const Graph::Edge& edge : graph.about(shape)) {
      const std::string& predicate = graph.term(edge.predicate).value;
      if (predicate.starts_with(kSh) && !known_predicates().count(predicate))
        unsupported.insert(local_of(predicate));
    }
    if (const rdf::Term* closed = one(shape, "closed"); closed && closed->value == "true")
      unsupported.insert("closed");
  };
  for (TermId id : node_shapes) {
    if (const rdf::Term* off = one(id, "deactivated"); off && off->value == "true") continue;
    note_unsupported(id);
    NodeShape shape;
    shape.id = name_of(graph.term(id));
    // Two files may state the same triple: a set, as RDF has it.
    std::set<std::string> targets;
    for (TermId target : objects(id, target_class)) targets.insert(graph.term(target).value);
    shape.target_classes.assign(targets.begin(), targets.end());
    std::vector<TermId> property_ids = objects(id, property);
    std::sort(property_ids.begin(), property_ids.end());
    property_ids.erase(std::unique(property_ids.begin(), property_ids.end()), property_ids.end());
    for (TermId property_id : property_ids) {
      if (const rdf::Term* off = one(property_id, "deactivated"); off && off->value == "true")
        continue;
      note_unsupported(property_id);
      PropertyShape constraint;
      constraint.id = name_of(graph.term(property_id));
      const rdf::Term* path = one(property_id, "path");
      if (path == nullptr || path->kind != rdf::Term::Kind::kIri) {
        // SEMIC's ranges.ttl names one property shape that no file defines: with nothing to
        // check, it is passed over (as rdf-validate-shacl does); one with constraints is not.
        bool constrains = false;
        for (const char* local : {"minCount", "maxCount", "nodeKind", "class", "datatype"})
          constrains = constrains || one(property_id, local) != nullptr;
        if (constrains || path != nullptr) unsupported.insert("path (other than a property IRI)");
        continue;
      }
      constraint.path = path->value;
      auto count = [&](const char* local, std::optional<int64_t>& into) {
        const rdf::Term* given = one(property_id, local);
        if (given == nullptr) return;
        int64_t value = 0;
        auto [end, error] =
            std::from_chars(given->value.data(), given->value.data() + given->value.size(), value);
        if (error == std::errc() && end == given->value.data() + given->value.size() && value >= 0)
          into = value;
        else
          unsupported.insert(std::string(local) + " '" + given->value + "'");
      };
      count("minCount", constraint.min_count);
      count("maxCount", constraint.max_count);
      if (const rdf::Term* kind = one(property_id, "nodeKind"))
        constraint.node_kind = local_of(kind->value);
      std::set<std::string> classes;
      for (TermId value : objects(property_id, iri(sh("class"))))
        classes.insert(graph.term(value).value);
      constraint.classes.assign(classes.begin(), classes.end());
      if (const rdf::Term* datatype = one(property_id, "datatype"))
        constraint.datatype = datatype->value;
      if (const rdf::Term* severity = one(property_id, "severity"))
        constraint.severity = local_of(severity->value);
      shape.properties.push_back(std::move(constraint));
    }
    out.shapes_.push_back(std::move(shape));
  }
  out.unsupported_.assign(unsupported.begin(), unsupported.end());
  return out;
}

const ShapesGraph& ShapesGraph::dcat_ap() {
  static const ShapesGraph shapes = [] {
    auto parsed = parse({kShapes_dcat_ap_SHACL, kShapes_ranges});
    if (!parsed.ok()) {  // built in and tested: only a broken build gets here
      log::warn("the built-in DCAT-AP shapes do not parse: " + parsed.error().message);
      return ShapesGraph();
    }
    return std::move(parsed.value());
  }();
  return shapes;
}

std::vector<ShaclResult> ShapesGraph::validate(const Graph& data) const {
  std::vector<ShaclResult> results;
  TermId type = data.find_iri(kRdfType);
  TermId sub_class = data.find_iri(kSubClassOf);
  // Each node's types, and each class's superclasses (rdfs:subClassOf in the data, transitively).
  std::unordered_map<TermId, std::vector<TermId>> types;
  std::unordered_map<TermId, std::vector<TermId>> supers;
  for (const Graph::Edge& edge : data.edges()) {
    if (edge.predicate == type) types[edge.subject].push_back(edge.object);
    if (edge.predicate == sub_class && sub_class != Graph::kNone)
      supers[edge.subject].push_back(edge.object);
  }
  auto is_instance = [&](TermId node, TermId of_class) {
    auto found = types.find(node);
    if (found == types.end()) return false;
    std::vector<TermId> pending = found->second;
    std::unordered_set<TermId> seen;
    while (!pending.empty()) {
      TermId current = pending.back();
      pending.pop_back();
      if (current == of_class) return true;
      if (!seen.insert(current).second) continue;
      if (auto up = supers.find(current); up != supers.end())
        pending.insert(pending.end(), up->second.begin(), up->second.end());
    }
    return false;
  };
  for (const NodeShape& shape : shapes_) {
    std::set<TermId> focus_nodes;
    for (const std::string& target : shape.target_classes) {
      TermId target_id = data.find_iri(target);
      if (target_id == Graph::kNone) continue;
      for (const auto& [node, node_types] : types)
        if (is_instance(node, target_id)) focus_nodes.insert(node);
    }
    for (TermId focus : focus_nodes) {
      std::span<const Graph::Edge> about = data.about(focus);
      for (const PropertyShape& property : shape.properties) {
        TermId path = data.find_iri(property.path);
        std::vector<TermId> values;
        if (path != Graph::kNone) {
          for (const Graph::Edge& edge : about)
            if (edge.predicate == path) values.push_back(edge.object);
          std::sort(values.begin(), values.end());  // a triple stated twice is one triple
          values.erase(std::unique(values.begin(), values.end()), values.end());
        }
        auto fail = [&](const char* component, std::string message) {
          results.push_back({name_of(data.term(focus)), property.path, property.id, component,
                             property.severity, std::move(message)});
        };
        int64_t count = static_cast<int64_t>(values.size());
        if (property.min_count && count < *property.min_count)
          fail("MinCount", "fewer than " + std::to_string(*property.min_count) + " values");
        if (property.max_count && count > *property.max_count)
          fail("MaxCount", "more than " + std::to_string(*property.max_count) + " values");
        for (TermId value_id : values) {
          const rdf::Term& value = data.term(value_id);
          bool literal = value.kind == rdf::Term::Kind::kLiteral;
          bool blank = value.kind == rdf::Term::Kind::kBlank;
          const std::string& kind = property.node_kind;
          bool kind_ok = kind.empty() || (kind == "Literal" && literal) ||
                         (kind == "IRI" && !literal && !blank) || (kind == "BlankNode" && blank) ||
                         (kind == "BlankNodeOrIRI" && !literal) ||
                         (kind == "BlankNodeOrLiteral" && (blank || literal)) ||
                         (kind == "IRIOrLiteral" && !blank);
          if (!kind_ok) fail("NodeKind", name_of(value) + " is not a " + kind);
          for (const std::string& of_class : property.classes) {
            TermId class_id = data.find_iri(of_class);
            if (literal || class_id == Graph::kNone || !is_instance(value_id, class_id))
              fail("Class", name_of(value) + " is not a " + of_class);
          }
          if (!property.datatype.empty()) {
            std::string datatype = !literal                  ? std::string()
                                   : !value.language.empty() ? std::string(kLangString)
                                   : value.datatype.empty()  ? std::string(kXsd) + "string"
                                                             : value.datatype;
            if (datatype != property.datatype || !valid_lexical_form(value.value, datatype))
              fail("Datatype", "'" + value.value + "' is not a valid " + property.datatype);
          }
        }
      }
    }
  }
  return results;
}

}  // namespace samverka::quality
