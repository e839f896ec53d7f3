// SPDX-License-Identifier: Apache-2.0
// JSON-LD to RDF for import: the expansion rules of JSON-LD 1.1 that catalogue files use
// (inline contexts with prefixes, terms, @vocab, @base, @language, type coercion, language,
// set and list containers, nested and scoped contexts, @graph, @list, value objects). A
// remote @context is never fetched: the file must carry its context inline.
#include <boost/json.hpp>
#include <map>
#include <memory>

#include "rdf/graph.h"
#include "rdf/namespaces.h"

namespace samverka::rdf {

namespace bj = boost::json;

namespace {

using ns::kRdf;
using ns::kXsd;
constexpr int kMaxDepth = 64;

struct TermDefinition {
  std::string iri;
  std::string type;       // "@id", "@vocab", a datatype IRI, or empty
  std::string language;   // "@none" when the term resets the default language
  std::string container;  // "@language", "@list", "@set", "@index" or empty
  bool has_language = false;
  const bj::value* scoped_context = nullptr;
};

struct Context {
  std::map<std::string, TermDefinition, std::less<>> terms;
  std::string vocab;
  std::string base;
  std::string language;
};

class Expander {
 public:
  Expander(Graph& graph, size_t max_triples) : graph_(graph), max_triples_(max_triples) {}

  Status document(const bj::value& root) {
    auto context = std::make_shared<Context>();
    if (root.is_array()) {
      for (const auto& item : root.get_array()) TRY(top_node(item, context));
      return {};
    }
    return top_node(root, context);
  }

 private:
  Status top_node(const bj::value& value, std::shared_ptr<const Context> context) {
    if (!value.is_object())
      return make_error(ErrorCode::kBadRequest, "JSON-LD: a top-level item is not an object");
    TRY(node(value.get_object(), context, 0));
    return {};
  }

  static Error fail(const std::string& message) {
    return make_error(ErrorCode::kBadRequest, "the file is not valid JSON-LD: " + message);
  }

  Status add(Term subject, Term predicate, Term object) {
    if (graph_.size() >= max_triples_) {
      return make_error(ErrorCode::kPayloadTooLarge,
                        "the file holds more than " + std::to_string(max_triples_) + " triples");
    }
    graph_.add(subject, predicate, object);
    return {};
  }

  Result<std::shared_ptr<const Context>> with_context(std::shared_ptr<const Context> active,
                                                      const bj::value& local, int depth) {
    if (depth > 8) return fail("contexts nest too deeply");
    if (local.is_array()) {
      for (const auto& item : local.get_array())
        active = TRY(with_context(active, item, depth + 1));
      return active;
    }
    if (local.is_null()) return std::make_shared<const Context>();
    if (local.is_string()) {
      return fail("the remote @context '" + std::string(local.get_string()) +
                  "' is not fetched; put the context inline in the file");
    }
    if (!local.is_object()) return fail("@context must be an object, an array or null");
    auto next = std::make_shared<Context>(*active);
    const bj::object& definitions = local.get_object();
    if (const bj::value* vocab = definitions.if_contains("@vocab"); vocab && vocab->is_string()) {
      next->vocab = expand_iri(*next, std::string(vocab->get_string()), true);
    }
    if (const bj::value* base = definitions.if_contains("@base"); base && base->is_string()) {
      next->base = std::string(base->get_string());
    }
    if (const bj::value* language = definitions.if_contains("@language")) {
      next->language = language->is_string() ? std::string(language->get_string()) : "";
    }
    // Terms may refer to each other as prefixes; two passes resolve the usual orders.
    for (int pass = 0; pass < 2; ++pass) {
      for (const auto& [key, value] : definitions) {
        if (key.starts_with("@")) continue;
        TermDefinition definition;
        if (value.is_null()) {
          next->terms.erase(std::string(key));
          continue;
        }
        if (value.is_string()) {
          definition.iri = expand_iri(*next, std::string(value.get_string()), true);
        } else if (value.is_object()) {
          const bj::object& object = value.get_object();
          if (const bj::value* id = object.if_contains("@id"); id && id->is_string()) {
            definition.iri = expand_iri(*next, std::string(id->get_string()), true);
          } else {
            definition.iri = expand_iri(*next, std::string(key), true);
          }
          if (const bj::value* type = object.if_contains("@type"); type && type->is_string()) {
            std::string text(type->get_string());
            definition.type =
                text == "@id" || text == "@vocab" ? text : expand_iri(*next, text, true);
          }
          if (const bj::value* language = object.if_contains("@language")) {
            definition.has_language = true;
            definition.language = language->is_string() ? std::string(language->get_string()) : "";
          }
          if (const bj::value* container = object.if_contains("@container")) {
            if (container->is_string()) definition.container = std::string(container->get_string());
            if (container->is_array()) {
              for (const auto& item : container->get_array()) {
                if (item.is_string() && item.get_string() != "@set")
                  definition.container = std::string(item.get_string());
              }
            }
          }
          if (const bj::value* scoped = object.if_contains("@context"))
            definition.scoped_context = scoped;
        } else {
          return fail("the definition of '" + std::string(key) + "' must be a string or an object");
        }
        next->terms[std::string(key)] = std::move(definition);
      }
    }
    return std::shared_ptr<const Context>(std::move(next));
  }

