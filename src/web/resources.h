// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace samverka::web {

// The files of the repository's web/ folder (templates/, i18n/, static/), built into the binary.
// name: the path under web/, e.g. "templates/layout.mustache".
std::optional<std::string_view> resource(std::string_view name);
// The names under a folder ("static/"), sorted.
std::vector<std::string> resource_names(std::string_view folder);

}  // namespace samverka::web
