// SPDX-License-Identifier: Apache-2.0
// Templates and UI strings. The template engine stays behind this header: pages build views as
// JSON objects and never see it.
#pragma once

#include <boost/json/object.hpp>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "core/result.h"

namespace samverka::web {

enum class Lang { kSv, kEn };
inline constexpr Lang kLanguages[] = {Lang::kSv, Lang::kEn};
std::string_view code(Lang lang);  // "sv", "en"
std::optional<Lang> parse_lang(std::string_view code);
inline Lang other(Lang lang) { return lang == Lang::kSv ? Lang::kEn : Lang::kSv; }

// Text for HTML and XML: & < > " ' escaped.
std::string escape_html(std::string_view text);

// A UI string of web/i18n/{sv,en}.json by its dotted key ("search.button"). A key missing from
// the file gives the key itself (the web test checks that both files have every key used).
const std::string& text(Lang lang, std::string_view key);
// The same with {name} placeholders filled in.
std::string text(Lang lang, std::string_view key,
                 std::initializer_list<std::pair<std::string_view, std::string>> values);

// Renders web/templates/NAME.mustache in a language with a view: {{field}} is escaped for
// HTML, {{{field}}} is not (only for HTML the server made: rendered Markdown, JSON-LD), and
// [[key]] is the UI string `key` in the page's language, filled in when the template is loaded.
// Numbers render as written; null and false hide a section.
Result<std::string> render(std::string_view name, Lang lang, const boost::json::object& view);

}  // namespace samverka::web
