// SPDX-License-Identifier: Apache-2.0
// A CKAN package dict in, the dataset it asks for out: each field of the dict that differs from
// what package_show gives for the stored dataset is mapped onto the dataset's fields, so that a
// dict sent back unchanged changes nothing and the DCAT fields CKAN cannot express survive.
#include <map>
#include <set>

#include "catalog/dataset/dataset.h"
#include "catalog/vocabulary/vocabulary.h"
#include "ckan/ckan_mapping.h"
#include "core/text.h"

namespace samverka::ckan {

namespace bj = boost::json;

namespace {

Error invalid(const std::string& field, const std::string& message) {
  return make_error(ErrorCode::kValidation, field + ": " + message, {{field, message}});
}

// A scalar of the dict as text ("" for null); numbers as JSON writes them.
std::string text_of(const bj::value& value) {
  if (value.is_string()) return std::string(value.get_string());
  if (value.is_null()) return "";
  return bj::serialize(value);
}

// Sets language `language` of a language map, keeping the others; empty text removes it.
void set_text(bj::object& target, const char* key, const std::string& text,
              const char* language = "sv") {
  bj::value& map = target[key];
  if (!map.is_object()) map = bj::object();
  if (text.empty())
    map.as_object().erase(language);
  else
    map.as_object()[language] = text;
  if (map.as_object().empty()) target.erase(key);
}

void set_or_erase(bj::object& target, const char* key, const std::string& value) {
  if (value.empty())
    target.erase(key);
  else
    target[key] = value;
}

// CKAN's licence ids, as CKAN ships them, for the licences the EU vocabulary has.
std::string license_iri(const std::string& value) {
  static const std::map<std::string, std::string> kCkanIds = {
      {"cc-by", "CC-BY-4.0"},           {"cc-by-4.0", "CC-BY-4.0"}, {"cc-by-sa", "CC-BY-SA-4.0"},
      {"cc-by-sa-4.0", "CC-BY-SA-4.0"}, {"cc-zero", "CC0-1.0"},     {"cc0", "CC0-1.0"},
      {"cc-nc", "CC-BY-NC-4.0"}};
  auto alias = kCkanIds.find(value);
  std::string code = alias == kCkanIds.end() ? value : alias->second;
  const catalog::VocabularyEntry* entry = catalog::find_vocabulary("license")->find(code);
  return entry ? entry->iri : value;  // the dataset rules name what they do not know
}

// The extras CKAN dicts carry that the dataset keeps in fields of its own.
const std::map<std::string, std::string>& extra_fields() {
  static const std::map<std::string, std::string> kFields = {
      {"uri", "iri"},
      {"identifier", "identifier"},
      {"issued", "issued"},
      {"modified", "modified"},
      {"frequency", "frequency"},
      {"access_rights", "access_rights"},
      {"theme", "themes"},
      {"language", "languages"},
      {"spatial_uri", "spatial"},
      {"conforms_to", "conforms_to"},
      {"documentation", "documentation"},
      {"hvd_category", "hvd_categories"},
      {"applicable_legislation", "applicable_legislation"}};
  return kFields;
}

Status apply_extras(bj::object& dataset, const bj::value& incoming, const bj::object* before) {
  if (!incoming.is_array()) return invalid("extras", "Must be a list of {key, value}");
  std::map<std::string, std::string> old_values;
  if (before != nullptr)
    for (const auto& item : before->at("extras").get_array())
      old_values[std::string(item.at("key").get_string())] = text_of(item.at("value"));
  static const std::set<std::string> kLists = {
      "theme",         "language",     "spatial_uri",           "conforms_to",
      "documentation", "hvd_category", "applicable_legislation"};
  const std::map<std::string, std::string>& fields = extra_fields();
  for (const auto& item : incoming.get_array()) {
    if (!item.is_object() || !item.get_object().contains("key"))
      return invalid("extras", "Must be a list of {key, value}");
    std::string key = text_of(item.at("key"));
    std::string value = item.get_object().contains("value") ? text_of(item.at("value")) : "";
    auto old = old_values.find(key);
    if (old != old_values.end() && old->second == value) continue;  // as shown: unchanged
    if (key == "temporal_start" || key == "temporal_end") {
      bj::value& temporal = dataset["temporal"];
      if (!temporal.is_object()) temporal = bj::object();
      set_or_erase(temporal.as_object(), key == "temporal_start" ? "start" : "end", value);
      if (temporal.as_object().empty()) dataset.erase("temporal");
    } else if (key == "contact_name" || key == "contact_email") {
      bj::value& contact = dataset["contact_point"];
      if (!contact.is_object()) contact = bj::object{{"kind", "organization"}};
      set_or_erase(contact.as_object(), key == "contact_name" ? "name" : "email", value);
    } else if (key == "title_en") {
      set_text(dataset, "title", value, "en");
    } else if (auto field = fields.find(key); field != fields.end()) {
      if (kLists.count(key)) {
        bj::array list;
        size_t start = 0;
        while (start <= value.size() && !value.empty()) {
          size_t end = value.find(',', start);
          if (end == std::string::npos) end = value.size();
          if (end > start) list.push_back(bj::value(value.substr(start, end - start)));
          start = end + 1;
        }
        if (list.empty())
          dataset.erase(field->second);
        else
          dataset[field->second] = std::move(list);
      } else {
        set_or_erase(dataset, field->second.c_str(), value);
      }
    } else {
      return invalid("extras", "the extra '" + key +
                                   "' is not kept by this portal; the extras it keeps are "
                                   "uri, identifier, issued, modified, frequency, "
                                   "access_rights, theme, language, spatial_uri, conforms_to, "
                                   "documentation, hvd_category, applicable_legislation, "
                                   "temporal_start, temporal_end, contact_name, contact_email "
                                   "and title_en");
    }
  }
  return {};
}

// One resource onto a distribution (a new one when `distribution` is empty).
Status apply_resource(bj::object& distribution, const bj::object& resource,
                      const bj::object* before, size_t index) {
  std::string where = "resources[" + std::to_string(index) + "]";
  auto changed = [&](const char* key) {
    const bj::value* now = resource.if_contains(key);
    if (now == nullptr) return false;
    if (before == nullptr) return true;
    const bj::value* then = before->if_contains(key);
    return then == nullptr || *then != *now;
  };
  auto text = [&](const char* key) { return text_of(resource.at(key)); };
  if (changed("name")) set_text(distribution, "title", text("name"));
  if (changed("description")) set_text(distribution, "description", text("description"));
  if (changed("url")) {
    std::string url = text("url");
    const bj::value* access_url = resource.if_contains("access_url");
    // A url that is the resource's access_url too is that, and no download URL: package_show
    // writes it so for a distribution reached through a page or an API only.
    if (url.empty() || (access_url != nullptr && text_of(*access_url) == url)) {
      distribution.erase("download_urls");
    } else {
      distribution["download_urls"] = bj::array{bj::value(url)};
      if (!distribution.contains("access_url")) distribution["access_url"] = url;
    }
  }
  if (changed("access_url")) set_or_erase(distribution, "access_url", text("access_url"));
  if (changed("format")) set_or_erase(distribution, "format", text::ascii_upper(text("format")));
  if (changed("mimetype")) set_or_erase(distribution, "media_type", text("mimetype"));
  if (changed("size")) {
    const bj::value& size = resource.at("size");
    if (size.is_null() || (size.is_string() && size.get_string().empty())) {
      distribution.erase("byte_size");
    } else if (size.is_int64() || size.is_uint64()) {
      distribution["byte_size"] = size;
    } else {
      try {
        size_t used = 0;
        std::string digits = text("size");
        int64_t number = std::stoll(digits, &used);
        if (used != digits.size() || number < 0) throw std::invalid_argument("size");
        distribution["byte_size"] = number;
      } catch (const std::exception&) {
        return invalid(where + ".size", "Must be a whole number of bytes");
      }
    }
  }
  if (changed("hash")) {
    std::string hash = text("hash");
    size_t colon = hash.find(':');
    if (hash.empty()) {
      distribution.erase("checksum");
    } else if (colon == std::string::npos) {
      return invalid(where + ".hash", "Must be algorithm:value, such as sha256:ab12...");
    } else {
      distribution["checksum"] =
          bj::object{{"algorithm", hash.substr(0, colon)}, {"value", hash.substr(colon + 1)}};
    }
  }
  if (changed("license")) set_or_erase(distribution, "license", license_iri(text("license")));
  return {};
}

Status apply_resources(bj::object& dataset, const bj::value& incoming, const bj::object* before,
                       const std::string& package_license) {
  if (!incoming.is_array()) return invalid("resources", "Must be a list of resource dicts");
  std::map<std::string, bj::object> old_distributions, old_resources;
  if (const bj::value* list = dataset.if_contains("distributions"); list && list->is_array()) {
    for (const auto& item : list->get_array())
      if (item.is_object() && item.get_object().contains("id"))
        old_distributions[text_of(item.at("id"))] = item.get_object();
  }
  if (before != nullptr)
    for (const auto& item : before->at("resources").get_array())
      old_resources[text_of(item.at("id"))] = item.get_object();
  bj::array distributions;
  size_t index = 0;
  for (const auto& item : incoming.get_array()) {
    if (!item.is_object()) {
      return invalid("resources[" + std::to_string(index) + "]", "Must be a resource dict");
    }
    const bj::object& resource = item.get_object();
    std::string id = resource.contains("id") ? text_of(resource.at("id")) : "";
    bj::object distribution;
    const bj::object* shown = nullptr;
    if (auto found = old_distributions.find(id); !id.empty() && found != old_distributions.end()) {
      distribution = found->second;
      shown = &old_resources[id];
    } else if (!id.empty()) {
      distribution["id"] = id;
    }
    TRY(apply_resource(distribution, resource, shown, index));
    if (!distribution.contains("license") && !package_license.empty())
      distribution["license"] = license_iri(package_license);
    distributions.push_back(std::move(distribution));
    ++index;
  }
  if (distributions.empty())
    dataset.erase("distributions");
  else
    dataset["distributions"] = std::move(distributions);
  return {};
}

}  // namespace

bool is_kept_extra(std::string_view key) {
  return extra_fields().count(std::string(key)) > 0 || key == "temporal_start" ||
         key == "temporal_end" || key == "contact_name" || key == "contact_email" ||
         key == "title_en";
}

Result<bj::object> dataset_from_package(const bj::object& package, const bj::object* existing,
                                        const catalog::Organization* organization,
                                        const std::string& base_url) {
  bj::object dataset;
  std::optional<bj::object> shown;
  if (existing != nullptr) {
    dataset = *existing;
    for (const char* field : catalog::kDatasetServerFields) dataset.erase(field);
    shown = package_of(*existing, organization, base_url);
  }
  const bj::object* before = shown ? &*shown : nullptr;
  auto changed = [&](const char* key) {
    const bj::value* now = package.if_contains(key);
    if (now == nullptr) return false;
    if (before == nullptr) return true;
    const bj::value* then = before->if_contains(key);
    return then == nullptr || *then != *now;
  };
  auto text = [&](const char* key) { return text_of(package.at(key)); };
  if (changed("name")) dataset["slug"] = text("name");
  if (changed("title")) set_text(dataset, "title", text("title"));
  if (changed("notes")) set_text(dataset, "description", text("notes"));
  if (changed("url")) set_or_erase(dataset, "landing_page", text("url"));
  if (changed("version")) set_or_erase(dataset, "version", text("version"));
  if (changed("owner_org")) dataset["publisher"] = text("owner_org");
  if (changed("private")) {
    const bj::value& value = package.at("private");
    std::string word = text("private");
    dataset["private"] = value.is_bool() ? value.get_bool() : (word == "true" || word == "True");
  }
  if (changed("state")) {
    std::string state = text("state");
    if (state == "active")
      dataset["state"] = "published";
    else if (state == "draft")
      dataset["state"] = "draft";
    else if (state == "deleted")
      dataset["state"] = "withdrawn";
    else
      return invalid("state", "Must be active, draft or deleted");
  } else if (existing == nullptr) {
    dataset["state"] = "published";  // CKAN's packages are active unless they say otherwise
  }
  if (changed("maintainer") || changed("maintainer_email")) {
    bj::value& contact = dataset["contact_point"];
    if (!contact.is_object()) contact = bj::object{{"kind", "organization"}};
    if (changed("maintainer")) set_or_erase(contact.as_object(), "name", text("maintainer"));
    if (changed("maintainer_email"))
      set_or_erase(contact.as_object(), "email", text("maintainer_email"));
  }
  if (changed("tags")) {
    const bj::value& tags = package.at("tags");
    if (!tags.is_array()) return invalid("tags", "Must be a list of tag dicts");
    bj::array keywords;
    for (const auto& tag : tags.get_array()) {
      std::string name = tag.is_object() && tag.get_object().contains("name")
                             ? text_of(tag.at("name"))
                             : text_of(tag);
      if (name.empty()) return invalid("tags", "Each tag needs a name");
      keywords.push_back(bj::value(name));
    }
    if (keywords.empty())
      dataset.erase("keywords");
    else
      dataset["keywords"] = bj::object{{"sv", std::move(keywords)}};
  }
  if (changed("groups")) {
    const bj::value& groups = package.at("groups");
    if (!groups.is_array()) return invalid("groups", "Must be a list of group dicts");
    bj::array themes;
    for (const auto& group : groups.get_array()) {
      std::string name = group.is_object() && group.get_object().contains("name")
                             ? text_of(group.at("name"))
                             : text_of(group);
      const catalog::VocabularyEntry* theme =
          catalog::find_vocabulary("data-theme")
              ->find(name.find("://") == std::string::npos ? text::ascii_upper(name) : name);
      if (theme == nullptr) {
        return invalid("groups", "'" + name +
                                     "' is not a group here; the groups are the EU data "
                                     "themes (group_list)");
      }
      themes.push_back(bj::value(theme->code));
    }
    if (themes.empty())
      dataset.erase("themes");
    else
      dataset["themes"] = std::move(themes);
  }
  std::string package_license = changed("license_id") ? text("license_id") : "";
  if (changed("resources")) {
    TRY(apply_resources(dataset, package.at("resources"), before, package_license));
  } else if (!package_license.empty()) {
    if (bj::value* list = dataset.if_contains("distributions"); list && list->is_array()) {
      for (auto& item : list->as_array())
        item.as_object()["license"] = license_iri(package_license);
    }
  }
  if (changed("extras")) TRY(apply_extras(dataset, package.at("extras"), before));
  return dataset;
}

Error ckan_field_names(Error error) {
  static const std::pair<std::string_view, std::string_view> kNames[] = {
      {"distributions", "resources"}, {"description", "notes"},       {"slug", "name"},
      {"publisher", "owner_org"},     {"keywords", "tags"},           {"themes", "groups"},
      {"landing_page", "url"},        {"contact_point", "maintainer"}};
  for (auto& detail : error.details) {
    for (const auto& [ours, theirs] : kNames) {
      if (detail.field.starts_with(ours)) {
        detail.field = std::string(theirs) + detail.field.substr(ours.size());
        break;
      }
    }
  }
  return error;
}

}  // namespace samverka::ckan
