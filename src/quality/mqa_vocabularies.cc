// SPDX-License-Identifier: Apache-2.0
#include "quality/mqa_vocabularies.h"

#include <boost/json.hpp>
#include <unordered_map>
#include <unordered_set>

#include "core/text.h"

namespace samverka::quality {

extern const char* const kMqaVocabulariesJson;

namespace {

namespace bj = boost::json;

struct Lists {
  std::unordered_set<std::string> machine_readable;
  std::unordered_set<std::string> non_proprietary;
  std::unordered_map<std::string, std::string> media_types;
  std::unordered_set<std::string> licences;
};

const Lists& lists() {
  static const Lists built = [] {
    Lists out;
    const bj::object root = bj::parse(kMqaVocabulariesJson).as_object();
    for (const bj::value& code : root.at("machine_readable").as_array())
      out.machine_readable.emplace(code.as_string());
    for (const bj::value& code : root.at("non_proprietary").as_array())
      out.non_proprietary.emplace(code.as_string());
    for (const auto& [media_type, code] : root.at("media_types").as_object())
      out.media_types.emplace(std::string(media_type), std::string(code.as_string()));
    for (const bj::value& iri : root.at("licences").as_array())
      out.licences.emplace(iri.as_string());
    return out;
  }();
  return built;
}

// As scripts/gen-mqa-vocabularies normalises the lists.
std::string normalise_licence(std::string_view iri) {
  std::string out = text::ascii_lower(text::trimmed(iri));
  for (std::string_view scheme : {"https://", "http://"}) {
    if (out.starts_with(scheme)) {
      out.erase(0, scheme.size());
      break;
    }
  }
  while (!out.empty() && out.back() == '/') out.pop_back();
  if (size_t at = out.rfind("/legalcode"); at != std::string::npos) {
    std::string_view tail = std::string_view(out).substr(at + 10);
    if (tail.empty() || tail.front() == '.') out.erase(at);
  }
  while (!out.empty() && out.back() == '/') out.pop_back();
  return out;
}

}  // namespace

std::string format_of_media_type(std::string_view media_type) {
  std::string key = text::ascii_lower(text::trimmed(media_type.substr(0, media_type.find(';'))));
  auto found = lists().media_types.find(key);
  return found == lists().media_types.end() ? std::string() : found->second;
}

bool is_machine_readable(std::string_view format) {
  return lists().machine_readable.contains(std::string(format));
}

bool is_non_proprietary(std::string_view format) {
  return lists().non_proprietary.contains(std::string(format));
}

bool is_known_licence(std::string_view iri) {
  return lists().licences.contains(normalise_licence(iri));
}

}  // namespace samverka::quality
