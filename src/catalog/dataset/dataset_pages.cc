// SPDX-License-Identifier: Apache-2.0
// The dataset page: its metadata in the page's language, its distributions, its history, and a
// schema.org Dataset block for web search engines' dataset search.
#include <cstdio>

#include "catalog/catalog_pages.h"
#include "web/markdown.h"

namespace samverka::catalog::pages {

namespace bj = boost::json;
using http::Request;
using http::Response;

namespace {

std::string joined(const std::vector<std::string>& values) {
  std::string out;
  for (const std::string& value : values) out += (out.empty() ? "" : ", ") + value;
  return out;
}

// 8238678 -> "7.9 MB" (Swedish: "7,9 MB").
std::string size_text(const bj::value* bytes, web::Lang lang) {
  if (bytes == nullptr || !bytes->is_number()) return {};
  double size = bytes->to_number<double>();
  const char* units[] = {"B", "kB", "MB", "GB", "TB"};
  size_t unit = 0;
  while (size >= 1000 && unit < 4) {
    size /= 1000;
    ++unit;
  }
  char text[32];
  std::snprintf(text, sizeof text, unit == 0 ? "%.0f %s" : "%.1f %s", size, units[unit]);
  std::string out(text);
  if (lang == web::Lang::kSv) std::replace(out.begin(), out.end(), '.', ',');
  return out;
}

// A distribution's datastore table as its preview shows it: the first rows, how many there are,
// and where to query the whole table.
bj::object preview_view(bj::object preview, const std::string& distribution_id,
                        const bj::value& title, web::Lang lang) {
  std::vector<std::string> types;
  if (const bj::value* given = preview.if_contains("types"); given && given->is_array())
    types = strings_of(given);
  // Numbers as the page's language writes them, on the right; truth values as words.
  auto cell = [&types, lang](size_t column, const bj::value& value) {
    std::string text = value.is_string() ? std::string(value.get_string()) : std::string();
    std::string type = column < types.size() ? types[column] : "text";
    bool number = type == "integer" || type == "decimal";
    if (number && lang == web::Lang::kSv) std::replace(text.begin(), text.end(), '.', ',');
    if (type == "boolean" && !text.empty())
      text = web::text(lang, text == "true" ? "datastore.yes" : "datastore.no");
    return bj::object{{"text", text}, {"number", number}};
  };
  bj::array rows;
  if (const bj::value* given = preview.if_contains("rows"); given && given->is_array()) {
    for (const bj::value& row : given->get_array()) {
      bj::array cells;
      if (row.is_array())
        for (size_t column = 0; column < row.get_array().size(); ++column)
          cells.push_back(cell(column, row.get_array()[column]));
      rows.push_back(bj::object{{"cells", std::move(cells)}});
    }
  }
  bj::array headings;
  if (const bj::value* given = preview.if_contains("columns"); given && given->is_array()) {
    for (size_t column = 0; column < given->get_array().size(); ++column) {
      std::string type = column < types.size() ? types[column] : "text";
      headings.push_back(bj::object{{"name", given->get_array()[column]},
                                    {"number", type == "integer" || type == "decimal"}});
    }
  }
  const bj::value* total = preview.if_contains("total");
  std::string count = total && total->is_int64() ? std::to_string(total->get_int64()) : "0";
  std::string shown = std::to_string(rows.size());
  std::string api = "/api/v1/datastore/" + web::url_encode(distribution_id);
  return bj::object{
      {"columns", std::move(headings)},
      {"rows", std::move(rows)},
      {"summary", web::text(lang, "datastore.preview", {{"n", count}})},
      {"caption", web::text(lang, "datastore.caption", {{"n", shown}, {"of", count}})},
      {"title", title},
      {"api", api},
      {"csv", api + ".csv?limit=32000"}};
}

// Keywords in the page's language (the other's when it has none).
std::vector<std::string> keywords_of(const bj::object& document, web::Lang lang, bool& fallback) {
  fallback = false;
  const bj::value* map = document.if_contains("keywords");
  if (map == nullptr || !map->is_object()) return {};
  auto words = strings_of(map->get_object().if_contains(web::code(lang)));
  if (words.empty()) {
    words = strings_of(map->get_object().if_contains(web::code(web::other(lang))));
    fallback = !words.empty();
  }
  return words;
}

// schema.org/Dataset as Google's dataset search documents it: name, description, url,
// identifier, keywords, license, creator/publisher, temporal and spatial coverage, dates,
// the catalogue, and each distribution as a DataDownload.
bj::object json_ld(const DatasetRecord& record, const Organization* publisher,
                   const std::string& url, web::Lang lang) {
  const bj::object& document = record.document;
  bj::object out{{"@context", "https://schema.org/"}, {"@type", "Dataset"}};
  Localised title = pick(document.if_contains("title"), lang);
  out["name"] = title.text;
  Localised description = pick(document.if_contains("description"), lang);
  // Search engines want 50 to 5000 characters.
  std::string text = description.text.empty() ? title.text : description.text;
  if (text.size() < 50) text += " – " + title.text;
  out["description"] = text.substr(0, 5000);
  out["url"] = url;
  std::string iri = string_of(document, "iri");
  bj::array identifiers{bj::value(record.id)};
  if (!iri.empty()) identifiers.push_back(bj::value(iri));
  out["identifier"] = std::move(identifiers);
  out["inLanguage"] = bj::array{"sv", "en"};
  bool fallback = false;
  bj::array keywords;
  for (const std::string& word : keywords_of(document, lang, fallback))
    keywords.push_back(bj::value(word));
  for (const std::string& theme : strings_of(document.if_contains("themes")))
    keywords.push_back(bj::value(label("data-theme", theme, lang)));
  if (!keywords.empty()) out["keywords"] = std::move(keywords);
  std::string license;
  if (const bj::value* distributions = document.if_contains("distributions");
      distributions && distributions->is_array()) {
    for (const bj::value& distribution : distributions->get_array()) {
      if (distribution.is_object() && license.empty())
        license = string_of(distribution.get_object(), "license");
    }
  }
  if (!license.empty()) out["license"] = license;
  if (publisher != nullptr) {
    bj::object organization{
        {"@type", "Organization"},
        {"name",
         lang == web::Lang::kEn && publisher->name_en ? *publisher->name_en : publisher->name_sv},
        {"url", web::base_url() + organization_href(lang, publisher->slug)}};
    if (publisher->homepage) organization["sameAs"] = *publisher->homepage;
    out["creator"] = organization;
    out["publisher"] = organization;
  }
  if (const bj::value* temporal = document.if_contains("temporal");
      temporal && temporal->is_object()) {
    std::string start = string_of(temporal->get_object(), "start");
    std::string end = string_of(temporal->get_object(), "end");
    if (!start.empty() || !end.empty())
      out["temporalCoverage"] = (start.empty() ? ".." : start) + "/" + (end.empty() ? ".." : end);
  }
  auto spatial = strings_of(document.if_contains("spatial"));
  if (!spatial.empty()) {
    bj::array places;
    for (const std::string& place : spatial)
      places.push_back(bj::object{{"@type", "Place"}, {"sameAs", place}, {"name", place}});
    out["spatialCoverage"] = std::move(places);
  }
  std::string issued = string_of(document, "issued");
  if (!issued.empty()) out["datePublished"] = issued;
  std::string modified = string_of(document, "modified");
  out["dateModified"] = modified.empty() ? date_part(record.record_modified) : modified;
  out["includedInDataCatalog"] =
      bj::object{{"@type", "DataCatalog"}, {"name", "Samverka"}, {"url", web::base_url() + "/"}};
  bj::array downloads;
  if (const bj::value* distributions = document.if_contains("distributions");
      distributions && distributions->is_array()) {
    for (const bj::value& item : distributions->get_array()) {
      if (!item.is_object()) continue;
      const bj::object& distribution = item.get_object();
      auto urls = strings_of(distribution.if_contains("download_urls"));
      std::string content_url = urls.empty() ? string_of(distribution, "access_url") : urls.front();
      if (content_url.empty()) continue;
      bj::object download{{"@type", "DataDownload"}, {"contentUrl", content_url}};
      std::string media_type = string_of(distribution, "media_type");
      std::string format = string_of(distribution, "format");
      download["encodingFormat"] = media_type.empty() ? format : media_type;
      Localised name = pick(distribution.if_contains("title"), lang);
      if (!name.text.empty()) download["name"] = name.text;
      downloads.push_back(std::move(download));
    }
  }
  if (!downloads.empty()) out["distribution"] = std::move(downloads);
  return out;
}

Response dataset_page(CatalogApi& api, web::PageCache* shared_pages, Request& request,
                      web::Lang lang) {
  std::string slug(request.param("slug"));
  // A signed-out visitor without a query (flash messages) sees the page everyone sees: it is
  // rendered once and kept until the dataset changes.
  bool shareable = shared_pages != nullptr && request.query.empty() &&
                   request.cookie(accounts::kSessionCookie).empty();
  std::string key = std::string(web::code(lang)) + " " + slug;
  uint64_t generation = 0;
  if (shareable) {
    if (auto shared = shared_pages->find(key))
      return web::shared_page_response(request, *shared, lang);
    generation = shared_pages->generation();
  }
  auto principal = accounts::page_principal(api.sessions, request);
  if (!principal.ok()) return web::error_page(request, lang, principal.error());
  auto found = api.datasets.get(principal.value(), slug);
  if (!found.ok()) return web::error_page(request, lang, found.error());
  const DatasetRecord& record = found->record;
  const bj::object& document = record.document;
  std::optional<Organization> publisher;
  if (auto organization = api.organizations.get(record.publisher_id); organization.ok())
    publisher = std::move(organization.value());

  bj::object view;
  view["lang"] = std::string(web::code(lang));
  Localised title = pick(document.if_contains("title"), lang);
  view["title"] = title.text.empty() ? record.slug : title.text;
  if (title.fallback) {
    view["title_lang"] = title.lang;
    view["title_fallback"] = true;
  }
  Localised description = pick(document.if_contains("description"), lang);
  if (!description.text.empty()) view["description_html"] = web::markdown_html(description.text);
  if (description.fallback) view["description_lang"] = description.lang;
  view["draft"] = record.state != DatasetState::kPublished || record.is_private;
  if (publisher) {
    view["publisher"] =
        lang == web::Lang::kEn && publisher->name_en ? *publisher->name_en : publisher->name_sv;
    view["publisher_href"] = organization_href(lang, publisher->slug);
  }
  std::string modified = string_of(document, "modified");
  if (!modified.empty()) view["modified"] = date_part(modified);
  std::string issued = string_of(document, "issued");
  if (!issued.empty()) view["issued"] = date_part(issued);

  std::vector<std::string> themes;
  for (const std::string& theme : strings_of(document.if_contains("themes")))
    themes.push_back(label("data-theme", theme, lang));
  if (!themes.empty()) view["themes_text"] = joined(themes);
  bool keywords_fallback = false;
  auto keywords = keywords_of(document, lang, keywords_fallback);
  if (!keywords.empty()) view["keywords_text"] = joined(keywords);
  std::string access = string_of(document, "access_rights");
  if (!access.empty()) view["access_rights"] = label("access-right", access, lang);
  std::string frequency = string_of(document, "frequency");
  if (!frequency.empty()) view["frequency"] = label("frequency", frequency, lang);
  if (const bj::value* temporal = document.if_contains("temporal");
      temporal && temporal->is_object()) {
    std::string start = string_of(temporal->get_object(), "start");
    std::string end = string_of(temporal->get_object(), "end");
    if (!start.empty() || !end.empty()) {
      view["temporal"] = (start.empty() ? "" : web::text(lang, "dataset.from") + " " + start) +
                         (start.empty() || end.empty() ? "" : " ") +
                         (end.empty() ? "" : web::text(lang, "dataset.to") + " " + end);
    }
  }
  // Places are IRIs (GeoNames, the EU's authority tables); the visitor follows them to see
  // which place is meant.
  bj::array places;
  for (const std::string& place : strings_of(document.if_contains("spatial")))
    places.push_back(bj::object{{"href", place}, {"last", false}});
  if (!places.empty()) {
    places.back().get_object()["last"] = true;
    view["has_spatial"] = true;
    view["spatial"] = std::move(places);
  }
  if (const bj::value* contact = document.if_contains("contact_point");
      contact && contact->is_object()) {
    std::string name = string_of(contact->get_object(), "name");
    std::string email = string_of(contact->get_object(), "email");
    if (!name.empty() || !email.empty()) {
      view["contact"] = name.empty() ? email : name;
      if (!email.empty() && !name.empty()) view["contact_email"] = email;
    }
  }
  std::string landing = string_of(document, "landing_page");
  if (!landing.empty()) view["landing_page"] = landing;

  // Distributions; the dataset's licence is the first one given.
  bj::array distributions;
  std::string license;
  if (const bj::value* list = document.if_contains("distributions"); list && list->is_array()) {
    for (const bj::value& item : list->get_array()) {
      if (!item.is_object()) continue;
      const bj::object& distribution = item.get_object();
      bj::object entry;
      Localised name = pick(distribution.if_contains("title"), lang);
      std::string format = string_of(distribution, "format");
      entry["title"] = name.text.empty() ? (format.empty() ? std::string("–") : format) : name.text;
      Localised text = pick(distribution.if_contains("description"), lang);
      if (!text.text.empty()) entry["description"] = text.text;
      if (!format.empty()) entry["format"] = label("file-type", format, lang);
      std::string size = size_text(distribution.if_contains("byte_size"), lang);
      if (!size.empty()) entry["size"] = size;
      std::string own_license = string_of(distribution, "license");
      if (!own_license.empty()) {
        entry["license"] = label("license", own_license, lang);
        if (license.empty()) license = own_license;
      }
      auto downloads = strings_of(distribution.if_contains("download_urls"));
      if (!downloads.empty()) entry["download"] = downloads.front();
      std::string access_url = string_of(distribution, "access_url");
      if (!access_url.empty() && (downloads.empty() || access_url != downloads.front()))
        entry["access"] = access_url;
      if (std::string id = string_of(distribution, "id"); api.preview_of && !id.empty()) {
        if (std::optional<bj::object> preview = api.preview_of(record, id))
          entry["preview"] = preview_view(std::move(*preview), id, entry["title"], lang);
      }
      distributions.push_back(std::move(entry));
    }
  }
  view["distributions"] = std::move(distributions);
  if (!license.empty()) {
    view["license"] = label("license", license, lang);
    if (license.rfind("http", 0) == 0) view["license_href"] = license;
  }

  // The APIs that serve the dataset (data services are public).
  bj::array services;
  if (auto serving = api.data_services.serving(record.id, 20); serving.ok()) {
    for (const DataServiceRecord& service : serving.value()) {
      Localised name = pick(service.document.if_contains("title"), lang);
      bj::object entry{{"href", data_service_href(lang, service.id)},
                       {"title", name.text.empty() ? service.id : name.text}};
      if (name.fallback) entry["title_lang"] = name.lang;
      services.push_back(std::move(entry));
    }
  }
  view["has_services"] = !services.empty();
  view["services"] = std::move(services);

  std::string file = web::base_url() + "/datasets/" + record.id;
  bj::array formats{
      bj::object{{"label", "Turtle"}, {"href", file + ".ttl"}, {"type", "text/turtle"}},
      bj::object{{"label", "RDF/XML"}, {"href", file + ".rdf"}, {"type", "application/rdf+xml"}},
      bj::object{{"label", "JSON-LD"}, {"href", file + ".jsonld"}, {"type", "application/ld+json"}},
      bj::object{{"label", "JSON"},
                 {"href", web::base_url() + "/api/v1/datasets/" + record.id},
                 {"type", "application/json"},
                 {"last", true}}};
  view["formats"] = std::move(formats);

  bj::array history;
  if (auto activity = api.datasets.activity(principal.value(), record.id, 10); activity.ok()) {
    for (const bj::value& item : activity.value()) {
      if (!item.is_object()) continue;
      const bj::object& entry = item.get_object();
      std::string at = string_of(entry, "at");
      std::string op = string_of(entry, "op");
      std::vector<std::string> fields;
      if (const bj::value* changes = entry.if_contains("changes");
          changes && changes->is_object()) {
        for (const auto& [field, change] : changes->get_object()) fields.emplace_back(field);
      }
      if (fields.size() > 8) {
        fields.resize(8);
        fields.push_back("…");
      }
      const bj::value* revision = entry.if_contains("revision");
      history.push_back(bj::object{
          {"revision", revision ? *revision : bj::value(nullptr)},
          {"at", at},
          {"at_text", at.size() >= 16 ? at.substr(0, 10) + " " + at.substr(11, 5) : at},
          {"op", web::text(lang, op == "create" ? "dataset.created" : "dataset.updated")},
          {"fields",
           op == "create" || fields.empty() ? bj::value(nullptr) : bj::value(joined(fields))}});
    }
  }
  view["has_history"] = !history.empty();
  view["history"] = std::move(history);
  if (api.quality_of) {
    if (std::optional<bj::object> quality = api.quality_of(record)) {
      const bj::value* points = quality->if_contains("points");
      const bj::value* rating = quality->if_contains("rating");
      if (points && points->is_number() && rating && rating->is_string()) {
        char text[16];
        std::snprintf(text, sizeof text, "%.0f", points->to_number<double>());
        view["quality"] = bj::object{
            {"points", text},
            {"rating", web::text(lang, "quality.rating_" + std::string(rating->get_string()))},
            {"rating_code", rating->get_string()},
            {"href", dataset_href(lang, record.slug) + "/quality"}};
      }
    }
  }

  web::Visitor visitor = accounts::visitor_of(*principal, request);
  if (principal->at_least(record.publisher_id, accounts::Role::kEditor)) {
    view["can_edit"] = true;
    view["csrf"] = visitor.csrf;
    view["revision"] = record.revision;
    view["edit_href"] = dataset_href(lang, record.slug) + "/edit";
    view["publish_action"] = dataset_href(lang, record.slug) + "/publish";
  }
  if (request.query_param("published"))
    view["flash"] = web::text(lang, "dataset_form.published");
  else if (request.query_param("saved"))
    view["flash"] = web::text(lang, "dataset_form.saved");

  web::Page page;
  page.visitor = std::move(visitor);
  page.lang = lang;
  page.template_name = "dataset";
  page.section = "datasets";
  page.title = title.text.empty() ? record.slug : title.text;
  page.path = "/datasets/" + web::url_encode(record.slug);
  page.noindex = record.state != DatasetState::kPublished || record.is_private;
  std::string url = web::base_url() + "/" + std::string(web::code(lang)) + page.path;
  if (!page.noindex)
    page.json_ld = bj::serialize(json_ld(record, publisher ? &*publisher : nullptr, url, lang));
  page.view = std::move(view);
  if (shareable && !page.noindex && !principal->authenticated()) {
    if (auto shared = web::share_page(page)) {
      shared_pages->put(key, record.id, shared, generation);
      return web::shared_page_response(request, *shared, lang);
    }
  }
  return web::page_response(request, std::move(page));
}

}  // namespace

void register_dataset_pages(http::Router& router, CatalogApi& api, web::PageCache* shared_pages) {
  web::add_page(router, "/datasets/{slug}", [&api, shared_pages](Request& request, web::Lang lang) {
    return dataset_page(api, shared_pages, request, lang);
  });
}

}  // namespace samverka::catalog::pages
