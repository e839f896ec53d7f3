// SPDX-License-Identifier: Apache-2.0
// The only file that includes the template engine.
#include "web/render.h"

#include <boost/json.hpp>
#include <kainjow/mustache.hpp>
#include <memory>
#include <unordered_map>

#include "web/resources.h"

namespace samverka::web {

namespace bj = boost::json;
namespace mu = kainjow::mustache;

namespace {

std::string escape_html_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// Dotted keys to strings, from one language file.
using Strings = std::unordered_map<std::string, std::string>;

void flatten(const bj::object& object, const std::string& prefix, Strings& out) {
  for (const auto& [key, value] : object) {
    std::string name = prefix + std::string(key);
    if (value.is_object())
      flatten(value.get_object(), name + ".", out);
    else if (value.is_string())
      out[name] = std::string(value.get_string());
  }
}

const Strings& strings(Lang lang) {
  static const std::array<Strings, 2> all = [] {
    std::array<Strings, 2> loaded;
    for (Lang each : kLanguages) {
      std::string name = "i18n/" + std::string(code(each)) + ".json";
      auto bytes = resource(name);
      if (!bytes) continue;
      boost::system::error_code error;
      bj::value parsed = bj::parse(*bytes, error);
      if (!error && parsed.is_object())
        flatten(parsed.get_object(), "", loaded[static_cast<size_t>(each)]);
    }
    return loaded;
  }();
  return all[static_cast<size_t>(lang)];
}

// A template's source with its [[key]] strings filled in for a language.
// The template with each {{> part}} replaced by web/templates/_part.mustache (one level: parts
// do not include parts).
Result<std::string> with_parts(std::string_view name) {
  auto source = resource("templates/" + std::string(name) + ".mustache");
  if (!source) return make_error(ErrorCode::kInternal, "no template '" + std::string(name) + "'");
  std::string out;
  size_t at = 0;
  while (true) {
    size_t open = source->find("{{>", at);
    if (open == std::string_view::npos) break;
    size_t close = source->find("}}", open + 3);
    if (close == std::string_view::npos) break;
    std::string_view part = source->substr(open + 3, close - open - 3);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
    auto included = resource("templates/_" + std::string(part) + ".mustache");
    if (!included) {
      return make_error(
          ErrorCode::kInternal,
          "template '" + std::string(name) + "' includes no such part '" + std::string(part) + "'");
    }
    out.append(source->substr(at, open - at));
    out.append(*included);
    at = close + 2;
  }
  out.append(source->substr(at));
  return out;
}

Result<std::string> localised_source(std::string_view name, Lang lang) {
  std::string expanded = TRY(with_parts(name));
  std::optional<std::string_view> source = std::string_view(expanded);
  std::string out;
  out.reserve(source->size() + 1024);
  size_t at = 0;
  while (true) {
    size_t open = source->find("[[", at);
    if (open == std::string_view::npos) break;
    size_t close = source->find("]]", open + 2);
    if (close == std::string_view::npos) break;
    out.append(source->substr(at, open - at));
    out += escape_html_text(text(lang, source->substr(open + 2, close - open - 2)));
    at = close + 2;
  }
  out.append(source->substr(at));
  return out;
}

mu::data to_data(const bj::value& value) {
  switch (value.kind()) {
    case bj::kind::object: {
      mu::data out{mu::data::type::object};
      for (const auto& [key, child] : value.get_object()) out.set(std::string(key), to_data(child));
      return out;
    }
    case bj::kind::array: {
      mu::data out{mu::data::type::list};
      for (const bj::value& child : value.get_array()) out.push_back(to_data(child));
      return out;
    }
    case bj::kind::string:
      return mu::data{std::string(value.get_string())};
    case bj::kind::bool_:
      return mu::data{value.get_bool()};
    case bj::kind::int64:
      return mu::data{std::to_string(value.get_int64())};
    case bj::kind::uint64:
      return mu::data{std::to_string(value.get_uint64())};
    case bj::kind::double_:
      return mu::data{bj::serialize(value)};
    case bj::kind::null:
      return mu::data{false};
  }
  return mu::data{false};
}

}  // namespace

std::string escape_html(std::string_view text) { return escape_html_text(text); }

std::string_view code(Lang lang) { return lang == Lang::kSv ? "sv" : "en"; }

std::optional<Lang> parse_lang(std::string_view code) {
  if (code == "sv") return Lang::kSv;
  if (code == "en") return Lang::kEn;
  return std::nullopt;
}

const std::string& text(Lang lang, std::string_view key) {
  const Strings& all = strings(lang);
  auto found = all.find(std::string(key));
  if (found != all.end()) return found->second;
  // Unknown keys are kept, so that a missing string shows as its key rather than as nothing.
  thread_local std::unordered_map<std::string, std::string> missing;
  return missing.try_emplace(std::string(key), std::string(key)).first->second;
}

std::string text(Lang lang, std::string_view key,
                 std::initializer_list<std::pair<std::string_view, std::string>> values) {
  std::string out = text(lang, key);
  for (const auto& [name, value] : values) {
    std::string placeholder = "{" + std::string(name) + "}";
    for (size_t at = out.find(placeholder); at != std::string::npos;
         at = out.find(placeholder, at + value.size()))
      out.replace(at, placeholder.size(), value);
  }
  return out;
}

Result<std::string> render(std::string_view name, Lang lang, const bj::object& view) {
  // Compiled once per thread and language: the engine's templates are not safe to share.
  thread_local std::unordered_map<std::string, std::unique_ptr<mu::mustache>> compiled;
  std::string key = std::string(code(lang)) + ":" + std::string(name);
  auto found = compiled.find(key);
  if (found == compiled.end()) {
    std::string source = TRY(localised_source(name, lang));
    auto engine = std::make_unique<mu::mustache>(source);
    if (!engine->is_valid()) {
      return make_error(ErrorCode::kInternal,
                        "template '" + std::string(name) + "': " + engine->error_message());
    }
    engine->set_custom_escape([](const std::string& text) { return escape_html_text(text); });
    found = compiled.emplace(key, std::move(engine)).first;
  }
  std::string out;
  out.reserve(16 * 1024);
  found->second->render(to_data(bj::value(view)),
                        [&out](const std::string& piece) { out += piece; });
  if (!found->second->is_valid()) {
    return make_error(ErrorCode::kInternal,
                      "template '" + std::string(name) + "': " + found->second->error_message());
  }
  return out;
}

}  // namespace samverka::web
