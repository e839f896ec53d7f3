// SPDX-License-Identifier: Apache-2.0
#include "catalog/vocabulary/field_rules.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <regex>

#include "catalog/vocabulary/vocabulary.h"
#include "core/text.h"

namespace samverka::catalog {

namespace {
const char* type_name(const bj::value& value) {
  switch (value.kind()) {
    case bj::kind::null:
      return "null";
    case bj::kind::bool_:
      return "a boolean";
    case bj::kind::int64:
    case bj::kind::uint64:
    case bj::kind::double_:
      return "a number";
    case bj::kind::string:
      return "a string";
    case bj::kind::array:
      return "an array";
    case bj::kind::object:
      return "an object";
  }
  return "unknown";
}
std::string indexed(const std::string& field, size_t index) {
  return field + "[" + std::to_string(index) + "]";
}
constexpr size_t kMaxListLength = 1000;
}  // namespace

std::optional<bj::value> FieldChecker::list(const std::string& field, const bj::value& value,
                                            const char* what, const ItemCheck& item_check) {
  if (!value.is_array() || value.get_array().size() > kMaxListLength) {
    error(field, std::string("must be a list of at most 1000 ") + what);
    return std::nullopt;
  }
  bj::array out;
  bool ok = true;
  for (size_t index = 0; index < value.get_array().size(); ++index) {
    auto item = item_check(indexed(field, index), value.get_array()[index]);
    if (!item)
      ok = false;
    else if (std::find(out.begin(), out.end(), *item) == out.end())
      out.push_back(*item);
  }
  if (!ok) return std::nullopt;
  return bj::value(std::move(out));
}

void FieldChecker::error(std::string field, std::string message) {
  errors_.push_back({std::move(field), std::move(message)});
}
void FieldChecker::warning(std::string field, std::string message) {
  warnings_.push_back({std::move(field), std::move(message)});
}

namespace {
// A control character (NUL and the like) has no place in metadata text: RDF serialisations and
// pages would each show it differently, or cut the text at it.
std::optional<std::string> control_character_problem(std::string_view text) {
  auto offset = text::control_character_offset(text);
  if (!offset) return std::nullopt;
  char code[8];
  std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned char>(text[*offset]));
  return "holds the control character " + std::string(code) + " at byte " +
         std::to_string(*offset) + "; only tab, line feed and carriage return are allowed";
}
}  // namespace

bool has_text(const bj::value* value) {
  if (value == nullptr || !value->is_object()) return false;
  for (const auto& [language, text] : value->get_object()) {
    if (text.is_string() && !text.get_string().empty()) return true;
    if (text.is_array() && !text.get_array().empty()) return true;
  }
  return false;
}

std::optional<bj::value> FieldChecker::language_map(const std::string& field,
                                                    const bj::value& value, size_t max_length) {
  if (!value.is_object()) {
    error(field,
          std::string("must be an object of language tag to text, like {\"sv\": \"...\"}, not ") +
              type_name(value));
    return std::nullopt;
  }
  bj::object out;
  bool ok = true;
  for (const auto& [language, text] : value.get_object()) {
    std::string path = field + "." + std::string(language);
    if (!text::is_language_tag(language)) {
      error(path, "'" + std::string(language) + "' is not a language tag such as sv or en");
      ok = false;
    } else if (!text.is_string()) {
      error(path, std::string("must be a string, not ") + type_name(text));
      ok = false;
    } else if (text.get_string().size() > max_length) {
      error(path, "is longer than " + std::to_string(max_length) + " characters");
      ok = false;
    } else if (auto problem = control_character_problem(text.get_string())) {
      error(path, *problem);
      ok = false;
    } else if (!text.get_string().empty()) {
      out[language] = text;
    }
  }
  if (!ok) return std::nullopt;
  return bj::value(std::move(out));
}

std::optional<bj::value> FieldChecker::language_list_map(const std::string& field,
                                                         const bj::value& value) {
  if (!value.is_object()) {
    error(field, std::string("must be an object of language tag to a list of strings, like "
                             "{\"sv\": [\"vatten\"]}, not ") +
                     type_name(value));
    return std::nullopt;
  }
  bj::object out;
  bool ok = true;
  for (const auto& [language, list] : value.get_object()) {
    std::string path = field + "." + std::string(language);
    if (!text::is_language_tag(language)) {
      error(path, "'" + std::string(language) + "' is not a language tag such as sv or en");
      ok = false;
      continue;
    }
    if (!list.is_array() || list.get_array().size() > kMaxListLength) {
      error(path, "must be a list of at most 1000 strings");
      ok = false;
      continue;
    }
    bj::array words;
    for (size_t index = 0; index < list.get_array().size(); ++index) {
      const auto& word = list.get_array()[index];
      if (!word.is_string() || word.get_string().empty() || word.get_string().size() > 200) {
        error(indexed(path, index), "must be a non-empty string of at most 200 characters");
        ok = false;
      } else if (auto problem = control_character_problem(word.get_string())) {
        error(indexed(path, index), *problem);
        ok = false;
      } else {
        words.push_back(word);
      }
    }
    if (!words.empty()) out[language] = std::move(words);
  }
  if (!ok) return std::nullopt;
  return bj::value(std::move(out));
}

