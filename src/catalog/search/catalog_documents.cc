// SPDX-License-Identifier: Apache-2.0
#include "catalog/search/catalog_documents.h"

#include <map>
#include <optional>
#include <set>

#include "catalog/data_service/data_service_store.h"
#include "catalog/dataset/dataset_store.h"
#include "catalog/vocabulary/vocabulary.h"

namespace samverka::catalog {

namespace bj = boost::json;

namespace {

void add_unique(std::vector<std::string>& list, const std::string& value) {
  if (!value.empty() && std::find(list.begin(), list.end(), value) == list.end()) {
    list.push_back(value);
  }
}

// A value both filtered on and counted as a facet.
void add_filter_and_facet(search::IndexDocument& out, const char* field, const std::string& value) {
  add_unique(out.filters[field], value);
  add_unique(out.facets[field], value);
}

std::vector<std::string> strings_of(const bj::object& document, const char* key) {
  std::vector<std::string> out;
  if (const bj::value* value = document.if_contains(key); value && value->is_array()) {
    for (const auto& item : value->get_array()) {
      if (item.is_string()) add_unique(out, std::string(item.get_string()));
    }
  }
  return out;
}

std::string text_in(const bj::object& document, const char* key, const char* language) {
  if (const bj::value* map = document.if_contains(key); map && map->is_object()) {
    if (const bj::value* text = map->get_object().if_contains(language);
        text && text->is_string()) {
      return std::string(text->get_string());
    }
  }
  return {};
}

std::string first_text(const bj::object& document, const char* key) {
  std::string text = text_in(document, key, "sv");
  return text.empty() ? text_in(document, key, "en") : text;
}

// Titles (twice: as title: field and in the default field, weighted), descriptions and keywords
// in each of their languages.
void add_texts(search::IndexDocument& out, const bj::object& document) {
  if (const bj::value* title = document.if_contains("title"); title && title->is_object()) {
    for (const auto& [language, text] : title->get_object()) {
      if (!text.is_string()) continue;
      bool swedish = language.starts_with("sv");
      std::string value(text.get_string());
      // Compound parts go into the default field only: title: queries match whole words.
      out.texts.push_back({"S", value, std::string(language), 1, false, false});
      out.texts.push_back({"", value, std::string(language), 3, swedish, true});
    }
  }
  if (const bj::value* description = document.if_contains("description");
      description && description->is_object()) {
    for (const auto& [language, text] : description->get_object()) {
      if (text.is_string()) {
        out.texts.push_back(
            {"", std::string(text.get_string()), std::string(language), 1, false, false});
      }
    }
  }
  if (const bj::value* keywords = document.if_contains("keywords");
      keywords && keywords->is_object()) {
    for (const auto& [language, list] : keywords->get_object()) {
      if (!list.is_array()) continue;
      std::string joined;
      for (const auto& word : list.get_array()) {
        if (!word.is_string()) continue;
        std::string keyword(word.get_string());
        joined += keyword + " ";
        std::string folded = search::fold(keyword);
        add_filter_and_facet(out, "keyword", folded);
      }
      out.texts.push_back(
          {"", joined, std::string(language), 2, language.starts_with("sv"), false});
    }
  }
}

void add_code_field(search::IndexDocument& out, const bj::object& document, const char* key,
                    const char* field) {
  for (const auto& value : strings_of(document, key)) add_filter_and_facet(out, field, value);
  if (const bj::value* value = document.if_contains(key); value && value->is_string()) {
    add_filter_and_facet(out, field, std::string(value->get_string()));
  }
}

void add_license(search::IndexDocument& out, const bj::value* license) {
  if (license && license->is_string()) {
    add_filter_and_facet(out, "license", license_code(std::string(license->get_string())));
  }
}

void add_publisher(search::IndexDocument& out, const std::string& publisher_id,
                   const Organization* publisher, bj::object& summary) {
  add_unique(out.filters["publisher"], publisher_id);
  add_unique(out.filters["visibility"], organization_visibility(publisher_id));
  if (publisher == nullptr) return;
  add_unique(out.filters["publisher"], publisher->slug);
  add_unique(out.facets["publisher"], publisher->slug);
  if (publisher->type) add_filter_and_facet(out, "publisher_type", *publisher->type);
  out.texts.push_back({"", publisher->name_sv, "sv", 1, false, false});
  bj::object name{{"sv", publisher->name_sv}};
  if (publisher->name_en) name["en"] = *publisher->name_en;
  summary["publisher"] =
      bj::object{{"id", publisher->id}, {"slug", publisher->slug}, {"name", name}};
}

bj::object short_text(const bj::object& document, const char* key, size_t limit) {
  bj::object out;
  if (const bj::value* map = document.if_contains(key); map && map->is_object()) {
    for (const auto& [language, text] : map->get_object()) {
      if (!text.is_string()) continue;
      std::string value(text.get_string());
      if (value.size() > limit) {
        size_t cut = limit;
        while (cut > 0 && (static_cast<unsigned char>(value[cut]) & 0xC0) == 0x80) --cut;
        value = value.substr(0, cut) + "…";
      }
      out[language] = value;
    }
  }
  return out;
}

// Titles and keywords in every language.
std::string completion_text(const bj::object& document) {
  std::string text;
  if (const bj::value* title = document.if_contains("title"); title && title->is_object()) {
    for (const auto& [language, value] : title->get_object()) {
      if (value.is_string()) text += std::string(value.get_string()) + " ";
    }
  }
  if (const bj::value* keywords = document.if_contains("keywords");
      keywords && keywords->is_object()) {
    for (const auto& [language, list] : keywords->get_object()) {
      if (!list.is_array()) continue;
      for (const auto& word : list.get_array()) {
        if (word.is_string()) text += std::string(word.get_string()) + " ";
      }
    }
  }
  return text;
}

}  // namespace

std::string organization_visibility(const std::string& organization_id) {
  return "org:" + organization_id;
}

std::string license_code(const std::string& iri) {
  const VocabularyEntry* entry = find_vocabulary("license")->find(iri);
  return entry ? entry->code : iri;
}

namespace {
// What datasets and data services share: id, texts, type, publisher, themes, access rights, the
// head of the summary (id, type, slug, title, description, publisher), sort keys and the
// snippet text.
void start_document(search::IndexDocument& out, bj::object& summary, const std::string& id,
                    const char* type, const std::string* slug, const bj::object& document,
                    const std::string& publisher_id, const Organization* publisher,
                    const std::string& created, const std::string& record_modified) {
  out.id = id;
  add_texts(out, document);
  summary["id"] = id;
  summary["type"] = type;
  if (slug != nullptr) {
    summary["slug"] = *slug;
    add_unique(out.filters["name"], *slug);
    out.sort_name = *slug;
  }
  summary["title"] = short_text(document, "title", 1000);
  summary["description"] = short_text(document, "description", 300);
  add_publisher(out, publisher_id, publisher, summary);
  if (!summary.contains("publisher")) summary["publisher"] = bj::object{{"id", publisher_id}};
  add_code_field(out, document, "themes", "theme");
  add_code_field(out, document, "access_rights", "access_rights");
  add_filter_and_facet(out, "type", type);
  out.sort_modified = record_modified;
  out.sort_created = created;
  out.sort_title = search::fold(first_text(document, "title"));
  out.snippet_text = first_text(document, "description");
}
}  // namespace

search::IndexDocument dataset_index_document(const DatasetRecord& record,
                                             const Organization* publisher) {
  search::IndexDocument out;
  const bj::object& document = record.document;
  bj::object summary;
  start_document(out, summary, record.id, "dataset", &record.slug, document, record.publisher_id,
                 publisher, record.created, record.record_modified);
  add_code_field(out, document, "frequency", "frequency");
  add_code_field(out, document, "languages", "language");
  add_code_field(out, document, "hvd_categories", "hvd_category");
  bj::array formats;
  if (const bj::value* distributions = document.if_contains("distributions")) {
    for (const auto& item : distributions->get_array()) {
      const bj::object& distribution = item.get_object();
      if (const bj::value* id = distribution.if_contains("id"); id && id->is_string())
        add_unique(out.filters["distribution"], std::string(id->get_string()));
      if (const bj::value* format = distribution.if_contains("format")) {
        add_filter_and_facet(out, "format", std::string(format->get_string()));
      }
      add_license(out, distribution.if_contains("license"));
    }
  }
  for (const auto& format : out.facets["format"]) formats.push_back(bj::value(format));
  add_filter_and_facet(out, "state", state_name(record.state));
  if (record.state == DatasetState::kPublished && !record.is_private) {
    add_unique(out.filters["visibility"], kPublicVisibility);
    out.completion_text = completion_text(document);
  }
  summary["themes"] = document.contains("themes") ? document.at("themes") : bj::array();
  summary["formats"] = std::move(formats);
  if (const bj::value* modified = document.if_contains("modified")) summary["modified"] = *modified;
  summary["metadata_modified"] = record.record_modified;
  summary["state"] = state_name(record.state);
  summary["private"] = record.is_private;
  out.stored = bj::serialize(summary);
  if (std::string english = text_in(document, "description", "en");
      !english.empty() && english != out.snippet_text) {
    out.snippet_text += " — " + english;
  }
  return out;
}

search::IndexDocument data_service_index_document(const DataServiceRecord& record,
                                                  const Organization* publisher) {
  search::IndexDocument out;
  const bj::object& document = record.document;
  bj::object summary;
  start_document(out, summary, record.id, "data_service", nullptr, document, record.publisher_id,
                 publisher, record.created, record.record_modified);
  add_license(out, document.if_contains("license"));
  add_filter_and_facet(out, "state", "published");
  add_unique(out.filters["visibility"], kPublicVisibility);
  out.completion_text = completion_text(document);
  if (const bj::value* endpoint = document.if_contains("endpoint_url"))
    summary["endpoint_url"] = *endpoint;
  summary["themes"] = document.contains("themes") ? document.at("themes") : bj::array();
  summary["metadata_modified"] = record.record_modified;
  out.stored = bj::serialize(summary);
  return out;
}

std::vector<search::FacetSpec> catalog_facets() {
  return {{"theme", true},   {"publisher", true}, {"format", true}, {"license"},
          {"access_rights"}, {"keyword", true},   {"frequency"},    {"type"},
          {"language"},      {"publisher_type"},  {"hvd_category"}, {"state"}};
}

namespace {

// A label's parts: "Jordbruk, fiske, skogsbruk och livsmedel" -> jordbruk | fiske | skogsbruk |
// livsmedel.
std::vector<std::string> label_parts(std::string label, const std::string& conjunction) {
  std::vector<std::string> parts;
  for (char& c : label) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  size_t at = 0;
  while ((at = label.find(" " + conjunction + " ", at)) != std::string::npos) {
    label.replace(at, conjunction.size() + 2, ",");
  }
  std::string current;
  auto flush = [&] {
    size_t first = current.find_first_not_of(' ');
    size_t last = current.find_last_not_of(' ');
    if (first != std::string::npos) parts.push_back(current.substr(first, last - first + 1));
    current.clear();
  };
  for (char c : label) {
    if (c == ',' || c == '(' || c == ')' || c == '/') {
      flush();
    } else {
      current.push_back(c);
    }
  }
  flush();
  return parts;
}

}  // namespace

std::vector<search::BilingualDictionary::Pair> vocabulary_translations() {
  std::vector<search::BilingualDictionary::Pair> out;
  for (const char* name :
       {"data-theme", "hvd-category", "language", "frequency", "access-right", "publisher-type"}) {
    const Vocabulary* vocabulary = find_vocabulary(name);
    if (vocabulary == nullptr) continue;
    for (const VocabularyEntry& entry : vocabulary->entries()) {
      std::vector<std::string> swedish = label_parts(entry.label_sv, "och");
      std::vector<std::string> english = label_parts(entry.label_en, "and");
      if (swedish.size() != english.size()) continue;
      for (size_t index = 0; index < swedish.size(); ++index) {
        // One side must be a single word: that is what a query's word is looked up by.
        bool single = swedish[index].find(' ') == std::string::npos ||
                      english[index].find(' ') == std::string::npos;
        if (single && swedish[index] != english[index])
          out.push_back({swedish[index], english[index]});
      }
    }
  }
  return out;
}

namespace {

constexpr int kPage = 1000;  // records read and indexed together by a rebuild

// Maps the entities named by changes to index operations, reading the records in one lease.
struct Pending {
  std::set<std::string> datasets;
  std::set<std::string> data_services;
  std::vector<DatasetRecord> loaded_datasets;  // already read: indexed as they are
  std::vector<DataServiceRecord> loaded_data_services;
};

Status apply_entities(OrganizationService& organizations_service, storage::Connection& connection,
                      search::IndexWriter& writer, const Pending& pending) {
  std::map<std::string, std::optional<Organization>> organizations;
  auto organization_of = [&](const std::string& id) -> Result<const Organization*> {
    auto found = organizations.find(id);
    if (found == organizations.end()) {
      found = organizations.emplace(id, TRY(organizations_service.find_in(connection, id))).first;
    }
    return found->second ? &*found->second : nullptr;
  };
  for (const auto& record : pending.loaded_datasets) {
    const Organization* publisher = TRY(organization_of(record.publisher_id));
    TRY(writer.replace(dataset_index_document(record, publisher)));
  }
  for (const auto& id : pending.datasets) {
    auto record = TRY(dataset_store::find(connection, id));
    if (!record) {
      TRY(writer.remove(id));
      continue;
    }
    const Organization* publisher = TRY(organization_of(record->publisher_id));
    TRY(writer.replace(dataset_index_document(*record, publisher)));
  }
  for (const auto& record : pending.loaded_data_services) {
    const Organization* publisher = TRY(organization_of(record.publisher_id));
    TRY(writer.replace(data_service_index_document(record, publisher)));
  }
  for (const auto& id : pending.data_services) {
    auto record = TRY(data_service_store::find(connection, id));
    if (!record) {
      TRY(writer.remove(id));
      continue;
    }
    const Organization* publisher = TRY(organization_of(record->publisher_id));
    TRY(writer.replace(data_service_index_document(*record, publisher)));
  }
  return {};
}
}  // namespace

Status CatalogDocuments::apply(storage::Connection& connection,
                               const std::vector<storage::Change>& changes,
                               search::IndexWriter& writer) {
  Pending pending;
  std::set<std::string> organizations;
  for (const auto& change : changes) {
    if (change.entity == "dataset")
      pending.datasets.insert(change.entity_id);
    else if (change.entity == "data_service")
      pending.data_services.insert(change.entity_id);
    else if (change.entity == "organization")
      organizations.insert(change.entity_id);
  }
  for (const auto& organization_id : organizations) {
    // A renamed organisation changes how its datasets are found.
    for (auto& id : TRY(dataset_store::ids_by_publisher(connection, organization_id))) {
      pending.datasets.insert(std::move(id));
    }
  }
  return apply_entities(organizations_, connection, writer, pending);
}

Result<int64_t> CatalogDocuments::count(storage::Connection& connection) {
  return TRY(dataset_store::count_all(connection)) + TRY(data_service_store::count(connection));
}

Status CatalogDocuments::index_all(storage::Database& database, search::IndexWriter& writer,
                                   const std::function<bool(int64_t indexed)>& advanced) {
  // Both tables are read in pages by position and indexed from the rows read.
  auto index_pages = [&](auto fetch, auto keep) -> Status {
    int64_t position = 0;
    while (true) {
      auto rows = TRY(database.read(
          [&](storage::Connection& connection) { return fetch(connection, position); }));
      if (rows.empty()) return {};
      position = rows.back().first;
      Pending pending;
      for (auto& [row_position, record] : rows) keep(pending, std::move(record));
      TRY(database.read([&](storage::Connection& connection) {
        return apply_entities(organizations_, connection, writer, pending);
      }));
      if (advanced && !advanced(static_cast<int64_t>(rows.size())))
        return make_error(ErrorCode::kUnavailable, "the rebuild was stopped");
    }
  };
  TRY(index_pages([](storage::Connection& connection,
                     int64_t after) { return dataset_store::all_after(connection, after, kPage); },
                  [](Pending& pending, DatasetRecord record) {
                    pending.loaded_datasets.push_back(std::move(record));
                  }));
  return index_pages(
      [](storage::Connection& connection, int64_t after) {
        return data_service_store::list(connection, after, kPage);
      },
      [](Pending& pending, DataServiceRecord record) {
        pending.loaded_data_services.push_back(std::move(record));
      });
}

}  // namespace samverka::catalog
