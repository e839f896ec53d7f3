// SPDX-License-Identifier: Apache-2.0
// Data service (API) pages: the list and each service's page.
#include "catalog/catalog_pages.h"
#include "web/markdown.h"

namespace samverka::catalog::pages {

namespace bj = boost::json;
using http::Request;
using http::Response;

namespace {

std::string publisher_name(CatalogApi& api, const std::string& id, web::Lang lang,
                           std::string* href = nullptr) {
  auto organization = api.organizations.get(id);
  if (!organization.ok()) return {};
  if (href) *href = organization_href(lang, organization->slug);
  return lang == web::Lang::kEn && organization->name_en ? *organization->name_en
                                                         : organization->name_sv;
}

Response data_services_page(CatalogApi& api, Request& request, web::Lang lang) {
  auto cursor = request.query_param("cursor");
  auto found = api.data_services.list(20, cursor);
  if (!found.ok()) return web::error_page(request, lang, found.error());
  bj::array services;
  for (const DataServiceRecord& record : found->items) {
    Localised title = pick(record.document.if_contains("title"), lang);
    Localised description = pick(record.document.if_contains("description"), lang);
    std::string text =
        description.text.size() > 300 ? description.text.substr(0, 300) + "…" : description.text;
    services.push_back(bj::object{{"href", data_service_href(lang, record.id)},
                                  {"title", title.text.empty() ? record.id : title.text},
                                  {"publisher", publisher_name(api, record.publisher_id, lang)},
                                  {"description", text}});
  }
  web::Page page;
  page.lang = lang;
  page.template_name = "data_services";
  page.section = "data_services";
  page.title = web::text(lang, "data_service.title");
  page.path = "/data-services" + (cursor ? "?cursor=" + web::url_encode(*cursor) : "");
  page.view["services"] = std::move(services);
  if (found->next) {
    page.view["pagination"] =
        bj::object{{"next", "/" + std::string(web::code(lang)) +
                                "/data-services?cursor=" + web::url_encode(*found->next)}};
  }
  return web::page_response(request, std::move(page));
}

Response data_service_page(CatalogApi& api, Request& request, web::Lang lang) {
  auto principal = accounts::page_principal(api.sessions, request);
  if (!principal.ok()) return web::error_page(request, lang, principal.error());
  std::string id(request.param("id"));
  auto found = api.data_services.get(id);
  if (!found.ok()) return web::error_page(request, lang, found.error());
  const bj::object& document = found->document;
  bj::object view;
  view["lang"] = std::string(web::code(lang));
  Localised title = pick(document.if_contains("title"), lang);
  view["title"] = title.text.empty() ? found->id : title.text;
  if (title.fallback) view["title_lang"] = title.lang;
  Localised description = pick(document.if_contains("description"), lang);
  if (!description.text.empty()) view["description_html"] = web::markdown_html(description.text);
  std::string href;
  view["publisher"] = publisher_name(api, found->publisher_id, lang, &href);
  if (!href.empty()) view["publisher_href"] = href;
  std::string endpoint = string_of(document, "endpoint_url");
  if (!endpoint.empty()) view["endpoints"] = bj::array{bj::value(endpoint)};
  std::string endpoint_description = string_of(document, "endpoint_description");
  if (!endpoint_description.empty()) view["endpoint_description"] = endpoint_description;
  std::string license = string_of(document, "license");
  if (!license.empty()) view["license"] = label("license", license, lang);
  std::string access = string_of(document, "access_rights");
  if (!access.empty()) view["access_rights"] = label("access-right", access, lang);
  bj::array serves;
  if (const bj::value* ids = document.if_contains("serves_datasets"); ids && ids->is_array()) {
    for (const bj::value& dataset_id : ids->get_array()) {
      if (!dataset_id.is_string() || serves.size() >= 50) continue;
      auto dataset = api.datasets.get(principal.value(), std::string(dataset_id.get_string()));
      if (!dataset.ok()) continue;  // one the visitor may not read
      Localised name = pick(dataset->record.document.if_contains("title"), lang);
      serves.push_back(bj::object{{"href", dataset_href(lang, dataset->record.slug)},
                                  {"title", name.text.empty() ? dataset->record.slug : name.text}});
    }
  }
  view["has_serves"] = !serves.empty();
  view["serves"] = std::move(serves);
  web::Page page;
  page.visitor = accounts::visitor_of(principal.value(), request);
  page.lang = lang;
  page.template_name = "data_service";
  page.section = "data_services";
  page.title = title.text.empty() ? found->id : title.text;
  page.path = "/data-services/" + web::url_encode(found->id);
  page.view = std::move(view);
  return web::page_response(request, std::move(page));
}

}  // namespace

void register_data_service_pages(http::Router& router, CatalogApi& api) {
  web::add_page(router, "/data-services", [&api](Request& request, web::Lang lang) {
    return data_services_page(api, request, lang);
  });
  web::add_page(router, "/data-services/{id}", [&api](Request& request, web::Lang lang) {
    return data_service_page(api, request, lang);
  });
}

}  // namespace samverka::catalog::pages
