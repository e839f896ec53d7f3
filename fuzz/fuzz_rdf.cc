// SPDX-License-Identifier: Apache-2.0
// RDF import: rdf::parse_graph in each syntax, read in chunks of varying size as an upload
// arrives, then the DCAT mapping (catalog::DcatReader) over the graph and the import's checks of
// every dataset and data service it finds, as ImportService does before it stores anything.
// The first byte chooses the syntax: '0' turtle, '1' rdfxml, '2' ntriples, '3' jsonld,
// '4' guess (any byte: (byte - '0') mod 5); the rest is the file.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/dcat/dcat_reader.h"
#include "catalog/dcat/import/import_check.h"
#include "fuzz_support.h"
#include "rdf/graph.h"

namespace {

namespace bj = boost::json;
namespace catalog = samverka::catalog;
namespace rdf = samverka::rdf;

constexpr const char* kSyntaxes[] = {"turtle", "rdfxml", "ntriples", "jsonld", "guess"};
constexpr size_t kMaxTriples = 2000;

// The file in chunks of a fixed, varied pattern of sizes (the reader copes with short reads),
// so that constructs and UTF-8 sequences fall across chunk boundaries.
rdf::ChunkReader varied_chunks(std::string_view data) {
  return [data, offset = size_t{0}, turn = size_t{0}](char* buffer,
                                                      size_t capacity) mutable -> size_t {
    static constexpr size_t kSizes[] = {4096, 1, 7, 333, 64, 2};
    size_t length = std::min({capacity, data.size() - offset, kSizes[turn++ % 6]});
    std::memcpy(buffer, data.data() + offset, length);
    offset += length;
    return length;
  };
}

void map_and_check(rdf::Graph& graph) {
  catalog::DcatReader reader(graph, "https://fuzz.example");
  (void)reader.publishers();
  for (size_t index = 0; index < reader.size(); ++index) {
    catalog::ImportedDataset dataset = reader.dataset(index);
    catalog::importing::Candidate candidate;
    candidate.source = &dataset;
    catalog::importing::check(candidate);
    (void)catalog::importing::title_of(dataset.body);
  }
  for (size_t index = 0; index < reader.data_service_count(); ++index) {
    catalog::ImportedDataService service = reader.data_service(index);
    std::vector<samverka::FieldError> warnings = service.warnings;
    bj::value body = service.body;
    body.get_object()["publisher"] = "import";  // as ImportService sets it once resolved
    (void)catalog::importing::check_service(std::move(body), warnings);
  }
  (void)reader.notes();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const char* syntax = kSyntaxes[static_cast<uint8_t>(data[0] - '0') % 5];
  std::string_view file(reinterpret_cast<const char*>(data) + 1, size - 1);
  auto graph = rdf::parse_graph(varied_chunks(file), syntax, kMaxTriples);
  if (graph.ok()) {
    samverka::fuzz::require(graph->size() > 0 && graph->size() <= kMaxTriples,
                            "a parsed graph holds 1 to max_triples triples");
    map_and_check(graph.value());
  }
  return 0;
}
