// SPDX-License-Identifier: Apache-2.0
// The only file that knows raptor2 (used here for RDF/XML).
#include <boost/json.hpp>
#include <map>
#include <memory>

#include "rdf/raptor_handles.h"
#include "rdf/rdf.h"

namespace samverka::rdf {

const char* media_type(Format format) {
  switch (format) {
    case Format::kTurtle:
      return "text/turtle; charset=utf-8";
    case Format::kNTriples:
      return "application/n-triples; charset=utf-8";
    case Format::kRdfXml:
      return "application/rdf+xml; charset=utf-8";
    case Format::kJsonLd:
      return "application/ld+json";
  }
  return "text/turtle";
}

bool format_from_extension(const std::string& extension, Format& format) {
  if (extension == "ttl")
    format = Format::kTurtle;
  else if (extension == "nt")
    format = Format::kNTriples;
  else if (extension == "rdf")
    format = Format::kRdfXml;
  else if (extension == "jsonld")
    format = Format::kJsonLd;
  else
    return false;
  return true;
}

Format format_from_accept(const std::string& accept) {
  if (accept.find("application/ld+json") != std::string::npos) return Format::kJsonLd;
  if (accept.find("application/rdf+xml") != std::string::npos) return Format::kRdfXml;
  if (accept.find("application/n-triples") != std::string::npos) return Format::kNTriples;
  return Format::kTurtle;
}

const std::vector<std::pair<std::string, std::string>>& prefixes() {
  static const std::vector<std::pair<std::string, std::string>> kPrefixes = {
      {"dcat", "http://www.w3.org/ns/dcat#"},
      {"dct", "http://purl.org/dc/terms/"},
      {"foaf", "http://xmlns.com/foaf/0.1/"},
      {"vcard", "http://www.w3.org/2006/vcard/ns#"},
      {"skos", "http://www.w3.org/2004/02/skos/core#"},
      {"adms", "http://www.w3.org/ns/adms#"},
      {"dcatap", "http://data.europa.eu/r5r/"},
      {"spdx", "http://spdx.org/rdf/terms#"},
      {"eli", "http://data.europa.eu/eli/ontology#"},
      {"owl", "http://www.w3.org/2002/07/owl#"},
      {"rdfs", "http://www.w3.org/2000/01/rdf-schema#"},
      {"xsd", "http://www.w3.org/2001/XMLSchema#"},
      {"hydra", "http://www.w3.org/ns/hydra/core#"},
      {"dqv", "http://www.w3.org/ns/dqv#"},
      {"pv", "https://piveau.eu/ns/voc#"},
  };
  return kPrefixes;
}

namespace {

const unsigned char* bytes(const std::string& text) {
  return reinterpret_cast<const unsigned char*>(text.c_str());
}

raptor_term* make_term(raptor_world* world, const Term& term) {
  if (term.kind == Term::Kind::kIri)
    return raptor_new_term_from_uri_string(world, bytes(term.value));
  std::unique_ptr<raptor_uri, UriDeleter> datatype;
  if (!term.datatype.empty()) datatype.reset(raptor_new_uri(world, bytes(term.datatype)));
  return raptor_new_term_from_counted_literal(
      world, bytes(term.value), term.value.size(), datatype.get(),
      term.language.empty() ? nullptr : bytes(term.language),
      static_cast<unsigned char>(term.language.size()));
}

// JSON-LD: one node object per subject in @graph, full IRIs compacted with the prefixes.
std::string json_ld(const std::vector<Triple>& triples) {
  auto compact = [](const std::string& iri) {
    for (const auto& [prefix, ns] : prefixes()) {
      if (iri.size() > ns.size() && iri.compare(0, ns.size(), ns) == 0) {
        std::string local = iri.substr(ns.size());
        if (local.find_first_of("/#?:") == std::string::npos) return prefix + ":" + local;
      }
    }
    return iri;
  };
  std::vector<std::string> order;
  std::map<std::string, boost::json::object> nodes;
  for (const auto& triple : triples) {
    auto [entry, added] = nodes.try_emplace(triple.subject.value);
    if (added) {
      order.push_back(triple.subject.value);
      entry->second["@id"] = triple.subject.value;
    }
    boost::json::object& node = entry->second;
    if (triple.predicate.value == "http://www.w3.org/1999/02/22-rdf-syntax-ns#type") {
      if (!node.contains("@type")) node["@type"] = boost::json::array();
      node["@type"].as_array().push_back(boost::json::value(compact(triple.object.value)));
      continue;
    }
    boost::json::value object;
    if (triple.object.kind == Term::Kind::kIri) {
      object = boost::json::object{{"@id", triple.object.value}};
    } else {
      boost::json::object literal{{"@value", triple.object.value}};
      if (!triple.object.language.empty()) literal["@language"] = triple.object.language;
      if (!triple.object.datatype.empty()) literal["@type"] = compact(triple.object.datatype);
      object = std::move(literal);
    }
    std::string key = compact(triple.predicate.value);
    if (!node.contains(key)) node[key] = boost::json::array();
    node[key].as_array().push_back(std::move(object));
  }
  boost::json::object context;
  for (const auto& [prefix, ns] : prefixes()) context[prefix] = ns;
  boost::json::array graph;
  for (const auto& subject : order) graph.push_back(std::move(nodes[subject]));
  return boost::json::serialize(
      boost::json::object{{"@context", std::move(context)}, {"@graph", std::move(graph)}});
}

}  // namespace

std::string write_ntriples(const std::vector<Triple>& triples);  // text_writer.cc
std::string write_turtle(const std::vector<Triple>& triples);

Result<std::string> serialize(const std::vector<Triple>& triples, Format format) {
  if (format == Format::kJsonLd) return json_ld(triples);
  if (format == Format::kNTriples) return write_ntriples(triples);
  if (format == Format::kTurtle) return write_turtle(triples);
  Raptor world;  // opened by the pool
  if (!world) {
    return make_error(ErrorCode::kInternal, "raptor2 could not start");
  }
  const char* name = "rdfxml-abbrev";  // Turtle and N-Triples are written above
  std::unique_ptr<raptor_serializer, SerializerDeleter> serializer(
      raptor_new_serializer(world.get(), name));
  if (!serializer)
    return make_error(ErrorCode::kInternal, std::string("no raptor2 serializer ") + name);
  if (format != Format::kNTriples) {
    for (const auto& [prefix, ns] : prefixes()) {
      std::unique_ptr<raptor_uri, UriDeleter> uri(raptor_new_uri(world.get(), bytes(ns)));
      raptor_serializer_set_namespace(serializer.get(), uri.get(), bytes(prefix));
    }
  }
  void* output = nullptr;
  size_t length = 0;
  if (raptor_serializer_start_to_string(serializer.get(), nullptr, &output, &length) != 0) {
    return make_error(ErrorCode::kInternal, "raptor2 could not start serialising");
  }
  for (const auto& triple : triples) {
    raptor_statement* statement = raptor_new_statement_from_nodes(
        world.get(), make_term(world.get(), triple.subject),
        make_term(world.get(), triple.predicate), make_term(world.get(), triple.object), nullptr);
    raptor_serializer_serialize_statement(serializer.get(), statement);
    raptor_free_statement(statement);
  }
  raptor_serializer_serialize_end(serializer.get());
  serializer.reset();  // flushes into output
  std::string text(static_cast<const char*>(output), length);
  raptor_free_memory(output);
  return text;
}

}  // namespace samverka::rdf
