// SPDX-License-Identifier: Apache-2.0
// The portal's catalogue pages (home, search, datasets, organisations, data services, the
// sitemap) and the view helpers they share. Pages call the same services as the JSON API.
#pragma once

#include <boost/json.hpp>
#include <string>
#include <string_view>

#include "accounts/account_pages.h"
#include "catalog/catalog_api.h"
#include "web/page.h"

namespace samverka::catalog {

// shared_pages: where dataset pages as anonymous visitors see them are kept (null: none); the
// caller evicts a dataset's pages (tag: its id) when it changes.
void register_catalog_pages(http::Router& router, CatalogApi& api, web::PageCache* shared_pages);

namespace pages {

// A text in the page's language, or in the other one (fallback set) when it has none: for
// {"sv": ..., "en": ...} maps; a plain string is taken as it is.
struct Localised {
  std::string text;
  std::string lang;  // the language of `text`, "" when unknown
  bool fallback = false;
};
Localised pick(const boost::json::value* value, web::Lang lang);
// A string member ("" when absent or not a string), and the strings of an array.
std::string string_of(const boost::json::object& object, const char* key);
std::vector<std::string> strings_of(const boost::json::value* value);
// The label of a vocabulary code or IRI in the language (the value itself when unknown).
std::string label(std::string_view vocabulary, std::string_view value, web::Lang lang);
// The publisher's name from an organisation's {"sv", "en"} name.
std::string dataset_href(web::Lang lang, std::string_view slug);
std::string data_service_href(web::Lang lang, std::string_view id);
std::string organization_href(web::Lang lang, std::string_view slug);
// "2024-05-01T10:00:00Z" -> "2024-05-01".
std::string date_part(std::string_view timestamp);
// A dataset list entry from a search hit's stored summary: {href, title, publisher, modified,
// formats, type, translated}.
boost::json::object hit_view(const boost::json::object& summary, web::Lang lang);

void register_search_pages(http::Router& router, CatalogApi& api);
void register_dataset_pages(http::Router& router, CatalogApi& api, web::PageCache* shared_pages);
// /{lang}/datasets/new and /{lang}/datasets/{slug}/edit (before the dataset page's route).
void register_dataset_form_pages(http::Router& router, CatalogApi& api);
void register_organization_pages(http::Router& router, CatalogApi& api);
void register_data_service_pages(http::Router& router, CatalogApi& api);
void register_sitemap(http::Router& router, CatalogApi& api);

}  // namespace pages
}  // namespace samverka::catalog
