// SPDX-License-Identifier: Apache-2.0
#include "catalog/catalog_pages.h"

#include <algorithm>

#include "catalog/vocabulary/vocabulary.h"
#include "http/problem.h"

namespace samverka::catalog {

namespace bj = boost::json;

void register_catalog_pages(http::Router& router, CatalogApi& api, web::PageCache* shared_pages) {
  pages::register_search_pages(router, api);
  pages::register_dataset_form_pages(router, api);
  pages::register_dataset_pages(router, api, shared_pages);
  pages::register_organization_pages(router, api);
  pages::register_data_service_pages(router, api);
  pages::register_sitemap(router, api);
}

namespace pages {

Localised pick(const bj::value* value, web::Lang lang) {
  if (value == nullptr) return {};
  if (value->is_string()) return {std::string(value->get_string()), "", false};
  if (!value->is_object()) return {};
  const bj::object& map = value->get_object();
  std::string wanted(web::code(lang));
  if (const bj::value* text = map.if_contains(wanted);
      text && text->is_string() && !text->get_string().empty())
    return {std::string(text->get_string()), wanted, false};
  std::string other(web::code(web::other(lang)));
  if (const bj::value* text = map.if_contains(other); text && text->is_string())
    return {std::string(text->get_string()), other, true};
  for (const auto& [key, text] : map) {
    if (text.is_string()) return {std::string(text.get_string()), std::string(key), true};
  }
  return {};
}

std::string string_of(const bj::object& object, const char* key) {
  const bj::value* value = object.if_contains(key);
  return value && value->is_string() ? std::string(value->get_string()) : std::string();
}

std::vector<std::string> strings_of(const bj::value* value) {
  std::vector<std::string> out;
  if (value == nullptr || !value->is_array()) return out;
  for (const bj::value& item : value->get_array()) {
    if (item.is_string()) out.emplace_back(item.get_string());
  }
  return out;
}

std::string label(std::string_view vocabulary, std::string_view value, web::Lang lang) {
  if (const Vocabulary* found = find_vocabulary(vocabulary)) {
    if (const VocabularyEntry* entry = found->find(value)) {
      const std::string& text = lang == web::Lang::kSv ? entry->label_sv : entry->label_en;
      if (!text.empty()) return text;
      if (!entry->label_en.empty()) return entry->label_en;
    }
  }
  return std::string(value);
}

std::string dataset_href(web::Lang lang, std::string_view slug) {
  return "/" + std::string(web::code(lang)) + "/datasets/" + web::url_encode(slug);
}
std::string data_service_href(web::Lang lang, std::string_view id) {
  return "/" + std::string(web::code(lang)) + "/data-services/" + web::url_encode(id);
}
std::string organization_href(web::Lang lang, std::string_view slug) {
  return "/" + std::string(web::code(lang)) + "/organizations/" + web::url_encode(slug);
}

std::string date_part(std::string_view timestamp) {
  return std::string(timestamp.substr(0, std::min<size_t>(timestamp.size(), 10)));
}

bj::object hit_view(const bj::object& summary, web::Lang lang) {
  bj::object out;
  auto string_of = [&](const char* key) -> std::string {
    const bj::value* value = summary.if_contains(key);
    return value && value->is_string() ? std::string(value->get_string()) : std::string();
  };
  std::string type = string_of("type");
  std::string id = string_of("id");
  std::string slug = string_of("slug");
  out["href"] = type == "data_service" ? data_service_href(lang, id)
                                       : dataset_href(lang, slug.empty() ? id : slug);
  Localised title = pick(summary.if_contains("title"), lang);
  out["title"] = title.text.empty() ? id : title.text;
  if (!title.lang.empty()) out["title_lang"] = title.lang;
  out["type"] =
      web::text(lang, type == "data_service" ? "search.type_data_service" : "search.type_dataset");
  if (const bj::value* publisher = summary.if_contains("publisher");
      publisher && publisher->is_object()) {
    Localised name = pick(publisher->get_object().if_contains("name"), lang);
    if (!name.text.empty()) out["publisher"] = name.text;
  }
  std::string modified = string_of("modified");
  if (modified.empty()) modified = string_of("metadata_modified");
  if (!modified.empty()) out["modified"] = date_part(modified);
  bj::array formats;
  if (const bj::value* list = summary.if_contains("formats"); list && list->is_array()) {
    for (const bj::value& format : list->get_array()) {
      if (format.is_string()) formats.push_back(format);
    }
  }
  out["has_formats"] = !formats.empty();
  out["formats"] = std::move(formats);
  return out;
}

}  // namespace pages
}  // namespace samverka::catalog

