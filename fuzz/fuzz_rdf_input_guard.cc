// SPDX-License-Identifier: Apache-2.0
// rdf::InputGuard, the scanner that runs on an RDF file before the parser does, fed in chunks.
// Input: byte 0 picks the syntax (bit 0: Turtle, else XML) and the limits (bit 1: small ones,
// so that every refusal is reachable in a short input); byte 1 seeds the chunk sizes (1 to 64
// bytes); the rest is the file. The same file fed whole must give the same answer.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_support.h"
#include "rdf/input_guard.h"

namespace {

namespace rdf = samverka::rdf;

samverka::Status scan(rdf::InputGuard& guard, std::string_view text, uint32_t seed) {
  while (!text.empty()) {
    seed = seed * 1103515245u + 12345u;  // chunk sizes from the input, reproducibly
    size_t length = std::min<size_t>(text.size(), 1 + (seed >> 16) % 64);
    samverka::Status status = guard.add(text.substr(0, length));
    if (!status.ok()) return status;
    text.remove_prefix(length);
  }
  return {};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  auto syntax = (data[0] & 1) ? rdf::InputGuard::Syntax::kTurtle : rdf::InputGuard::Syntax::kXml;
  rdf::InputLimits limits;
  if (data[0] & 2) {
    limits.max_nesting = 8;
    limits.max_entity_expansion = 4096;
    limits.max_internal_subset = 512;
  }
  std::string_view text(reinterpret_cast<const char*>(data) + 2, size - 2);
  rdf::InputGuard chunked(syntax, limits);
  samverka::Status in_chunks = scan(chunked, text, data[1]);
  rdf::InputGuard whole(syntax, limits);
  samverka::Status at_once = whole.add(text);
  samverka::fuzz::require(in_chunks.ok() == at_once.ok(),
                          "chunk boundaries do not change whether a file passes");
  if (!in_chunks.ok()) {
    samverka::fuzz::require(in_chunks.error().message == at_once.error().message,
                            "chunk boundaries do not change why a file is refused");
  }
  return 0;
}
