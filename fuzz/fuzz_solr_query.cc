// SPDX-License-Identifier: Apache-2.0
// The Solr syntax of CKAN's q and fq (ckan/solr_query.h), alone: fast, so that millions of
// inputs reach its corners. Checks what the parser promises: bounded depth and terms, ranges
// whose ends are valid times, and iso_ms(solr_date_ms(x)) read back as the same time.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "ckan/solr_query.h"

namespace {

constexpr int64_t kNow = 1796042096789;  // 2026-11-30T12:34:56.789Z

size_t check(const samverka::ckan::SolrNode& node, size_t depth) {
  if (depth > 2 * samverka::ckan::kMaxSolrDepth + 4) std::abort();
  size_t leaves = node.kind == samverka::ckan::SolrNode::Kind::kMatch ? 1 : 0;
  if (node.match == samverka::ckan::SolrNode::Match::kRange) {
    for (const auto* end : {&node.from, &node.to}) {
      if (end->empty()) continue;
      auto ms = samverka::ckan::solr_date_ms(*end, kNow);
      if (!ms.ok() || samverka::ckan::iso_ms(ms.value()) != *end) std::abort();
    }
  }
  for (const auto& child : node.children) leaves += check(child, depth + 1);
  return leaves;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto parsed = samverka::ckan::parse_solr(input, kNow);
  if (parsed.ok() && check(parsed.value(), 0) > samverka::ckan::kMaxSolrClauses) std::abort();
  auto date = samverka::ckan::solr_date_ms(input, kNow);
  if (date.ok()) {
    auto again = samverka::ckan::solr_date_ms(samverka::ckan::iso_ms(date.value()), kNow);
    if (!again.ok() || again.value() != date.value()) std::abort();
  }
  return 0;
}