std::optional<bj::value> FieldChecker::code(const std::string& field, const bj::value& value,
                                            const char* vocabulary_name) {
  const Vocabulary* vocabulary = find_vocabulary(vocabulary_name);
  if (!value.is_string()) {
    error(field, std::string("must be a code of the ") + vocabulary_name + " vocabulary, not " +
                     type_name(value));
    return std::nullopt;
  }
  const VocabularyEntry* entry = vocabulary->find(value.get_string());
  if (entry == nullptr) {
    error(field, "'" + std::string(value.get_string()) + "' is not in the " + vocabulary_name +
                     " vocabulary (see /api/v1/vocabularies/" + vocabulary_name + ")");
    return std::nullopt;
  }
  return bj::value(entry->code);
}

std::optional<bj::value> FieldChecker::code_list(const std::string& field, const bj::value& value,
                                                 const char* vocabulary) {
  return list(
      field, value, (std::string("codes of the ") + vocabulary + " vocabulary").c_str(),
      [&](const std::string& path, const bj::value& item) { return code(path, item, vocabulary); });
}

std::optional<bj::value> FieldChecker::url(const std::string& field, const bj::value& value) {
  if (!value.is_string() || !text::is_http_url(value.get_string())) {
    error(field, "must be an absolute http or https URL");
    return std::nullopt;
  }
  return value;
}

std::optional<bj::value> FieldChecker::url_list(const std::string& field, const bj::value& value) {
  return list(field, value, "http or https URLs",
              [&](const std::string& path, const bj::value& item) { return url(path, item); });
}

std::optional<bj::value> FieldChecker::iri(const std::string& field, const bj::value& value) {
  if (!value.is_string() || !text::is_absolute_iri(value.get_string())) {
    error(field, "must be an absolute IRI such as http://sws.geonames.org/2661886/");
    return std::nullopt;
  }
  return value;
}

std::optional<bj::value> FieldChecker::iri_list(const std::string& field, const bj::value& value) {
  return list(field, value, "absolute IRIs",
              [&](const std::string& path, const bj::value& item) { return iri(path, item); });
}

std::optional<bj::value> FieldChecker::date(const std::string& field, const bj::value& value) {
  if (!value.is_string() || !text::is_date_or_datetime(value.get_string())) {
    error(field, "must be a date (YYYY-MM-DD) or date-time (YYYY-MM-DDThh:mm:ssZ)");
    return std::nullopt;
  }
  return value;
}

std::optional<bj::value> FieldChecker::boolean(const std::string& field, const bj::value& value) {
  if (!value.is_bool()) {
    error(field, std::string("must be true or false, not ") + type_name(value));
    return std::nullopt;
  }
  return value;
}

std::optional<bj::value> FieldChecker::string(const std::string& field, const bj::value& value,
                                              size_t max_length) {
  if (!value.is_string() || value.get_string().size() > max_length) {
    error(field, "must be a string of at most " + std::to_string(max_length) + " characters");
    return std::nullopt;
  }
  if (auto problem = control_character_problem(value.get_string())) {
    error(field, *problem);
    return std::nullopt;
  }
  return value;
}

std::optional<bj::value> FieldChecker::non_negative_integer(const std::string& field,
                                                            const bj::value& value) {
  // (past 2^63 - 1 a uint64 would wrap negative when stored: refused like any bad number)
  if (value.is_uint64() && value.get_uint64() <= static_cast<uint64_t>(INT64_MAX)) {
    return bj::value(static_cast<int64_t>(value.get_uint64()));
  }
  if (!value.is_int64() || value.get_int64() < 0) {
    error(field, "must be a whole number, 0 or more");
    return std::nullopt;
  }
  return value;
}

std::optional<bj::value> FieldChecker::media_type(const std::string& field,
                                                  const bj::value& value) {
  static const std::regex pattern(
      R"(^[a-zA-Z0-9][a-zA-Z0-9!#$&^_.+-]{0,126}/[a-zA-Z0-9][a-zA-Z0-9!#$&^_.+-]{0,126}$)");
  if (!value.is_string() ||
      !std::regex_match(value.get_string().begin(), value.get_string().end(), pattern)) {
    error(field, "must be an IANA media type such as text/csv");
    return std::nullopt;
  }
  return value;
}

