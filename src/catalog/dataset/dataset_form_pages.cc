// SPDX-License-Identifier: Apache-2.0
#include "catalog/dataset/dataset_form_pages.h"

#include <cstdlib>
#include <map>

#include "catalog/vocabulary/vocabulary.h"
#include "core/text.h"

namespace samverka::catalog {

namespace bj = boost::json;

namespace {

// The form's inputs as strings, whichever way they came.
struct Flat {
  std::map<std::string, std::string> values;
  std::vector<std::string> themes;
  int rows = 0;  // distribution rows, the blank one included
  std::vector<bool> existing;
  std::string get(const std::string& key) const {
    auto found = values.find(key);
    return found == values.end() ? std::string() : found->second;
  }
};

constexpr int kMaxRows = 200;

std::string row_key(int row, const char* field) { return "d" + std::to_string(row) + "_" + field; }

std::string text_in(const bj::object& object, const char* key, const char* lang) {
  const bj::value* value = object.if_contains(key);
  if (value == nullptr) return {};
  if (value->is_string()) return std::string(value->get_string());
  if (!value->is_object()) return {};
  const bj::value* text = value->get_object().if_contains(lang);
  return text != nullptr && text->is_string() ? std::string(text->get_string()) : std::string();
}

std::string list_in(const bj::object& object, const char* key, const char* lang) {
  const bj::value* value = object.if_contains(key);
  if (value == nullptr || !value->is_object()) return {};
  const bj::value* list = value->get_object().if_contains(lang);
  if (list == nullptr || !list->is_array()) return {};
  std::string out;
  for (const bj::value& item : list->get_array()) {
    if (!item.is_string()) continue;
    if (!out.empty()) out += ", ";
    out += std::string(item.get_string());
  }
  return out;
}

std::string string_in(const bj::object& object, const char* key) {
  const bj::value* value = object.if_contains(key);
  return value != nullptr && value->is_string() ? std::string(value->get_string()) : std::string();
}

Flat flat_of(const bj::object& document) {
  Flat flat;
  auto& v = flat.values;
  v["publisher"] = string_in(document, "publisher");
  for (const char* lang : {"sv", "en"}) {
    v[std::string("title_") + lang] = text_in(document, "title", lang);
    v[std::string("description_") + lang] = text_in(document, "description", lang);
    v[std::string("keywords_") + lang] = list_in(document, "keywords", lang);
  }
  v["access_rights"] = string_in(document, "access_rights");
  v["frequency"] = string_in(document, "frequency");
  v["issued"] = string_in(document, "issued");
  v["landing_page"] = string_in(document, "landing_page");
  if (const bj::value* temporal = document.if_contains("temporal");
      temporal && temporal->is_object()) {
    v["temporal_start"] = string_in(temporal->get_object(), "start").substr(0, 10);
    v["temporal_end"] = string_in(temporal->get_object(), "end").substr(0, 10);
  }
  if (const bj::value* contact = document.if_contains("contact_point");
      contact && contact->is_object()) {
    v["contact_name"] = string_in(contact->get_object(), "name");
    v["contact_email"] = string_in(contact->get_object(), "email");
  }
  if (const bj::value* themes = document.if_contains("themes"); themes && themes->is_array()) {
    for (const bj::value& theme : themes->get_array()) {
      if (theme.is_string()) flat.themes.emplace_back(theme.get_string());
    }
  }
  if (const bj::value* list = document.if_contains("distributions"); list && list->is_array()) {
    for (const bj::value& item : list->get_array()) {
      if (!item.is_object() || flat.rows >= kMaxRows - 1) continue;
      const bj::object& distribution = item.get_object();
      int row = flat.rows++;
      std::string title = text_in(distribution, "title", "sv");
      if (title.empty()) title = text_in(distribution, "title", "en");
      v[row_key(row, "title")] = title;
      v[row_key(row, "access_url")] = string_in(distribution, "access_url");
      if (const bj::value* urls = distribution.if_contains("download_urls");
          urls && urls->is_array() && !urls->get_array().empty() &&
          urls->get_array()[0].is_string()) {
        v[row_key(row, "download_url")] = std::string(urls->get_array()[0].get_string());
      }
      v[row_key(row, "format")] = string_in(distribution, "format");
      v[row_key(row, "license")] = string_in(distribution, "license");
      flat.existing.push_back(true);
    }
  }
  flat.rows += 1;  // a blank row to add one
  flat.existing.push_back(false);
  return flat;
}

Flat flat_of(const web::Form& form) {
  Flat flat;
  for (const auto& field : form.fields) {
    if (field.name == "themes") {
      flat.themes.push_back(field.value);
    } else if (field.name.size() < 100) {
      flat.values[field.name] = field.value;
    }
  }
  int rows = 0;
  try {
    rows = std::stoi(form.value("rows"));
  } catch (const std::exception&) {
    rows = 1;
  }
  flat.rows = std::max(1, std::min(rows, kMaxRows));
  for (int row = 0; row < flat.rows; ++row) {
    flat.existing.push_back(form.value(row_key(row, "existing")) == "1");
  }
  return flat;
}

bj::array options_of(std::string_view vocabulary_name, const std::string& selected, web::Lang lang,
                     bool with_none, bool by_iri = false) {
  bj::array options;
  if (with_none) {
    options.push_back(bj::object{{"value", ""},
                                 {"label", web::text(lang, "dataset_form.none")},
                                 {"selected", selected.empty()}});
  }
  const Vocabulary* vocabulary = find_vocabulary(vocabulary_name);
  if (vocabulary == nullptr) return options;
  const VocabularyEntry* chosen = selected.empty() ? nullptr : vocabulary->find(selected);
  for (const VocabularyEntry& entry : vocabulary->entries()) {
    const std::string& label = lang == web::Lang::kEn ? entry.label_en : entry.label_sv;
    options.push_back(bj::object{{"value", by_iri ? entry.iri : entry.code},
                                 {"label", label.empty() ? entry.code : label},
                                 {"selected", chosen == &entry}});
  }
  return options;
}

bj::object view_of(const Flat& flat, web::Lang lang) {
  bj::object view;
  for (const char* key : {"publisher", "title_sv", "title_en", "description_sv", "description_en",
                          "keywords_sv", "keywords_en", "issued", "landing_page", "temporal_start",
                          "temporal_end", "contact_name", "contact_email"}) {
    view[key] = flat.get(key);
  }
  bj::array themes;
  if (const Vocabulary* vocabulary = find_vocabulary("data-theme")) {
    bool first = true;
    for (const VocabularyEntry& entry : vocabulary->entries()) {
      bool checked = false;
      for (const std::string& theme : flat.themes) {
        const VocabularyEntry* found = vocabulary->find(theme);
        checked = checked || found == &entry;
      }
      themes.push_back(
          bj::object{{"value", entry.code},
                     {"id", first ? std::string("themes") : "themes-" + entry.code},
                     {"label", lang == web::Lang::kEn ? entry.label_en : entry.label_sv},
                     {"checked", checked}});
      first = false;
    }
  }
  view["themes"] = std::move(themes);
  view["access_rights_options"] = options_of("access-right", flat.get("access_rights"), lang, true);
  view["frequency_options"] = options_of("frequency", flat.get("frequency"), lang, true);
  bj::array rows;
  for (int row = 0; row < flat.rows; ++row) {
    bool existing = row < static_cast<int>(flat.existing.size()) && flat.existing[row];
    bj::object item{{"row", row},
                    {"number", row + 1},
                    {"existing", existing},
                    {"title", flat.get(row_key(row, "title"))},
                    {"access_url", flat.get(row_key(row, "access_url"))},
                    {"download_url", flat.get(row_key(row, "download_url"))},
                    {"format", flat.get(row_key(row, "format"))},
                    {"remove", flat.get(row_key(row, "remove")) == "1"}};
    item["license_options"] =
        options_of("license", flat.get(row_key(row, "license")), lang, true, true);
    rows.push_back(std::move(item));
  }
  view["distributions"] = std::move(rows);
  view["rows"] = flat.rows;
  return view;
}

// {"sv": a, "en": b} with the non-empty ones, or nothing.
std::optional<bj::object> language_map(const std::string& sv, const std::string& en) {
  bj::object map;
  if (!sv.empty()) map["sv"] = sv;
  if (!en.empty()) map["en"] = en;
  if (map.empty()) return std::nullopt;
  return map;
}

bj::array split_list(const std::string& text) {
  bj::array out;
  for (const std::string& item : text::split_commas(text)) {
    std::string value = text::trimmed(item);
    if (!value.empty()) out.push_back(bj::value(value));
  }
  return out;
}

void set_or_erase(bj::object& object, const char* key, const std::string& value) {
  if (value.empty())
    object.erase(key);
  else
    object[key] = value;
}

}  // namespace

DatasetForm dataset_from_form(const web::Form& form, const bj::object& base) {
  Flat flat = flat_of(form);
  auto get = [&](const std::string& key) { return text::trimmed(flat.get(key)); };
  DatasetForm out;
  bj::object& document = out.document;
  document = base;
  set_or_erase(document, "publisher", get("publisher"));
  if (auto title = language_map(get("title_sv"), get("title_en")))
    document["title"] = std::move(*title);
  else
    document.erase("title");
  // Descriptions keep their line breaks (Markdown); only surrounding space goes.
  if (auto description = language_map(get("description_sv"), get("description_en")))
    document["description"] = std::move(*description);
  else
    document.erase("description");
  bj::object keywords;
  for (const char* lang : {"sv", "en"}) {
    bj::array list = split_list(get(std::string("keywords_") + lang));
    if (!list.empty()) keywords[lang] = std::move(list);
  }
  if (keywords.empty())
    document.erase("keywords");
  else
    document["keywords"] = std::move(keywords);
  bj::array themes;
  for (const std::string& theme : flat.themes) {
    if (!theme.empty()) themes.push_back(bj::value(theme));
  }
  if (themes.empty())
    document.erase("themes");
  else
    document["themes"] = std::move(themes);
  set_or_erase(document, "access_rights", get("access_rights"));
  set_or_erase(document, "frequency", get("frequency"));
  set_or_erase(document, "issued", get("issued"));
  set_or_erase(document, "landing_page", get("landing_page"));
  bj::object temporal;
  if (!get("temporal_start").empty()) temporal["start"] = get("temporal_start");
  if (!get("temporal_end").empty()) temporal["end"] = get("temporal_end");
  if (temporal.empty())
    document.erase("temporal");
  else
    document["temporal"] = std::move(temporal);
  // The contact point keeps its other fields (kind, phone); name and e-mail come from the form.
  bj::object contact;
  if (const bj::value* old = base.if_contains("contact_point"); old && old->is_object())
    contact = old->get_object();
  set_or_erase(contact, "name", get("contact_name"));
  set_or_erase(contact, "email", get("contact_email"));
  if (!contact.contains("name") && !contact.contains("email")) {
    document.erase("contact_point");
  } else {
    if (!contact.contains("kind")) contact["kind"] = "organization";
    document["contact_point"] = std::move(contact);
  }
  // Distributions: row i edits the base's i-th one (its other fields kept); rows marked
  // for removal and blank new rows are dropped.
  const bj::array* old_list = nullptr;
  if (const bj::value* old = base.if_contains("distributions"); old && old->is_array())
    old_list = &old->get_array();
  bj::array distributions;
  for (int row = 0; row < flat.rows; ++row) {
    if (get(row_key(row, "remove")) == "1") continue;
    bool existing = old_list != nullptr && row < static_cast<int>(old_list->size()) &&
                    flat.existing[row] && (*old_list)[row].is_object();
    bj::object distribution;
    if (existing) distribution = (*old_list)[row].get_object();
    std::string title = get(row_key(row, "title"));
    std::string access = get(row_key(row, "access_url"));
    std::string download = get(row_key(row, "download_url"));
    std::string format = get(row_key(row, "format"));
    std::string license = get(row_key(row, "license"));
    if (!existing && title.empty() && access.empty() && download.empty() && format.empty() &&
        license.empty())
      continue;
    if (title.empty()) {
      if (const bj::value* old = distribution.if_contains("title"); old && old->is_object()) {
        distribution["title"].as_object().erase("sv");
        if (distribution["title"].as_object().empty()) distribution.erase("title");
      }
    } else {
      bj::object titles;
      if (const bj::value* old = distribution.if_contains("title"); old && old->is_object())
        titles = old->get_object();
      titles[text_in(distribution, "title", "sv").empty() &&
                     !text_in(distribution, "title", "en").empty()
                 ? "en"
                 : "sv"] = title;
      distribution["title"] = std::move(titles);
    }
    // An access URL is required; a download link alone serves as both.
    bool borrowed = access.empty() && !download.empty();
    if (borrowed) access = download;
    set_or_erase(distribution, "access_url", access);
    if (download.empty()) {
      distribution.erase("download_urls");
    } else {
      bj::array urls{bj::value(download)};
      if (const bj::value* old = distribution.if_contains("download_urls"); old && old->is_array())
        for (size_t at = 1; at < old->get_array().size(); ++at)
          urls.push_back(old->get_array()[at]);
      distribution["download_urls"] = std::move(urls);
    }
    set_or_erase(distribution, "format", format);
    set_or_erase(distribution, "license", license);
    distributions.push_back(std::move(distribution));
    out.distribution_rows.push_back(row);
    out.access_from_download.push_back(borrowed);
  }
  if (distributions.empty())
    document.erase("distributions");
  else
    document["distributions"] = std::move(distributions);
  return out;
}

bj::object dataset_form_view(const bj::object& document, web::Lang lang) {
  return view_of(flat_of(document), lang);
}

bj::object dataset_form_view(const web::Form& form, web::Lang lang) {
  return view_of(flat_of(form), lang);
}

namespace {

// The input an API field path is shown on, and the label that names it in a message.
struct Target {
  std::string id;
  std::string label_key;
};

Target target_of(const std::string& field, const DatasetForm& form) {
  auto starts = [&](const char* prefix) { return field.rfind(prefix, 0) == 0; };
  if (starts("distributions[")) {
    size_t close = field.find(']');
    int index = 0;
    try {
      index = std::stoi(field.substr(14, close - 14));
    } catch (const std::exception&) {
    }
    int row = index < static_cast<int>(form.distribution_rows.size())
                  ? form.distribution_rows[index]
                  : index;
    std::string rest = close == std::string::npos ? "" : field.substr(close + 1);
    const char* part = "access_url";
    const char* label = "dataset_form.access_url";
    if (rest.rfind(".format", 0) == 0) part = "format", label = "dataset_form.format";
    if (rest.rfind(".license", 0) == 0) part = "license", label = "dataset_form.license";
    if (rest.rfind(".title", 0) == 0) part = "title", label = "dataset_form.distribution_title";
    if (rest.rfind(".download_urls", 0) == 0)
      part = "download_url", label = "dataset_form.download_url";
    return {row_key(row, part), label};
  }
  if (starts("title.en")) return {"title_en", "dataset_form.title_en"};
  if (starts("title")) return {"title_sv", "dataset_form.title_sv"};
  if (starts("description.en")) return {"description_en", "dataset_form.description_en"};
  if (starts("description")) return {"description_sv", "dataset_form.description_sv"};
  if (starts("keywords.en")) return {"keywords_en", "dataset_form.keywords_en"};
  if (starts("keywords")) return {"keywords_sv", "dataset_form.keywords_sv"};
  if (starts("themes")) return {"themes", "dataset_form.themes"};
  if (starts("access_rights")) return {"access_rights", "dataset_form.access_rights"};
  if (starts("frequency")) return {"frequency", "dataset_form.frequency"};
  if (starts("temporal.end")) return {"temporal_end", "dataset_form.temporal_end"};
  if (starts("temporal")) return {"temporal_start", "dataset_form.temporal_start"};
  if (starts("contact_point.email")) return {"contact_email", "dataset_form.contact_email"};
  if (starts("contact_point")) return {"contact_name", "dataset_form.contact_name"};
  if (starts("issued")) return {"issued", "dataset_form.issued"};
  if (starts("landing_page")) return {"landing_page", "dataset_form.landing_page"};
  if (starts("publisher")) return {"publisher", "dataset_form.publisher"};
  return {"title_sv", ""};
}

// The rules' English messages in Swedish: whole messages, then by their beginning.
std::string swedish(const std::string& message) {
  static const std::pair<const char*, const char*> kWhole[] = {
      {"is required in at least one language", "krävs på minst ett språk"},
      {"is required", "krävs"},
      {"must be an absolute http or https URL",
       "måste vara en fullständig webbadress (http eller https)"},
      {"must be a date (YYYY-MM-DD) or date-time (YYYY-MM-DDThh:mm:ssZ)",
       "måste vara ett datum (ÅÅÅÅ-MM-DD)"},
      {"is not a valid e-mail address", "är inte en giltig e-postadress"},
      {"start is after end", "början ligger efter slutet"},
      {"must be the id or slug of an organisation", "måste vara en organisation"},
      {"is required: the organisation that publishes the dataset",
       "krävs: organisationen som publicerar datamängden"},
      {"must be a licence IRI or an SPDX identifier such as CC-BY-4.0",
       "måste vara en licens ur listan"},
  };
  for (const auto& [english, translated] : kWhole) {
    if (message == english) return translated;
  }
  static const std::pair<const char*, const char*> kStart[] = {
      {"must be a code of the ", "måste vara ett värde ur den kontrollerade vokabulären"},
      {"is longer than ", "är för lång"},
      {"'", "är inget känt värde"},
      {"must be a non-empty string of at most", "får inte vara tom och inte för lång"},
      {"holds the control character", "innehåller ett otillåtet tecken"},
  };
  for (const auto& [english, translated] : kStart) {
    if (message.rfind(english, 0) == 0) return translated;
  }
  return message;
}

}  // namespace

std::vector<web::FieldMessage> dataset_form_errors(const Error& error, const DatasetForm& form,
                                                   web::Lang lang) {
  std::vector<web::FieldMessage> out;
  for (const FieldError& detail : error.details) {
    if (detail.field.rfind("distributions[", 0) == 0 &&
        detail.field.find("].access_url") != std::string::npos) {
      size_t index = std::strtoul(detail.field.c_str() + 14, nullptr, 10);
      if (index < form.access_from_download.size() && form.access_from_download[index]) continue;
    }
    Target target = target_of(detail.field, form);
    std::string message = lang == web::Lang::kSv ? swedish(detail.message) : detail.message;
    std::string label = target.label_key.empty() ? detail.field : web::text(lang, target.label_key);
    if (target.id.rfind("d", 0) == 0 && target.id.find('_') != std::string::npos &&
        std::isdigit(static_cast<unsigned char>(target.id[1]))) {
      int row = std::stoi(target.id.substr(1));
      label = web::text(lang, "dataset_form.distribution_n", {{"n", std::to_string(row + 1)}}) +
              " – " + label;
    }
    out.push_back({target.id, label + ": " + message});
  }
  if (out.empty()) {
    const char* key = error.code == ErrorCode::kForbidden            ? "dataset_form.forbidden"
                      : error.code == ErrorCode::kPreconditionFailed ? "dataset_form.changed"
                      : error.code == ErrorCode::kConflict           ? "dataset_form.conflict"
                      : error.code == ErrorCode::kNotFound           ? "dataset_form.no_publisher"
                                                                     : "dataset_form.failed";
    out.push_back({error.code == ErrorCode::kForbidden || error.code == ErrorCode::kNotFound
                       ? "publisher"
                       : "title_sv",
                   web::text(lang, key)});
  }
  return out;
}

}  // namespace samverka::catalog
