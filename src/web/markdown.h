// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <string_view>

namespace samverka::web {

// Markdown (CommonMark with GitHub's tables, strikethrough and autolinks) as HTML, in safe
// mode: raw HTML is dropped and javascript:, vbscript:, file: and data: links are removed.
// Images become links to them, so that no page loads a picture from another host.
std::string markdown_html(std::string_view markdown);

}  // namespace samverka::web