std::optional<bj::value> FieldChecker::license(const std::string& field, const bj::value& value) {
  if (!value.is_string()) {
    error(field, "must be a licence IRI or an SPDX identifier such as CC-BY-4.0");
    return std::nullopt;
  }
  const VocabularyEntry* entry = find_vocabulary("license")->find(value.get_string());
  if (entry != nullptr) return bj::value(entry->iri);
  if (text::is_absolute_iri(value.get_string()) &&
      value.get_string().find("://") != bj::string::npos) {
    return value;  // a licence outside the lists, given by its IRI
  }
  error(field, "'" + std::string(value.get_string()) +
                   "' is neither a licence IRI nor a known licence identifier "
                   "(see /api/v1/vocabularies/license)");
  return std::nullopt;
}

std::optional<bj::value> FieldChecker::contact_point(const std::string& field,
                                                     const bj::value& value) {
  if (!value.is_object()) {
    error(field, "must be an object with kind, name, email and phone");
    return std::nullopt;
  }
  bj::object out;
  size_t errors_before = errors_.size();
  for (const auto& [key, item] : value.get_object()) {
    std::string path = field + "." + std::string(key);
    if (key == "kind") {
      if (!item.is_string() ||
          (item.get_string() != "organization" && item.get_string() != "individual")) {
        error(path, "must be organization or individual");
      } else {
        out[key] = item;
      }
    } else if (key == "name") {
      if (!item.is_string() || item.get_string().empty() || item.get_string().size() > 500) {
        error(path, "must be a non-empty string of at most 500 characters");
      } else {
        out[key] = item;
      }
    } else if (key == "email") {
      std::string_view address = item.is_string() ? std::string_view(item.get_string()) : "";
      if (address.rfind("mailto:", 0) == 0) address.remove_prefix(7);
      if (!text::is_email(address))
        error(path, "is not a valid e-mail address");
      else
        out[key] = address;
    } else if (key == "phone") {
      static const std::regex pattern(R"(^\+?[0-9 ()-]{3,30}$)");
      if (!item.is_string() ||
          !std::regex_match(item.get_string().begin(), item.get_string().end(), pattern)) {
        error(path, "must be a telephone number such as +46 8 506 940 00");
      } else {
        out[key] = item;
      }
    } else {
      error(path, "is not a field of a contact point (kind, name, email, phone)");
    }
  }
  if (errors_.size() != errors_before) return std::nullopt;
  if (!out.contains("name")) error(field + ".name", "is required");
  if (!out.contains("email") && !out.contains("phone")) {
    warning(field + ".email", "a contact point should have an e-mail address");
  }
  if (!out.contains("kind")) out["kind"] = "organization";
  if (errors_.size() != errors_before) return std::nullopt;
  return bj::value(std::move(out));
}

std::optional<bj::value> FieldChecker::temporal(const std::string& field, const bj::value& value) {
  if (!value.is_object()) {
    error(field, "must be an object with start and/or end dates");
    return std::nullopt;
  }
  bj::object out;
  size_t errors_before = errors_.size();
  for (const auto& [key, item] : value.get_object()) {
    std::string path = field + "." + std::string(key);
    if (key != "start" && key != "end") {
      error(path, "is not a field of a time period (start, end)");
    } else if (auto checked = date(path, item)) {
      out[key] = *checked;
    }
  }
  if (errors_.size() != errors_before) return std::nullopt;
  if (out.empty()) {
    error(field, "needs a start or an end");
    return std::nullopt;
  }
  if (out.contains("start") && out.contains("end") &&
      out["start"].get_string().subview(0, 10) > out["end"].get_string().subview(0, 10)) {
    error(field, "start is after end");
    return std::nullopt;
  }
  return bj::value(std::move(out));
}

std::optional<bj::value> FieldChecker::checksum(const std::string& field, const bj::value& value) {
  static const std::regex hex("^[0-9a-fA-F]+$");
  const bj::object* object = value.if_object();
  const bj::value* algorithm = object ? object->if_contains("algorithm") : nullptr;
  const bj::value* digest = object ? object->if_contains("value") : nullptr;
  if (object == nullptr || object->size() != 2 || algorithm == nullptr || digest == nullptr ||
      !algorithm->is_string() || !digest->is_string()) {
    error(field, "must be {\"algorithm\": \"sha256\", \"value\": \"<hex>\"}");
    return std::nullopt;
  }
  static const std::map<std::string, size_t, std::less<>> kLengths = {
      {"md5", 32}, {"sha1", 40}, {"sha256", 64}, {"sha512", 128}};
  auto length = kLengths.find(std::string_view(algorithm->get_string()));
  if (length == kLengths.end()) {
    error(field + ".algorithm", "must be one of md5, sha1, sha256, sha512");
    return std::nullopt;
  }
  const auto& text = digest->get_string();
  if (text.size() != length->second || !std::regex_match(text.begin(), text.end(), hex)) {
    error(field + ".value", "must be " + std::to_string(length->second) + " hexadecimal digits");
    return std::nullopt;
  }
  return value;
}

}  // namespace samverka::catalog