namespace samverka::catalog::pages {

namespace {

// Datasets per sitemap file: each has a URL per language, and a file may hold 50,000 URLs.
constexpr int64_t kSitemapDatasets = 25000;

http::Response xml_response(const http::Request& request, std::string body) {
  http::Response response;
  response.content_type = "application/xml; charset=utf-8";
  response.body = std::move(body);
  response.set_header("Cache-Control", "public, max-age=3600");
  return web::finish(request, std::move(response));
}

void add_url(std::string& out, const std::string& path) {
  for (web::Lang lang : web::kLanguages) {
    out += "<url><loc>" +
           web::escape_html(web::base_url() + "/" + std::string(web::code(lang)) + path) + "</loc>";
    for (web::Lang alternate : web::kLanguages) {
      std::string code(web::code(alternate));
      out += "<xhtml:link rel=\"alternate\" hreflang=\"" + code + "\" href=\"" +
             web::escape_html(web::base_url() + "/" + code + path) + "\"/>";
    }
    out += "</url>\n";
  }
}

constexpr const char* kUrlsetHead =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" "
    "xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n";

}  // namespace

void register_sitemap(http::Router& router, CatalogApi& api) {
  // A sitemap index: the site's own pages, then the datasets 25,000 to a file.
  router.add("GET", "/sitemap.xml", [&api](http::Request& request) {
    auto first = api.datasets.public_page(0, 1);
    if (!first.ok()) return http::problem(first.error());
    int64_t files = (first->total + kSitemapDatasets - 1) / kSitemapDatasets;
    std::string out =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
    out += "<sitemap><loc>" + web::escape_html(web::base_url()) +
           "/sitemaps/pages.xml</loc></sitemap>\n";
    for (int64_t file = 1; file <= files; ++file) {
      out += "<sitemap><loc>" + web::escape_html(web::base_url()) + "/sitemaps/datasets-" +
             std::to_string(file) + ".xml</loc></sitemap>\n";
    }
    out += "</sitemapindex>\n";
    return xml_response(request, std::move(out));
  });
  router.add("GET", "/sitemaps/{file}", [&api](http::Request& request) {
    std::string file(request.param("file"));
    std::string out = kUrlsetHead;
    if (file == "pages.xml") {
      for (const char* path : {"/", "/datasets", "/organizations", "/data-services"})
        add_url(out, path);
      auto organizations = api.organizations.list();
      if (!organizations.ok()) return http::problem(organizations.error());
      for (const Organization& organization : *organizations)
        add_url(out, "/organizations/" + web::url_encode(organization.slug));
      out += "</urlset>\n";
      return xml_response(request, std::move(out));
    }
    // datasets-N.xml
    int64_t number = 0;
    if (file.rfind("datasets-", 0) == 0 && file.size() > 13 &&
        file.substr(file.size() - 4) == ".xml") {
      std::string digits = file.substr(9, file.size() - 13);
      if (digits.size() <= 6 && std::all_of(digits.begin(), digits.end(), ::isdigit))
        number = std::stoll(digits);
    }
    if (number < 1) {
      return http::problem(make_error(ErrorCode::kNotFound, "no sitemap '" + file + "'"));
    }
    auto slugs = api.datasets.public_slugs((number - 1) * kSitemapDatasets,
                                           static_cast<int>(kSitemapDatasets));
    if (!slugs.ok()) return http::problem(slugs.error());
    if (slugs->empty() && number > 1) {
      return http::problem(make_error(ErrorCode::kNotFound, "no sitemap '" + file + "'"));
    }
    for (const std::string& slug : *slugs) add_url(out, "/datasets/" + web::url_encode(slug));
    out += "</urlset>\n";
    return xml_response(request, std::move(out));
  });
}

}  // namespace samverka::catalog::pages
