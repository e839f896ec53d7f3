// SPDX-License-Identifier: Apache-2.0
// JSON request bodies: json::parse, the dataset and data-service rules on the parsed value, and
// json::merge_patch as a PATCH applies it. The input is one body, or a target and a patch
// separated by a NUL byte (which no valid JSON holds).
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "catalog/data_service/data_service.h"
#include "catalog/dataset/dataset_rules.h"
#include "core/json.h"
#include "fuzz_support.h"

namespace {

namespace bj = boost::json;
namespace catalog = samverka::catalog;
namespace json = samverka::json;
using samverka::fuzz::require;

// True when the value holds a number JSON cannot write: a literal past the double range
// ("1e400") parses as infinity, which Boost.JSON 1.81 serialises as "Infinity" (not JSON).
bool has_non_finite(const bj::value& value) {
  if (value.is_double()) return !std::isfinite(value.get_double());
  if (value.is_array()) {
    for (const auto& item : value.get_array())
      if (has_non_finite(item)) return true;
  }
  if (value.is_object()) {
    for (const auto& entry : value.get_object())
      if (has_non_finite(entry.value())) return true;
  }
  return false;
}

// Equal, but for doubles that differ in their last bits: Boost.JSON 1.81 reads some long
// literals ("18446744073709523372036854775808") to a neighbour of the nearest double, and its
// serialiser then writes that neighbour exactly.
bool same(const bj::value& a, const bj::value& b) {
  if (a.is_double() && b.is_double()) {
    double x = a.get_double(), y = b.get_double();
    return x == y || std::fabs(x - y) <= 1e-14 * std::max(std::fabs(x), std::fabs(y));
  }
  if (a.kind() != b.kind()) return false;
  if (a.is_array()) {
    const bj::array &left = a.get_array(), &right = b.get_array();
    if (left.size() != right.size()) return false;
    for (size_t index = 0; index < left.size(); ++index)
      if (!same(left[index], right[index])) return false;
    return true;
  }
  if (a.is_object()) {
    const bj::object &left = a.get_object(), &right = b.get_object();
    if (left.size() != right.size()) return false;
    for (const auto& entry : left) {
      const bj::value* other = right.if_contains(entry.key());
      if (!other || !same(entry.value(), *other)) return false;
    }
    return true;
  }
  return a == b;
}

// What the API does with a body: the dataset and the data-service rules. (The import's checks,
// which take bodies the DCAT mapping built, run in fuzz_rdf.)
void check_body(const bj::value& body) {
  auto dataset = catalog::check_dataset(body);
  if (dataset.ok()) {
    // The normalised document is JSON the API serialises as is.
    bj::value document(dataset->document);
    require(json::parse(json::serialize(document)).ok(), "a checked dataset serialises");
    // The rules promise byte sizes that are whole numbers, 0 or more.
    const bj::value* distributions = dataset->document.if_contains("distributions");
    if (distributions && distributions->is_array()) {
      for (const auto& distribution : distributions->get_array()) {
        const bj::value* size =
            distribution.is_object() ? distribution.get_object().if_contains("byte_size") : nullptr;
        require(!size || (size->is_int64() && size->get_int64() >= 0),
                "a checked byte_size is a whole number, 0 or more");
      }
    }
  }
  auto service = catalog::check_data_service(body);
  if (service.ok()) {
    bj::value document(service->document);
    require(json::parse(json::serialize(document)).ok(), "a checked data service serialises");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  size_t separator = input.find('\0');
  auto target = json::parse(input.substr(0, separator));
  if (target.ok()) {
    // What the parser reads, the serialiser writes back to the same value (but infinities).
    if (!has_non_finite(target.value())) {
      auto again = json::parse(json::serialize(target.value()));
      require(again.ok() && same(again.value(), target.value()), "parse(serialize(v)) == v");
    }
    check_body(target.value());
    bj::value clipped = target.value();
    json::clip_strings(clipped, 16);
  }
  if (separator == std::string_view::npos) return 0;
  auto patch = json::parse(input.substr(separator + 1));
  if (!patch.ok()) return 0;
  bj::value before = target.ok() ? target.value() : bj::value(bj::object());
  bj::value merged = json::merge_patch(before, patch.value());
  // RFC 7396: applying the same patch twice changes nothing more.
  require(json::merge_patch(merged, patch.value()) == merged, "merge_patch is idempotent");
  check_body(merged);
  return 0;
}
