// SPDX-License-Identifier: Apache-2.0
#include "core/json.h"

#include "core/text.h"

namespace samverka::json {

Result<bj::value> parse(std::string_view text) {
  bj::parse_options options;
  options.max_depth = 64;
  bj::error_code error;
  bj::stream_parser parser({}, options);
  parser.write(text.data(), text.size(), error);
  if (!error) parser.finish(error);
  if (error) {
    return make_error(ErrorCode::kBadRequest, "request body is not valid JSON: " + error.message());
  }
  return parser.release();
}

std::string serialize(const bj::value& value) { return bj::serialize(value); }

const bj::value* find(const bj::object& object, std::string_view key) {
  auto iterator = object.find(key);
  return iterator == object.end() ? nullptr : &iterator->value();
}

bj::value merge_patch(const bj::value& target, const bj::value& patch) {
  if (!patch.is_object()) return patch;
  bj::object result = target.is_object() ? target.get_object() : bj::object();
  for (const auto& [key, value] : patch.get_object()) {
    if (value.is_null()) {
      result.erase(key);
    } else {
      const bj::value* existing = find(result, key);
      result[key] = merge_patch(existing ? *existing : bj::value(nullptr), value);
    }
  }
  return result;
}

void clip_strings(bj::value& value, size_t max_bytes) {
  if (value.is_string()) {
    bj::string& text = value.get_string();
    std::string_view view(text.data(), text.size());
    if (text.size() > max_bytes || text::invalid_utf8_offset(view)) {
      text = text::truncated(text::valid_utf8(view), max_bytes);
    }
  } else if (value.is_array()) {
    for (auto& item : value.get_array()) clip_strings(item, max_bytes);
  } else if (value.is_object()) {
    for (auto& entry : value.get_object()) clip_strings(entry.value(), max_bytes);
  }
}

}  // namespace samverka::json
