// SPDX-License-Identifier: Apache-2.0
#include "catalog/dataset/dataset_rules.h"

#include <algorithm>
#include <functional>
#include <map>

#include "catalog/vocabulary/field_rules.h"
#include "core/ids.h"
#include "core/text.h"

namespace samverka::catalog {

bj::object to_json(const DatasetRecord& record) {
  bj::object out;
  out["id"] = record.id;
  out["slug"] = record.slug;
  for (const auto& [key, value] : record.document) out[key] = value;
  out["publisher"] = record.publisher_id;
  out["state"] = state_name(record.state);
  out["private"] = record.is_private;
  out["created"] = record.created;
  out["metadata_modified"] = record.record_modified;
  out["revision"] = record.revision;
  return out;
}

const char* state_name(DatasetState state) {
  switch (state) {
    case DatasetState::kDraft:
      return "draft";
    case DatasetState::kPublished:
      return "published";
    case DatasetState::kWithdrawn:
      return "withdrawn";
  }
  return "draft";
}

bool parse_state(std::string_view text, DatasetState& state) {
  if (text == "draft")
    state = DatasetState::kDraft;
  else if (text == "published")
    state = DatasetState::kPublished;
  else if (text == "withdrawn")
    state = DatasetState::kWithdrawn;
  else
    return false;
  return true;
}

namespace {

constexpr size_t kTitleLength = 1000;
constexpr size_t kDescriptionLength = 100000;
constexpr size_t kMaxDistributions = 1000;
const char* const kHvdRegulation = "http://data.europa.eu/eli/reg_impl/2023/138/oj";

using Check =
    std::function<std::optional<bj::value>(FieldChecker&, const std::string&, const bj::value&)>;

// The descriptive fields of a distribution, with their check.
const std::map<std::string, Check, std::less<>>& distribution_fields() {
  static const std::map<std::string, Check, std::less<>> kFields = {
      {"title", [](FieldChecker& c, const std::string& f,
                   const bj::value& v) { return c.language_map(f, v, kTitleLength); }},
      {"description", [](FieldChecker& c, const std::string& f,
                         const bj::value& v) { return c.language_map(f, v, kDescriptionLength); }},
      {"access_url",
       [](FieldChecker& c, const std::string& f, const bj::value& v) { return c.url(f, v); }},
      {"download_urls",
       [](FieldChecker& c, const std::string& f, const bj::value& v) { return c.url_list(f, v); }},
      {"format", [](FieldChecker& c, const std::string& f,
                    const bj::value& v) { return c.code(f, v, "file-type"); }},
      {"media_type", [](FieldChecker& c, const std::string& f,
                        const bj::value& v) { return c.media_type(f, v); }},
      {"license",
       [](FieldChecker& c, const std::string& f, const bj::value& v) { return c.license(f, v); }},
      {"byte_size", [](FieldChecker& c, const std::string& f,
                       const bj::value& v) { return c.non_negative_integer(f, v); }},
      {"checksum",
       [](FieldChecker& c, const std::string& f, const bj::value& v) { return c.checksum(f, v); }},
      {"status", [](FieldChecker& c, const std::string& f,
                    const bj::value& v) { return c.code(f, v, "distribution-status"); }},
      {"availability", [](FieldChecker& c, const std::string& f,
                          const bj::value& v) { return c.code(f, v, "planned-availability"); }},
      {"issued",
       [](FieldChecker& c, const std::string& f, const bj::value& v) { return c.date(f, v); }},
      {"modified",
       [](FieldChecker& c, const std::string& f, const bj::value& v) { return c.date(f, v); }},
      {"languages", [](FieldChecker& c, const std::string& f,
                       const bj::value& v) { return c.code_list(f, v, "language"); }},
      {"conforms_to",
       [](FieldChecker& c, const std::string& f, const bj::value& v) { return c.iri_list(f, v); }},
      {"documentation",
       [](FieldChecker& c, const std::string& f, const bj::value& v) { return c.url_list(f, v); }},
      {"rights", [](FieldChecker& c, const std::string& f,
                    const bj::value& v) { return c.language_map(f, v, kDescriptionLength); }},
  };
  return kFields;
}

std::optional<bj::value> check_distributions(FieldChecker& checker, const std::string& field,
                                             const bj::value& value) {
  if (!value.is_array() || value.get_array().size() > kMaxDistributions) {
    checker.error(field, "must be a list of at most 1000 distributions");
    return std::nullopt;
  }
  bj::array out;
  bool ok = true;
  for (size_t index = 0; index < value.get_array().size(); ++index) {
    std::string path = field + "[" + std::to_string(index) + "]";
    const bj::value& item = value.get_array()[index];
    if (!item.is_object()) {
      checker.error(path, "must be an object");
      ok = false;
      continue;
    }
    bj::object distribution;
    for (const auto& [key, child] : item.get_object()) {
      std::string child_path = path + "." + std::string(key);
      if (key == "id") {
        if (!child.is_string() || !ids::is_uuid(child.get_string())) {
          checker.error(child_path, "must be a UUID");
          ok = false;
        } else {
          distribution["id"] = child;
        }
        continue;
      }
      auto rule = distribution_fields().find(std::string_view(key));
      if (rule == distribution_fields().end()) {
        checker.error(child_path, "is not a field of a distribution");
        ok = false;
      } else if (child.is_null()) {
        continue;
      } else if (auto checked = rule->second(checker, child_path, child)) {
        distribution[key] = std::move(*checked);
      } else {
        ok = false;
      }
    }
    if (!distribution.contains("id")) distribution["id"] = ids::new_uuid();
    out.push_back(std::move(distribution));
  }
  if (!ok) return std::nullopt;
  return bj::value(std::move(out));
}

// The descriptive fields of a dataset, with their check.
const std::map<std::string, Check, std::less<>>& dataset_fields() {
  static const std::map<std::string, Check, std::less<>> kFields = {
      {"iri",
       [](FieldChecker& c, const std::string& f, const bj::value& v) { return c.iri(f, v); }},
      {"identifier", [](FieldChecker& c, const std::string& f,
                        const bj::value& v) { return c.string(f, v, 1000); }},
      {"title", [](FieldChecker& c, const std::string& f,
                   const bj::value& v) { return c.language_map(f, v, kTitleLength); }},
      {"description", [](FieldChecker& c, const std::string& f,
                         const bj::value& v) { return c.language_map(f, v, kDescriptionLength); }},
      {"contact_point", [](FieldChecker& c, const std::string& f,
                           const bj::value& v) { return c.contact_point(f, v); }},
      {"keywords", [](FieldChecker& c, const std::string& f,
                      const bj::value& v) { return c.language_list_map(f, v); }},
      {"themes", [](FieldChecker& c, const std::string& f,
                    const bj::value& v) { return c.code_list(f, v, "data-theme"); }},
      {"access_rights", [](FieldChecker& c, const std::string& f,
                           const bj::value& v) { return c.code(f, v, "access-right"); }},
      {"spatial",
       [](FieldChecker& c, const std::string& f, const bj::value& v) { return c.iri_list(f, v); }},
      {"temporal",
       [](FieldChecker& c, const std::string& f, const bj::value& v) { return c.temporal(f, v); }},
      {"frequency", [](FieldChecker& c, const std::string& f,
                       const bj::value& v) { return c.code(f, v, "frequency"); }},
      {"issued",
       [](FieldChecker& c, const std::string& f, const bj::value& v) { return c.date(f, v); }},
      {"modified",
       [](FieldChecker& c, const std::string& f, const bj::value& v) { return c.date(f, v); }},
      {"conforms_to",
       [](FieldChecker& c, const std::string& f, const bj::value& v) { return c.iri_list(f, v); }},
      {"landing_page",
       [](FieldChecker& c, const std::string& f, const bj::value& v) { return c.url(f, v); }},
      {"documentation",
       [](FieldChecker& c, const std::string& f, const bj::value& v) { return c.url_list(f, v); }},
      {"languages", [](FieldChecker& c, const std::string& f,
                       const bj::value& v) { return c.code_list(f, v, "language"); }},
      {"version", [](FieldChecker& c, const std::string& f,
                     const bj::value& v) { return c.string(f, v, 100); }},
      {"hvd_categories", [](FieldChecker& c, const std::string& f,
                            const bj::value& v) { return c.code_list(f, v, "hvd-category"); }},
      {"applicable_legislation",
       [](FieldChecker& c, const std::string& f, const bj::value& v) { return c.iri_list(f, v); }},
      {"distributions", check_distributions},
  };
  return kFields;
}

bool present(const bj::object& document, const char* key) {
  const bj::value* value = document.if_contains(key);
  if (value == nullptr) return false;
  if (value->is_array()) return !value->get_array().empty();
  if (value->is_object()) return !value->get_object().empty();
  return true;
}

// Mandatory properties of DCAT-AP-SE 3.0.1, reported as errors for published datasets and as
// warnings ("needed to publish") for drafts.
void check_mandatory(const bj::object& document, bool published, FieldChecker& checker) {
  // Fields that already have an error (and so were left out of the document) are not
  // reported again as missing.
  std::vector<std::string> refused;
  for (const FieldError& error : checker.errors()) refused.push_back(error.field);
  auto report = [&](std::string field, std::string message) {
    for (const std::string& done : refused) {
      if (done == field || done.rfind(field + ".", 0) == 0 || done.rfind(field + "[", 0) == 0)
        return;
    }
    if (published)
      checker.error(std::move(field), std::move(message));
    else
      checker.warning(std::move(field),
                      std::move(message) + " before the dataset can be published");
  };
  if (!has_text(document.if_contains("title")))
    report("title", "is required in at least one language");
  if (!has_text(document.if_contains("description"))) {
    report("description", "is required in at least one language");
  }
  if (const bj::value* distributions = document.if_contains("distributions")) {
    for (size_t index = 0; index < distributions->get_array().size(); ++index) {
      const auto& distribution = distributions->get_array()[index].get_object();
      std::string path = "distributions[" + std::to_string(index) + "]";
      if (!distribution.contains("access_url")) report(path + ".access_url", "is required");
      if (!distribution.contains("format")) report(path + ".format", "is required");
    }
  }
  if (const bj::value* legislation = document.if_contains("applicable_legislation")) {
    const auto& list = legislation->get_array();
    bool hvd = std::any_of(list.begin(), list.end(), [](const bj::value& item) {
      return item.get_string() == kHvdRegulation;
    });
    if (hvd && !present(document, "hvd_categories")) {
      report("hvd_categories", "is required for a high-value dataset");
    }
  }
}

void check_recommended(const bj::object& document, FieldChecker& checker) {
  static const std::pair<const char*, const char*> kRecommended[] = {
      {"contact_point", "a contact point is recommended"},
      {"keywords", "keywords are recommended"},
      {"themes", "a theme is recommended"},
      {"access_rights", "access rights are recommended"},
      {"issued", "a release date is recommended"},
      {"spatial", "a geographical area is recommended"},
      {"temporal", "a time period is recommended"},
      {"conforms_to", "a standard the dataset conforms to is recommended"},
      {"distributions", "at least one distribution is recommended"},
  };
  for (const auto& [field, message] : kRecommended) {
    if (!present(document, field)) checker.warning(field, message);
  }
  if (const bj::value* distributions = document.if_contains("distributions")) {
    for (size_t index = 0; index < distributions->get_array().size(); ++index) {
      const auto& distribution = distributions->get_array()[index].get_object();
      std::string path = "distributions[" + std::to_string(index) + "]";
      if (!distribution.contains("license"))
        checker.warning(path + ".license", "a licence is recommended");
      if (!distribution.contains("description")) {
        checker.warning(path + ".description", "a description is recommended");
      }
      if (!distribution.contains("availability")) {
        checker.warning(path + ".availability", "an availability is recommended");
      }
    }
  }
}

}  // namespace

Result<CheckedDataset> check_dataset(const bj::value& body) {
  if (!body.is_object()) {
    return make_error(ErrorCode::kBadRequest, "the request body must be a JSON object");
  }
  FieldChecker checker;
  CheckedDataset checked;
  bool has_publisher = false;
  for (const auto& [key, value] : body.get_object()) {
    std::string field(key);
    if (std::find_if(std::begin(kDatasetServerFields), std::end(kDatasetServerFields),
                     [&](const char* name) { return field == name; }) !=
        std::end(kDatasetServerFields)) {
      if (field == "id" && !value.is_null()) {
        if (!value.is_string() || !ids::is_uuid(value.get_string())) {
          checker.error("id", "must be a UUID");
        } else {
          checked.id = std::string(value.get_string());
        }
      }
      continue;
    }
    if (field == "slug") {
      if (value.is_null()) continue;
      if (!value.is_string() || !text::is_slug(value.get_string())) {
        checker.error(
            "slug",
            "must be 2-100 characters of a-z, 0-9 and '-', not starting or ending with '-'");
      } else {
        checked.slug = std::string(value.get_string());
      }
    } else if (field == "publisher") {
      if (!value.is_string() || value.get_string().empty()) {
        checker.error("publisher", "must be the id or slug of an organisation");
      } else {
        checked.publisher = std::string(value.get_string());
        has_publisher = true;
      }
    } else if (field == "state") {
      if (!value.is_string() || !parse_state(value.get_string(), checked.state)) {
        checker.error("state", "must be draft, published or withdrawn");
      }
    } else if (field == "private") {
      if (auto flag = checker.boolean("private", value)) checked.is_private = flag->get_bool();
    } else {
      auto rule = dataset_fields().find(field);
      if (rule == dataset_fields().end()) {
        checker.error(field, "is not a field of a dataset");
      } else if (!value.is_null()) {
        if (auto normalised = rule->second(checker, field, value)) {
          checked.document[field] = std::move(*normalised);
        }
      }
    }
  }
  if (!has_publisher) {
    checker.error("publisher", "is required: the organisation that publishes the dataset");
  }
  // Every rule speaks at once, so a publisher fixes all in one go: the mandatory fields too.
  check_mandatory(checked.document, checked.state == DatasetState::kPublished, checker);
  if (checker.has_errors()) {
    return make_error(ErrorCode::kValidation, "the dataset breaks DCAT-AP-SE 3.0.1 rules",
                      std::move(checker.errors()));
  }
  check_recommended(checked.document, checker);
  checked.warnings = std::move(checker.warnings());
  return checked;
}

}  // namespace samverka::catalog