  // Expands a term, compact IRI or relative IRI. vocab: keys and types (terms and @vocab
  // apply); otherwise @id values (resolved against @base).
  static std::string expand_iri(const Context& context, const std::string& value, bool vocab) {
    if (value.starts_with("@") || value.starts_with("_:")) return value;
    if (vocab) {
      auto term = context.terms.find(value);
      if (term != context.terms.end()) return term->second.iri;
    }
    size_t colon = value.find(':');
    if (colon != std::string::npos) {
      std::string prefix = value.substr(0, colon);
      std::string suffix = value.substr(colon + 1);
      if (!suffix.starts_with("//")) {
        auto term = context.terms.find(prefix);
        if (term != context.terms.end()) return term->second.iri + suffix;
      }
      return value;  // already absolute
    }
    if (vocab) return context.vocab.empty() ? std::string() : context.vocab + value;
    return context.base.empty() ? value : context.base + value;
  }

  Term subject_term(const std::string& iri) {
    if (iri.starts_with("_:")) return {Term::Kind::kBlank, iri.substr(2), {}, {}};
    return Term::iri(iri);
  }

  Term new_blank() {
    return {Term::Kind::kBlank, "jsonld" + std::to_string(++blank_count_), {}, {}};
  }

  // A node object: its subject, and its properties added to the graph.
  Result<Term> node(const bj::object& object, std::shared_ptr<const Context> context, int depth) {
    if (depth > kMaxDepth) return fail("objects nest more than 64 deep");
    if (const bj::value* local = object.if_contains("@context")) {
      context = TRY(with_context(context, *local, 0));
    }
    Term subject = new_blank();
    if (const bj::value* id = object.if_contains("@id")) {
      if (!id->is_string()) return fail("@id must be a string");
      std::string expanded = expand_iri(*context, std::string(id->get_string()), false);
      if (!expanded.empty()) subject = subject_term(expanded);
    }
    for (const auto& [key, value] : object) {
      std::string name(key);
      if (name == "@context" || name == "@id") continue;
      if (name == "@graph") {
        if (value.is_object()) TRY(node(value.get_object(), context, depth + 1));
        if (value.is_array()) {
          for (const auto& item : value.get_array()) {
            if (item.is_object()) TRY(node(item.get_object(), context, depth + 1));
          }
        }
        continue;
      }
      std::string property = expand_iri(*context, name, true);
      if (name == "@type" || property == "@type") {
        auto add_type = [&](const bj::value& type) -> Status {
          if (!type.is_string()) return fail("@type must be a string");
          std::string iri = expand_iri(*context, std::string(type.get_string()), true);
          if (iri.empty()) return {};
          return add(subject, Term::iri(std::string(kRdf) + "type"), subject_term(iri));
        };
        if (value.is_array()) {
          for (const auto& type : value.get_array()) TRY(add_type(type));
        } else {
          TRY(add_type(value));
        }
        continue;
      }
      if (property.empty() || property.starts_with("@")) continue;  // not mapped to an IRI: dropped
      const TermDefinition* definition = nullptr;
      if (auto found = context->terms.find(name); found != context->terms.end())
        definition = &found->second;
      auto value_context = context;
      if (definition && definition->scoped_context) {
        value_context = TRY(with_context(context, *definition->scoped_context, 0));
      }
      if (definition && definition->container == "@language" && value.is_object()) {
        for (const auto& [language_key, texts] : value.get_object()) {
          std::string_view language = language_key;  // Clang 14 cannot capture a binding
          auto add_text = [&](const bj::value& text) -> Status {
            if (!text.is_string()) return fail("a language map holds strings");
            return add(subject, Term::iri(property),
                       Term::text(std::string(text.get_string()), std::string(language)));
          };
          if (texts.is_array()) {
            for (const auto& text : texts.get_array()) TRY(add_text(text));
          } else if (!texts.is_null()) {
            TRY(add_text(texts));
          }
        }
        continue;
      }
      if (definition && definition->container == "@list") {
        TRY(list(subject, property, value.is_array() ? value : bj::value(bj::array{value}),
                 definition, value_context, depth));
        continue;
      }
      if (value.is_array()) {
        for (const auto& item : value.get_array())
          TRY(property_value(subject, property, item, definition, value_context, depth));
      } else {
        TRY(property_value(subject, property, value, definition, value_context, depth));
      }
    }
    return subject;
  }

