// SPDX-License-Identifier: Apache-2.0
#include "app/quality_command.h"

#include <boost/json.hpp>
#include <cstdio>
#include <fstream>
#include <iterator>

#include "app/cli.h"
#include "quality/shacl.h"
#include "rdf/graph.h"
#include "rdf/rdf.h"

namespace samverka::app {

namespace bj = boost::json;

void add_quality_command(CLI::App& cli, QualityCommand& command,
                         const std::function<void(CLI::App*)>& add_data_option) {
  auto* quality = cli.add_subcommand("quality", "metadata quality: link checks and MQA scores");
  quality->require_subcommand(1);
  command.run = quality->add_subcommand(
      "run", "check the links that are due, then score every published, public dataset");
  add_data_option(command.run);
  command.run->add_flag("--no-links", command.no_links, "score with the links as last checked");
  command.run->add_flag("--json", command.json, "print the run's result as JSON");
  command.show =
      quality->add_subcommand("show", "the latest score of the catalogue or a publisher");
  add_data_option(command.show);
  command.show->add_option("ORGANISATION", command.organization, "id or slug; none: the catalogue");
  command.show->add_flag("--json", command.json, "print JSON");
  command.validate = quality->add_subcommand(
      "validate", "check an RDF file against the DCAT-AP 3.0.1 SHACL shapes (no data folder)");
  command.validate->add_option("FILE", command.file, "the RDF file")->required();
  command.validate->add_option("--format", command.format,
                               "rdfxml, turtle, ntriples, jsonld (default: from its contents)");
  command.validate->add_flag("--json", command.json, "print JSON");
}

int run_validate_command(const QualityCommand& command) {
  std::ifstream in(command.file, std::ios::binary);
  if (!in) {
    print_error(make_error(ErrorCode::kNotFound, "cannot read " + command.file));
    return 1;
  }
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::string syntax = command.format == "guess" ? rdf::syntax_for(command.file) : command.format;
  auto graph = rdf::parse_graph(text, syntax, 5'000'000);
  if (!graph.ok()) {
    print_error(graph.error());
    return 1;
  }
  graph->index();
  std::vector<quality::ShaclResult> results = quality::ShapesGraph::dcat_ap().validate(*graph);
  bj::array violations, others;
  for (const quality::ShaclResult& result : results) {
    bj::object item{{"focus", result.focus},       {"path", result.path},
                    {"shape", result.shape},       {"component", result.component},
                    {"severity", result.severity}, {"message", result.message}};
    (result.severity == "Violation" ? violations : others).push_back(std::move(item));
  }
  bool conforms = violations.empty();
  if (command.json) {
    std::printf("%s\n", bj::serialize(bj::object{{"conforms", conforms},
                                                 {"violations", std::move(violations)},
                                                 {"others", std::move(others)}})
                            .c_str());
  } else {
    std::printf("%s: %s, %zu violations\n", command.file.c_str(),
                conforms ? "conforms to DCAT-AP 3.0.1" : "does not conform to DCAT-AP 3.0.1",
                violations.size());
    for (const bj::value& item : violations) {
      const bj::object& v = item.get_object();
      std::printf("  %s  %s: %s\n", v.at("focus").as_string().c_str(),
                  v.at("path").as_string().c_str(), v.at("message").as_string().c_str());
    }
  }
  return conforms ? 0 : 2;
}

namespace {

double number(const bj::object& object, const char* key) {
  const bj::value* value = object.if_contains(key);
  if (value == nullptr) return 0;
  if (value->is_double()) return value->get_double();
  if (value->is_int64()) return static_cast<double>(value->get_int64());
  return 0;
}

std::string text(const bj::object& object, const char* key) {
  const bj::value* value = object.if_contains(key);
  return value && value->is_string() ? std::string(value->get_string()) : std::string();
}

}  // namespace

int run_quality_command(const QualityCommand& command, Runtime& runtime,
                        const std::function<void(int64_t, int64_t)>& progress) {
  if (command.run->parsed()) {
    auto result = runtime.quality->run(
        !command.no_links,
        [&progress](int64_t done, int64_t total, const std::string&) { progress(done, total); },
        {});
    if (!result.ok()) {
      print_error(result.error());
      return 1;
    }
    if (command.json) {
      std::printf("%s\n", bj::serialize(result.value()).c_str());
      return 0;
    }
    if (const bj::value* links = result->if_contains("links"); links && links->is_object()) {
      std::printf("links: %.0f checked, %.0f reachable, %.0f broken\n",
                  number(links->get_object(), "checked"), number(links->get_object(), "reachable"),
                  number(links->get_object(), "broken"));
    }
    std::printf("scored %.0f datasets of %.0f publishers: %.1f of 405 points (%s)\n",
                number(result.value(), "datasets"), number(result.value(), "publishers"),
                number(result.value(), "points"), text(result.value(), "rating").c_str());
    return 0;
  }
  auto shown = runtime.quality->scope_quality(command.organization, 30);
  if (!shown.ok()) {
    print_error(shown.error());
    return 1;
  }
  if (command.json) {
    std::printf("%s\n", bj::serialize(shown.value()).c_str());
    return 0;
  }
  std::printf("%s, scored %s: %.1f of 405 points (%s), %.0f datasets\n",
              command.organization.empty() ? "the catalogue" : command.organization.c_str(),
              text(shown.value(), "scored").c_str(), number(shown.value(), "points"),
              text(shown.value(), "rating").c_str(), number(shown.value(), "datasets"));
  if (const bj::value* fixes = shown->if_contains("fixes"); fixes && fixes->is_array()) {
    size_t shown_fixes = 0;
    for (const bj::value& fix : fixes->get_array()) {
      if (++shown_fixes > 5) break;  // the five that gain the most
      const bj::object& item = fix.get_object();
      std::string what = item.at("fix").at("en").is_string()
                             ? std::string(item.at("fix").at("en").get_string())
                             : std::string();
      std::printf("  +%5.1f  %s (%.0f datasets", number(item, "points"), what.c_str(),
                  number(item, "datasets"));
      if (double unchecked = number(item, "distributions_unchecked"); unchecked > 0)
        std::printf("; %.0f distributions not checked yet", unchecked);
      std::printf(")\n");
    }
  }
  return 0;
}

}  // namespace samverka::app
