// SPDX-License-Identifier: Apache-2.0
#include "web/resources.h"

#include <algorithm>
#include <cstddef>

namespace samverka::web {
namespace detail {
struct EmbeddedFile {
  const char* name;
  std::string_view bytes;
};
extern const EmbeddedFile kEmbeddedFiles[];
extern const size_t kEmbeddedFileCount;
}  // namespace detail

std::optional<std::string_view> resource(std::string_view name) {
  for (size_t index = 0; index < detail::kEmbeddedFileCount; ++index) {
    if (name == detail::kEmbeddedFiles[index].name) return detail::kEmbeddedFiles[index].bytes;
  }
  return std::nullopt;
}

std::vector<std::string> resource_names(std::string_view folder) {
  std::vector<std::string> names;
  for (size_t index = 0; index < detail::kEmbeddedFileCount; ++index) {
    std::string_view name = detail::kEmbeddedFiles[index].name;
    if (name.substr(0, folder.size()) == folder) names.emplace_back(name);
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace samverka::web
