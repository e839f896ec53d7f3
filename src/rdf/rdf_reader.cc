// SPDX-License-Identifier: Apache-2.0
// Parsing through raptor2, with everything that could reach outside the data switched off.
#include <algorithm>
#include <cstring>
#include <memory>

#include "core/text.h"
#include "rdf/graph.h"
#include "rdf/input_guard.h"
#include "rdf/raptor_handles.h"
#include "rdf/rdf.h"

namespace samverka::rdf {

namespace {

// No literal in catalogue metadata comes near this; a longer one is an attack or an accident.
constexpr size_t kMaxLiteral = size_t{1} << 20;

struct ParseState {
  Graph graph;
  size_t max_triples = 0;
  bool too_many = false;
  std::string error;
};

Graph::TermView view_of(const raptor_term* term) {
  auto text = [](const unsigned char* bytes, size_t length) {
    return std::string_view(reinterpret_cast<const char*>(bytes), length);
  };
  Graph::TermView view;
  switch (term->type) {
    case RAPTOR_TERM_TYPE_URI: {
      size_t length = 0;
      const unsigned char* iri = raptor_uri_as_counted_string(term->value.uri, &length);
      view.value = text(iri, length);
      break;
    }
    case RAPTOR_TERM_TYPE_BLANK:
      view.kind = Term::Kind::kBlank;
      view.value = text(term->value.blank.string, term->value.blank.string_len);
      break;
    case RAPTOR_TERM_TYPE_LITERAL:
      view.kind = Term::Kind::kLiteral;
      view.value = text(term->value.literal.string, term->value.literal.string_len);
      if (term->value.literal.language) {
        view.language = text(term->value.literal.language, term->value.literal.language_len);
      }
      if (term->value.literal.datatype) {
        size_t length = 0;
        const unsigned char* datatype =
            raptor_uri_as_counted_string(term->value.literal.datatype, &length);
        view.datatype = text(datatype, length);
      }
      break;
    default:
      break;
  }
  return view;
}

void on_statement(void* user_data, raptor_statement* statement) {
  auto* state = static_cast<ParseState*>(user_data);
  if (state->graph.size() >= state->max_triples) {
    state->too_many = true;
    return;
  }
  // A literal too long to be metadata is left out (the record then lacks it, and the report
  // says so), not kept for every later step to copy.
  const raptor_term* object = statement->object;
  if (object->type == RAPTOR_TERM_TYPE_LITERAL && object->value.literal.string_len > kMaxLiteral) {
    if (state->graph.notes().size() < 100) {
      size_t length = 0;
      const unsigned char* subject =
          statement->subject->type == RAPTOR_TERM_TYPE_URI
              ? raptor_uri_as_counted_string(statement->subject->value.uri, &length)
              : reinterpret_cast<const unsigned char*>("a blank node");
      if (length == 0) length = std::strlen(reinterpret_cast<const char*>(subject));
      state->graph.add_note(
          "a literal of " + std::to_string(object->value.literal.string_len) + " bytes about " +
          text::truncated(std::string_view(reinterpret_cast<const char*>(subject), length), 200) +
          " was left out: at most " + std::to_string(kMaxLiteral) + " bytes are kept");
    }
    return;
  }
  state->graph.add(view_of(statement->subject), view_of(statement->predicate),
                   view_of(statement->object));
}

void on_log(void* user_data, raptor_log_message* message) {
  auto* state = static_cast<ParseState*>(user_data);
  if (message->level < RAPTOR_LOG_LEVEL_ERROR || !state->error.empty()) return;
  // The parser's message may quote the input: kept valid UTF-8 and short, since it reaches
  // problem bodies, job messages and stored reports.
  state->error =
      text::truncated(text::valid_utf8(message->text ? message->text : "syntax error"), 500);
  if (message->locator && raptor_locator_line(message->locator) > 0) {
    state->error += " (line " + std::to_string(raptor_locator_line(message->locator)) + ")";
  }
}

// Text that starts like XML (a tag, a declaration, a comment) rather than like Turtle or
// N-Triples, whose first '<' opens an IRI such as <https://...>.
bool may_be_xml(std::string_view data) {
  size_t start = data.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos || data[start] != '<') return false;
  std::string_view rest = data.substr(start + 1);
  if (!rest.empty() && (rest.front() == '?' || rest.front() == '!')) return true;
  std::string_view name = rest.substr(0, rest.find_first_of(" \t\r\n>"));
  return name.find("://") == std::string_view::npos;
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

std::string syntax_of_document(std::string_view content_type, std::string_view location) {
  std::string syntax = syntax_for(std::string(content_type.substr(0, content_type.find(';'))));
  if (syntax != "guess") return syntax;
  std::string_view path = location;
  if (path.find("://") != std::string_view::npos) path = path.substr(0, path.find_first_of("?#"));
  size_t dot = path.rfind('.');
  size_t slash = path.rfind('/');
  if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash))
    return "guess";
  return syntax_for(std::string(path.substr(dot + 1)));
}

