// SPDX-License-Identifier: Apache-2.0
#include "ckan/ckan_mapping.h"

#include "catalog/search/catalog_documents.h"
#include "catalog/vocabulary/vocabulary.h"
#include "core/text.h"

namespace samverka::ckan {

namespace bj = boost::json;

namespace {

std::string text_of(const bj::object& object, const char* key) {
  const bj::value* map = object.if_contains(key);
  if (map == nullptr || !map->is_object()) return {};
  for (const char* language : {"sv", "en"}) {
    if (const bj::value* text = map->get_object().if_contains(language);
        text && text->is_string()) {
      return std::string(text->get_string());
    }
  }
  for (const auto& [language, text] : map->get_object()) {
    if (text.is_string()) return std::string(text.get_string());
  }
  return {};
}

std::string string_of(const bj::object& object, const char* key) {
  const bj::value* value = object.if_contains(key);
  return value && value->is_string() ? std::string(value->get_string()) : std::string();
}

std::string join(const bj::value* list) {
  std::string out;
  if (list == nullptr || !list->is_array()) return out;
  for (const auto& item : list->get_array()) {
    if (!item.is_string()) continue;
    if (!out.empty()) out += ",";
    out += std::string(item.get_string());
  }
  return out;
}

std::string ckan_state(const std::string& state) {
  if (state == "published") return "active";
  if (state == "withdrawn") return "deleted";
  return "draft";
}

}  // namespace

std::string ckan_time(const std::string& rfc3339) {
  // 2026-11-27T10:15:00.123Z -> 2026-11-27T10:15:00.123000 (stored times are UTC).
  if (rfc3339.size() < 19) return rfc3339;
  std::string out = rfc3339.substr(0, 19);
  std::string fraction;
  if (rfc3339.size() > 20 && rfc3339[19] == '.') {
    for (size_t at = 20;
         at < rfc3339.size() && std::isdigit(static_cast<unsigned char>(rfc3339[at])); ++at)
      fraction.push_back(rfc3339[at]);
  }
  fraction.resize(6, '0');
  return out + "." + fraction;
}

bj::object organization_of(const catalog::Organization& organization,
                           std::optional<int64_t> package_count) {
  bj::object out;
  out["id"] = organization.id;
  out["name"] = organization.slug;
  out["title"] = organization.name_sv;
  out["display_name"] = organization.name_sv;
  out["description"] = organization.name_en.value_or("");
  out["type"] = "organization";
  out["is_organization"] = true;
  out["state"] = "active";
  out["approval_status"] = "approved";
  out["image_url"] = "";
  out["created"] = ckan_time(organization.created);
  if (package_count) out["package_count"] = *package_count;
  bj::array extras;
  if (organization.org_number)
    extras.push_back(bj::object{{"key", "org_number"}, {"value", *organization.org_number}});
  if (organization.type)
    extras.push_back(bj::object{{"key", "publisher_type"}, {"value", *organization.type}});
  if (organization.homepage)
    extras.push_back(bj::object{{"key", "homepage"}, {"value", *organization.homepage}});
  if (organization.email)
    extras.push_back(bj::object{{"key", "email"}, {"value", *organization.email}});
  out["extras"] = std::move(extras);
  return out;
}

bj::object package_of(const bj::object& dataset, const catalog::Organization* organization,
                      const std::string& base_url) {
  bj::object out;
  std::string id = string_of(dataset, "id");
  out["id"] = id;
  out["name"] = string_of(dataset, "slug");
  out["title"] = text_of(dataset, "title");
  out["notes"] = text_of(dataset, "description");
  out["url"] = string_of(dataset, "landing_page");
  out["version"] = string_of(dataset, "version");
  out["state"] = ckan_state(string_of(dataset, "state"));
  out["private"] = dataset.contains("private") && dataset.at("private").is_bool() &&
                   dataset.at("private").as_bool();
  out["type"] = "dataset";
  out["metadata_created"] = ckan_time(string_of(dataset, "created"));
  out["metadata_modified"] = ckan_time(string_of(dataset, "metadata_modified"));
  out["owner_org"] = string_of(dataset, "publisher");
  out["organization"] =
      organization ? bj::value(organization_of(*organization, std::nullopt)) : bj::value(nullptr);
  std::string contact_name, contact_email;
  if (const bj::value* contact = dataset.if_contains("contact_point");
      contact && contact->is_object()) {
    contact_name = string_of(contact->get_object(), "name");
    contact_email = string_of(contact->get_object(), "email");
  }
  out["maintainer"] = contact_name;
  out["maintainer_email"] = contact_email;
  out["author"] = organization ? organization->name_sv : "";
  out["author_email"] = organization && organization->email ? *organization->email : "";

  bj::array tags;
  if (const bj::value* keywords = dataset.if_contains("keywords");
      keywords && keywords->is_object()) {
    for (const auto& [language, list] : keywords->get_object()) {
      if (!list.is_array()) continue;
      for (const auto& word : list.get_array()) {
        if (!word.is_string()) continue;
        std::string name(word.get_string());
        tags.push_back(bj::object{{"name", name},
                                  {"display_name", name},
                                  {"state", "active"},
                                  {"vocabulary_id", nullptr}});
      }
    }
  }
  out["num_tags"] = tags.size();
  out["tags"] = std::move(tags);

  bj::array groups;
  if (const bj::value* themes = dataset.if_contains("themes"); themes && themes->is_array()) {
    for (const auto& theme : themes->get_array()) {
      std::string code(theme.get_string());
      const catalog::VocabularyEntry* entry = catalog::find_vocabulary("data-theme")->find(code);
      std::string lower = text::ascii_lower(code);
      groups.push_back(bj::object{{"name", lower},
                                  {"title", entry ? entry->label_sv : code},
                                  {"display_name", entry ? entry->label_sv : code},
                                  {"description", entry ? entry->label_en : ""},
                                  {"image_display_url", ""},
                                  {"id", entry ? entry->iri : code}});
    }
  }
  out["groups"] = std::move(groups);

  bj::array resources;
  std::string license_iri;
  if (const bj::value* distributions = dataset.if_contains("distributions");
      distributions && distributions->is_array()) {
    int position = 0;
    for (const auto& item : distributions->get_array()) {
      const bj::object& distribution = item.get_object();
      bj::object resource;
      resource["id"] = string_of(distribution, "id");
      resource["package_id"] = id;
      resource["position"] = position++;
      resource["name"] = text_of(distribution, "title");
      resource["description"] = text_of(distribution, "description");
      std::string url = string_of(distribution, "access_url");
      if (const bj::value* downloads = distribution.if_contains("download_urls");
          downloads && downloads->is_array() && !downloads->get_array().empty()) {
        url = std::string(downloads->get_array()[0].get_string());
      }
      resource["url"] = url;
      resource["access_url"] = string_of(distribution, "access_url");
      resource["format"] = string_of(distribution, "format");
      resource["mimetype"] = string_of(distribution, "media_type");
      resource["size"] =
          distribution.contains("byte_size") ? distribution.at("byte_size") : bj::value(nullptr);
      resource["state"] = "active";
      resource["url_type"] = nullptr;
      std::string license = string_of(distribution, "license");
      if (!license.empty()) {
        resource["license"] = license;
        if (license_iri.empty()) license_iri = license;
      }
      if (const bj::value* checksum = distribution.if_contains("checksum");
          checksum && checksum->is_object()) {
        resource["hash"] = string_of(checksum->get_object(), "algorithm") + ":" +
                           string_of(checksum->get_object(), "value");
      }
      resources.push_back(std::move(resource));
    }
  }
  out["num_resources"] = resources.size();
  out["resources"] = std::move(resources);
  if (!license_iri.empty()) {
    const catalog::VocabularyEntry* entry = catalog::find_vocabulary("license")->find(license_iri);
    out["license_id"] = catalog::license_code(license_iri);
    out["license_title"] = entry ? entry->label_en : license_iri;
    out["license_url"] = license_iri;
  } else {
    out["license_id"] = "";
    out["license_title"] = "";
  }

  bj::array extras;
  auto extra = [&](const char* key, const std::string& value) {
    if (!value.empty()) extras.push_back(bj::object{{"key", key}, {"value", value}});
  };
  extra("uri", string_of(dataset, "iri"));
  extra("identifier", string_of(dataset, "identifier"));
  extra("issued", string_of(dataset, "issued"));
  extra("modified", string_of(dataset, "modified"));
  extra("frequency", string_of(dataset, "frequency"));
  extra("access_rights", string_of(dataset, "access_rights"));
  extra("theme", join(dataset.if_contains("themes")));
  extra("language", join(dataset.if_contains("languages")));
  extra("spatial_uri", join(dataset.if_contains("spatial")));
  extra("conforms_to", join(dataset.if_contains("conforms_to")));
  extra("documentation", join(dataset.if_contains("documentation")));
  extra("hvd_category", join(dataset.if_contains("hvd_categories")));
  extra("applicable_legislation", join(dataset.if_contains("applicable_legislation")));
  if (const bj::value* temporal = dataset.if_contains("temporal");
      temporal && temporal->is_object()) {
    extra("temporal_start", string_of(temporal->get_object(), "start"));
    extra("temporal_end", string_of(temporal->get_object(), "end"));
  }
  extra("contact_name", contact_name);
  extra("contact_email", contact_email);
  extra("title_en", [&] {
    const bj::value* title = dataset.if_contains("title");
    const bj::value* english =
        title && title->is_object() ? title->get_object().if_contains("en") : nullptr;
    return english && english->is_string() ? std::string(english->get_string()) : std::string();
  }());
  out["extras"] = std::move(extras);
  out["samverka_url"] = base_url + "/api/v1/datasets/" + id;
  return out;
}

bj::object package_of(const catalog::DatasetRecord& dataset,
                      const catalog::Organization* organization, const std::string& base_url) {
  return package_of(catalog::to_json(dataset), organization, base_url);
}

}  // namespace samverka::ckan
