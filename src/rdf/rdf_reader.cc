// SPDX-License-Identifier: Apache-2.0
// Parsing through raptor2, with everything that could reach outside the data switched off.
#include "rdf/raptor_handles.h"

#include <algorithm>
#include <memory>

#include "core/text.h"

#include "rdf/graph.h"
#include "rdf/rdf.h"

namespace samverka::rdf {

namespace {

struct ParseState {
  Graph graph;
  size_t max_triples = 0;
  bool too_many = false;
  std::string error;
};

Term term_of(const raptor_term* term) {
  switch (term->type) {
    case RAPTOR_TERM_TYPE_URI:
      return Term::iri(reinterpret_cast<const char*>(raptor_uri_as_string(term->value.uri)));
    case RAPTOR_TERM_TYPE_BLANK:
      return {Term::Kind::kBlank,
              std::string(reinterpret_cast<const char*>(term->value.blank.string),
                          term->value.blank.string_len),
              {}, {}};
    case RAPTOR_TERM_TYPE_LITERAL: {
      Term literal;
      literal.kind = Term::Kind::kLiteral;
      literal.value.assign(reinterpret_cast<const char*>(term->value.literal.string),
                           term->value.literal.string_len);
      if (term->value.literal.language) {
        literal.language.assign(reinterpret_cast<const char*>(term->value.literal.language),
                                term->value.literal.language_len);
      }
      if (term->value.literal.datatype) {
        literal.datatype = reinterpret_cast<const char*>(raptor_uri_as_string(term->value.literal.datatype));
      }
      return literal;
    }
    default:
      return Term::iri("");
  }
}

void on_statement(void* user_data, raptor_statement* statement) {
  auto* state = static_cast<ParseState*>(user_data);
  if (state->graph.size() >= state->max_triples) {
    state->too_many = true;
    return;
  }
  state->graph.add(term_of(statement->subject), term_of(statement->predicate),
                   term_of(statement->object));
}

void on_log(void* user_data, raptor_log_message* message) {
  auto* state = static_cast<ParseState*>(user_data);
  if (message->level < RAPTOR_LOG_LEVEL_ERROR || !state->error.empty()) return;
  state->error = message->text ? message->text : "syntax error";
  if (message->locator && raptor_locator_line(message->locator) > 0) {
    state->error += " (line " + std::to_string(raptor_locator_line(message->locator)) + ")";
  }
}


// raptor2's own guessing reads RDF/XML, Turtle and N-Triples; JSON-LD starts with '{' or '['.
std::string sniff_syntax(std::string_view data) {
  for (char c : data) {
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
    return c == '{' ? "jsonld" : "guess";
  }
  return "guess";
}

}  // namespace

std::string syntax_for(const std::string& type) {
  if (type.find("ld+json") != std::string::npos || type == "jsonld") return "jsonld";
  if (type.find("rdf+xml") != std::string::npos || type == "rdf" || type == "xml") return "rdfxml";
  if (type.find("turtle") != std::string::npos || type == "ttl") return "turtle";
  if (type.find("n-triples") != std::string::npos || type == "nt") return "ntriples";
  return "guess";
}

Result<std::vector<Triple>> parse(std::string_view data, const std::string& syntax,
                                  size_t max_triples) {
  Graph graph = TRY(parse_graph(data, syntax, max_triples));
  std::vector<Triple> triples;
  triples.reserve(graph.size());
  for (const auto& edge : graph.edges()) {
    triples.push_back({graph.term(edge.subject), graph.term(edge.predicate), graph.term(edge.object)});
  }
  return triples;
}

Result<Graph> parse_graph(std::string_view data, const std::string& syntax, size_t max_triples) {
  if (data.size() >= 3 && data.substr(0, 3) == "\xEF\xBB\xBF") data.remove_prefix(3);
  std::string chosen = syntax == "guess" ? sniff_syntax(data) : syntax;
  // Turtle, N-Triples and JSON-LD are UTF-8 by definition; XML may declare another encoding,
  // which the XML parser then checks.
  bool xml = chosen == "rdfxml" || (chosen == "guess" && data.find("<?xml") < 16);
  if (!xml) {
    if (auto offset = text::invalid_utf8_offset(data)) {
      size_t line = 1 + static_cast<size_t>(std::count(data.begin(), data.begin() + static_cast<std::ptrdiff_t>(*offset), '\n'));
      return make_error(ErrorCode::kBadRequest, "the file is not valid UTF-8: byte " + std::to_string(*offset) +
                                                    " (line " + std::to_string(line) + ") is not part of a UTF-8 character");
    }
  }
  if (chosen == "jsonld") return parse_jsonld(data, max_triples);
  ParseState state;
  state.max_triples = max_triples;
  std::unique_ptr<raptor_world, WorldDeleter> world(raptor_new_world());
  if (!world || raptor_world_open(world.get()) != 0) {
    return make_error(ErrorCode::kInternal, "raptor2 could not start");
  }
  raptor_world_set_log_handler(world.get(), &state, on_log);
  std::unique_ptr<raptor_parser, ParserDeleter> parser(raptor_new_parser(world.get(), chosen.c_str()));
  if (!parser) return make_error(ErrorCode::kUnsupportedMediaType, "no RDF parser for " + syntax);
  raptor_parser_set_option(parser.get(), RAPTOR_OPTION_NO_NET, nullptr, 1);
  raptor_parser_set_option(parser.get(), RAPTOR_OPTION_NO_FILE, nullptr, 1);
  raptor_parser_set_option(parser.get(), RAPTOR_OPTION_LOAD_EXTERNAL_ENTITIES, nullptr, 0);
  raptor_parser_set_statement_handler(parser.get(), &state, on_statement);
  std::unique_ptr<raptor_uri, UriDeleter> base(
      raptor_new_uri(world.get(), reinterpret_cast<const unsigned char*>("urn:samverka:import:")));
  int failed = raptor_parser_parse_start(parser.get(), base.get());
  if (!failed) {
    failed = raptor_parser_parse_chunk(parser.get(), reinterpret_cast<const unsigned char*>(data.data()),
                                       data.size(), 1);
  }
  if (state.too_many) {
    return make_error(ErrorCode::kPayloadTooLarge,
                      "the file holds more than " + std::to_string(max_triples) + " triples");
  }
  if (failed || !state.error.empty()) {
    return make_error(ErrorCode::kBadRequest,
                      "the file is not valid RDF: " + (state.error.empty() ? std::string("syntax error") : state.error));
  }
  if (state.graph.size() == 0) return make_error(ErrorCode::kBadRequest, "the file holds no RDF triples");
  return std::move(state.graph);
}

}  // namespace samverka::rdf