Result<std::vector<Triple>> parse(std::string_view data, const std::string& syntax,
                                  size_t max_triples) {
  Graph graph = TRY(parse_graph(data, syntax, max_triples));
  std::vector<Triple> triples;
  triples.reserve(graph.size());
  for (const auto& edge : graph.edges()) {
    triples.push_back(
        {graph.term(edge.subject), graph.term(edge.predicate), graph.term(edge.object)});
  }
  return triples;
}

ChunkReader chunks_of(std::string_view data) {
  return [data, offset = size_t{0}](char* buffer, size_t capacity) mutable -> Result<size_t> {
    size_t length = std::min(capacity, data.size() - offset);
    std::memcpy(buffer, data.data() + offset, length);
    offset += length;
    return length;
  };
}

Result<Graph> parse_graph(std::string_view data, const std::string& syntax, size_t max_triples) {
  return parse_graph(chunks_of(data), syntax, max_triples);
}

namespace {

// The length of the longest prefix of text that does not end inside a UTF-8 sequence.
size_t complete_utf8_prefix(std::string_view text) {
  for (size_t back = 1; back <= 4 && back <= text.size(); ++back) {
    auto byte = static_cast<unsigned char>(text[text.size() - back]);
    if ((byte & 0xC0) == 0x80) continue;  // a continuation byte: look further back
    size_t length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1;
    return length > back ? text.size() - back : text.size();
  }
  return text.size();
}

// Checks a stream chunk by chunk; a sequence cut by a chunk boundary waits for the next chunk.
class Utf8Check {
 public:
  Status add(std::string_view chunk, bool last) {
    std::string text = carry_ + std::string(chunk);
    size_t complete = last ? text.size() : complete_utf8_prefix(text);
    std::string_view checked(text.data(), complete);
    if (auto offset = text::invalid_utf8_offset(checked)) {
      size_t line = lines_ + static_cast<size_t>(std::count(
                                 checked.begin(),
                                 checked.begin() + static_cast<std::ptrdiff_t>(*offset), '\n'));
      return make_error(ErrorCode::kBadRequest, "the file is not valid UTF-8: byte " +
                                                    std::to_string(consumed_ + *offset) +
                                                    " (line " + std::to_string(line) +
                                                    ") is not part of a UTF-8 character");
    }
    lines_ += static_cast<size_t>(std::count(checked.begin(), checked.end(), '\n'));
    consumed_ += complete;
    carry_ = text.substr(complete);
    return {};
  }

 private:
  std::string carry_;
  size_t consumed_ = 0;
  size_t lines_ = 1;
};

}  // namespace