  Status list(const Term& subject, const std::string& property, const bj::value& items,
              const TermDefinition* definition, std::shared_ptr<const Context> context, int depth) {
    Term head = Term::iri(std::string(kRdf) + "nil");
    const auto& array = items.get_array();
    std::vector<Term> cells;
    for (size_t index = 0; index < array.size(); ++index) cells.push_back(new_blank());
    if (!cells.empty()) head = cells.front();
    TRY(add(subject, Term::iri(property), head));
    for (size_t index = 0; index < array.size(); ++index) {
      TRY(property_value(cells[index], std::string(kRdf) + "first", array[index], definition,
                         context, depth));
      TRY(add(cells[index], Term::iri(std::string(kRdf) + "rest"),
              index + 1 < cells.size() ? cells[index + 1] : Term::iri(std::string(kRdf) + "nil")));
    }
    return {};
  }

  Status property_value(const Term& subject, const std::string& property, const bj::value& value,
                        const TermDefinition* definition, std::shared_ptr<const Context> context,
                        int depth) {
    Term predicate = Term::iri(property);
    std::string coerced = definition ? definition->type : "";
    switch (value.kind()) {
      case bj::kind::null:
        return {};
      case bj::kind::string: {
        std::string text(value.get_string());
        if (coerced == "@id" || coerced == "@vocab") {
          std::string iri = expand_iri(*context, text, coerced == "@vocab");
          return iri.empty() ? Status{} : add(subject, predicate, subject_term(iri));
        }
        if (!coerced.empty()) return add(subject, predicate, Term::typed(text, coerced));
        std::string language = context->language;
        if (definition && definition->has_language) language = definition->language;
        return add(subject, predicate, Term::text(text, language));
      }
      case bj::kind::bool_:
        return add(subject, predicate,
                   Term::typed(value.get_bool() ? "true" : "false", std::string(kXsd) + "boolean"));
      case bj::kind::int64:
      case bj::kind::uint64:
        return add(subject, predicate,
                   Term::typed(bj::serialize(value), coerced.empty() || coerced.starts_with("@")
                                                         ? std::string(kXsd) + "integer"
                                                         : coerced));
      case bj::kind::double_:
        return add(subject, predicate,
                   Term::typed(bj::serialize(value), std::string(kXsd) + "double"));
      case bj::kind::array:
        for (const auto& item : value.get_array())
          TRY(property_value(subject, property, item, definition, context, depth));
        return {};
      case bj::kind::object: {
        const bj::object& object = value.get_object();
        if (const bj::value* literal = object.if_contains("@value")) {
          if (literal->is_null()) return {};
          std::string text =
              literal->is_string() ? std::string(literal->get_string()) : bj::serialize(*literal);
          if (const bj::value* type = object.if_contains("@type"); type && type->is_string()) {
            return add(
                subject, predicate,
                Term::typed(text, expand_iri(*context, std::string(type->get_string()), true)));
          }
          std::string language;
          if (const bj::value* tag = object.if_contains("@language"); tag && tag->is_string()) {
            language = std::string(tag->get_string());
          }
          if (literal->is_bool())
            return add(subject, predicate, Term::typed(text, std::string(kXsd) + "boolean"));
          if (literal->is_number())
            return add(subject, predicate,
                       Term::typed(text, std::string(kXsd) +
                                             (literal->is_double() ? "double" : "integer")));
          return add(subject, predicate, Term::text(text, language));
        }
        if (const bj::value* items = object.if_contains("@list")) {
          return list(subject, property, items->is_array() ? *items : bj::value(bj::array{*items}),
                      definition, context, depth);
        }
        if (const bj::value* items = object.if_contains("@set")) {
          return property_value(subject, property, *items, definition, context, depth);
        }
        Term object_term = TRY(node(object, context, depth + 1));
        return add(subject, predicate, object_term);
      }
    }
    return {};
  }

  Graph& graph_;
  size_t max_triples_;
  uint64_t blank_count_ = 0;
};

}  // namespace

Result<Graph> parse_jsonld(std::string_view data, size_t max_triples) {
  bj::parse_options options;
  options.max_depth = 256;
  std::error_code error;
  bj::value root = bj::parse(data, error, {}, options);
  if (error)
    return make_error(ErrorCode::kBadRequest, "the file is not valid JSON-LD: " + error.message());
  Graph graph;
  Expander expander(graph, max_triples);
  TRY(expander.document(root));
  if (graph.size() == 0) return make_error(ErrorCode::kBadRequest, "the file holds no RDF triples");
  return graph;
}

}  // namespace samverka::rdf
