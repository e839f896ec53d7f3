// SPDX-License-Identifier: Apache-2.0
#include "catalog/dcat/import/import_check.h"

#include <variant>

#include "core/text.h"

namespace samverka::catalog::importing {

namespace bj = boost::json;

namespace {

constexpr int kMaxRepairRounds = 10;
constexpr const char* kDraftSuffix = " before the dataset can be published";

// Splits "distributions[0].title.sv" into keys and indexes.
std::vector<std::variant<std::string, size_t>> path_segments(const std::string& path) {
  std::vector<std::variant<std::string, size_t>> out;
  std::string key;
  for (size_t index = 0; index < path.size(); ++index) {
    char c = path[index];
    if (c == '.' || c == '[') {
      if (!key.empty()) out.emplace_back(key);
      key.clear();
      if (c == '[') {
        size_t close = path.find(']', index);
        if (close == std::string::npos) break;
        out.emplace_back(static_cast<size_t>(std::strtoull(path.c_str() + index + 1, nullptr, 10)));
        index = close;
      }
    } else {
      key.push_back(c);
    }
  }
  if (!key.empty()) out.emplace_back(key);
  return out;
}

// Marks the value at `path` (or its nearest existing ancestor) for removal by setting it to
// null; top-level fields the import itself sets are never removed. False when nothing could be.
bool mark_for_removal(bj::object& body, const std::string& path) {
  auto segments = path_segments(path);
  if (segments.empty() || !std::holds_alternative<std::string>(segments[0])) return false;
  const std::string& field = std::get<std::string>(segments[0]);
  if (field == "publisher" || field == "state" || field == "iri") return false;
  bj::value* target = body.if_contains(field);
  if (target == nullptr) return false;
  for (size_t index = 1; index < segments.size(); ++index) {
    bj::value* next = nullptr;
    if (auto* key = std::get_if<std::string>(&segments[index]); key && target->is_object()) {
      next = target->get_object().if_contains(*key);
    } else if (auto* position = std::get_if<size_t>(&segments[index]);
               position && target->is_array() && *position < target->get_array().size()) {
      next = &target->get_array()[*position];
    }
    if (next == nullptr) break;
    target = next;
  }
  *target = nullptr;
  return true;
}

// Removes the nulls that mark_for_removal left, and containers that became empty.
void sweep(bj::value& value) {
  if (value.is_object()) {
    bj::object& object = value.get_object();
    for (auto entry = object.begin(); entry != object.end();) {
      bool was_container = entry->value().is_object() || entry->value().is_array();
      sweep(entry->value());
      bool empty = (entry->value().is_object() && entry->value().get_object().empty()) ||
                   (entry->value().is_array() && entry->value().get_array().empty());
      if (entry->value().is_null() || (was_container && empty)) {
        entry = object.erase(entry);
      } else {
        ++entry;
      }
    }
  } else if (value.is_array()) {
    bj::array& array = value.get_array();
    for (auto item = array.begin(); item != array.end();) {
      sweep(*item);
      if (item->is_null())
        item = array.erase(item);
      else
        ++item;
    }
  }
}

// Runs a catalogue rule on body, leaving out each value it refuses (with a warning naming the
// field) until it passes; the rule's error when a refusal names nothing that can be left out.
template <typename Rule>
auto check_leaving_out(bj::value& body, std::vector<FieldError>& warnings, const char* what,
                       Rule rule) -> decltype(rule(body)) {
  for (int round = 0; round < kMaxRepairRounds; ++round) {
    auto checked = rule(body);
    if (checked.ok()) return checked;
    bool removed = false;
    for (const auto& detail : checked.error().details) {
      if (mark_for_removal(body.get_object(), detail.field)) {
        removed = true;
        warnings.push_back({detail.field, detail.message + "; left out"});
      }
    }
    if (!removed) return checked;
    sweep(body);
  }
  return make_error(ErrorCode::kValidation,
                    std::string("the ") + what + " could not be brought into line with DCAT-AP-SE");
}

// Keeps the rules' warnings: missing recommended properties as field names (a bulk import's
// report would otherwise repeat the same sentences for every dataset), others whole.
void keep_warnings(Candidate& candidate, std::vector<FieldError>&& warnings) {
  for (auto& warning : warnings) {
    if (warning.message.ends_with(kDraftSuffix)) continue;  // listed as errors instead
    if (warning.message.ends_with("recommended")) {
      candidate.missing_recommended.push_back(std::move(warning.field));
    } else {
      candidate.warnings.push_back(std::move(warning));
    }
  }
}

}  // namespace

bj::array to_json(std::vector<FieldError>&& errors) {
  bj::array out;
  out.reserve(errors.size());
  for (auto& error : errors) {
    out.push_back(
        bj::object{{"field", std::move(error.field)}, {"message", std::move(error.message)}});
  }
  errors.clear();
  errors.shrink_to_fit();
  return out;
}

std::string without_indexes(const std::string& field) {
  std::string out;
  for (size_t index = 0; index < field.size(); ++index) {
    out.push_back(field[index]);
    if (field[index] == '[') {
      while (index + 1 < field.size() && field[index + 1] != ']') ++index;
    }
  }
  return out;
}

std::string title_of(const bj::object& body) {
  const bj::value* titles = body.if_contains("title");
  if (titles == nullptr || !titles->is_object() || titles->get_object().empty()) return "";
  const bj::object& map = titles->get_object();
  for (const char* language : {"sv", "en"}) {
    const bj::value* text = map.if_contains(language);
    if (text != nullptr && text->is_string()) return std::string(text->get_string());
  }
  const bj::value& first = map.begin()->value();
  return first.is_string() ? std::string(first.get_string()) : std::string();
}

void check(Candidate& candidate) {
  bj::value body = candidate.source->body;
  body.get_object()["publisher"] = "import";  // the real one is resolved when it is stored
  candidate.warnings = candidate.source->warnings;
  candidate.title = title_of(candidate.source->body);
  body.get_object()["state"] = "published";
  if (auto published = check_dataset(body); published.ok()) {  // the common case: all is well
    keep_warnings(candidate, std::move(published->warnings));
    candidate.checked = std::move(published.value());
    return;
  }
  auto draft = check_leaving_out(body, candidate.warnings, "dataset", [](bj::value& draft_body) {
    draft_body.get_object()["state"] = "draft";
    return check_dataset(draft_body);
  });
  if (!draft.ok()) {
    candidate.rejected = draft.error().message;
    candidate.rejected_details = draft.error().details;
    return;
  }
  body.get_object()["state"] = "published";
  auto published = check_dataset(body);
  if (published.ok()) {
    keep_warnings(candidate, std::move(published->warnings));
    candidate.checked = std::move(published.value());
    return;
  }
  candidate.errors = published.error().details;
  keep_warnings(candidate, std::move(draft->warnings));
  candidate.checked = std::move(draft.value());
}

Result<CheckedDataService> check_service(bj::value body, std::vector<FieldError>& warnings) {
  auto checked = TRY(check_leaving_out(body, warnings, "data service", [](bj::value& service) {
    return check_data_service(service);
  }));
  for (auto& warning : checked.warnings) warnings.push_back(std::move(warning));
  return checked;
}

}  // namespace samverka::catalog::importing