Result<Graph> parse_graph(const ChunkReader& read, const std::string& syntax, size_t max_triples) {
  // Fed in chunks, as a stream: memory does not hold the file twice, and libxml2 refuses one
  // huge input ("Huge input lookup").
  constexpr size_t kChunk = 1 << 16;
  // Two buffers: the chunk being parsed stays intact while the next one is read ahead, to know
  // which chunk is the last.
  std::string buffers[2] = {std::string(kChunk, '\0'), std::string(kChunk, '\0')};
  size_t filling = 0;
  auto next = [&]() -> Result<std::string_view> {
    std::string& buffer = buffers[filling];
    filling ^= 1;
    size_t length = TRY(read(buffer.data(), buffer.size()));
    return std::string_view(buffer.data(), length);
  };
  std::string_view first = TRY(next());
  size_t bom = first.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  std::string chosen = syntax == "guess" ? sniff_syntax(first.substr(bom)) : syntax;
  // Turtle, N-Triples and JSON-LD are UTF-8 by definition; XML may declare another encoding,
  // which the XML parser then checks.
  bool xml = chosen == "rdfxml" || (chosen == "guess" && first.find("<?xml") < 16);
  Utf8Check utf8;
  InputGuard guard(xml ? InputGuard::Syntax::kXml : InputGuard::Syntax::kTurtle);
  if (chosen == "jsonld") {
    std::string all(first.substr(bom));
    for (std::string_view more = TRY(next()); !more.empty(); more = TRY(next())) all.append(more);
    TRY(utf8.add(all, true));
    return parse_jsonld(all, max_triples);
  }
  ParseState state;
  state.max_triples = max_triples;
  Raptor world;  // opened by the pool
  if (!world) {
    return make_error(ErrorCode::kInternal, "raptor2 could not start");
  }
  raptor_world_set_log_handler(world.get(), &state, on_log);
  // raptor2 2.0.15's N-Triples parser leaks the datatype IRI of every typed literal (for good:
  // a server importing N-Triples would grow by the file). N-Triples is a subset of Turtle, and
  // the Turtle parser reads it without the leak: it reads N-Triples, and whatever is not XML
  // when the syntax was left to guess (raptor's own guess may pick the leaking parser).
  std::string parser_name =
      chosen == "ntriples" || (chosen == "guess" && !xml && !may_be_xml(first.substr(bom)))
          ? "turtle"
          : chosen;
  std::unique_ptr<raptor_parser, ParserDeleter> parser(
      raptor_new_parser(world.get(), parser_name.c_str()));
  if (!parser) return make_error(ErrorCode::kUnsupportedMediaType, "no RDF parser for " + syntax);
  raptor_parser_set_option(parser.get(), RAPTOR_OPTION_NO_NET, nullptr, 1);
  raptor_parser_set_option(parser.get(), RAPTOR_OPTION_NO_FILE, nullptr, 1);
  raptor_parser_set_option(parser.get(), RAPTOR_OPTION_LOAD_EXTERNAL_ENTITIES, nullptr, 0);
  raptor_parser_set_statement_handler(parser.get(), &state, on_statement);
  std::unique_ptr<raptor_uri, UriDeleter> base(
      raptor_new_uri(world.get(), reinterpret_cast<const unsigned char*>("urn:samverka:import:")));
  int failed = raptor_parser_parse_start(parser.get(), base.get());
  std::string_view current = first.substr(bom);
  while (!failed && !state.too_many && state.error.empty()) {
    std::string_view upcoming = TRY(next());
    bool last = upcoming.empty();
    if (!xml) TRY(utf8.add(current, last));
    if (Status guarded = guard.add(current); !guarded.ok()) {
      return make_error(ErrorCode::kBadRequest, "the file is refused: " + guarded.error().message);
    }
    failed = raptor_parser_parse_chunk(parser.get(),
                                       reinterpret_cast<const unsigned char*>(current.data()),
                                       current.size(), last ? 1 : 0);
    if (last) break;
    current = upcoming;
  }
  if (state.too_many) {
    return make_error(ErrorCode::kPayloadTooLarge,
                      "the file holds more than " + std::to_string(max_triples) + " triples");
  }
  if (failed || !state.error.empty()) {
    return make_error(ErrorCode::kBadRequest,
                      "the file is not valid RDF: " +
                          (state.error.empty() ? std::string("syntax error") : state.error));
  }
  if (state.graph.size() == 0)
    return make_error(ErrorCode::kBadRequest, "the file holds no RDF triples");
  return std::move(state.graph);
}

}  // namespace samverka::rdf
