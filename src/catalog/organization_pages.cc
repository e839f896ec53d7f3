// SPDX-License-Identifier: Apache-2.0
// Organisation pages: the list of publishers with their dataset counts, and each one's page.
#include "catalog/catalog_pages.h"

namespace samverka::catalog::pages {

namespace bj = boost::json;
using http::Request;
using http::Response;

namespace {

std::string name_of(const Organization& organization, web::Lang lang) {
  return lang == web::Lang::kEn && organization.name_en ? *organization.name_en
                                                        : organization.name_sv;
}

Response organizations_page(CatalogApi& api, Request& request, web::Lang lang) {
  auto principal = accounts::page_principal(api.sessions, request);
  if (!principal.ok()) return web::error_page(request, lang, principal.error());
  auto organizations = api.organizations.list();
  if (!organizations.ok()) return web::error_page(request, lang, organizations.error());
  std::map<std::string, size_t> counts;
  if (api.search != nullptr) {
    SearchRequest search;
    search.public_only = true;
    search.type = "dataset";
    search.limit = 1;
    search.facets = {"publisher"};
    search.facet_limit = 10000;
    auto found = api.search->search(principal.value(), search);
    if (!found.ok()) return web::error_page(request, lang, found.error());
    if (auto publishers = found->facets.find("publisher"); publishers != found->facets.end()) {
      for (const LabelledCount& count : publishers->second) counts[count.value] = count.count;
    }
  }
  std::vector<const Organization*> sorted;
  for (const Organization& organization : *organizations) sorted.push_back(&organization);
  std::sort(sorted.begin(), sorted.end(), [&](const Organization* a, const Organization* b) {
    return name_of(*a, lang) < name_of(*b, lang);
  });
  bj::array list;
  for (const Organization* organization : sorted) {
    bj::object item{{"href", organization_href(lang, organization->slug)},
                    {"name", name_of(*organization, lang)},
                    {"count", static_cast<int64_t>(counts[organization->slug])}};
    if (organization->type) item["type"] = label("publisher-type", *organization->type, lang);
    list.push_back(std::move(item));
  }
  web::Page page;
  page.visitor = accounts::visitor_of(principal.value(), request);
  page.lang = lang;
  page.template_name = "organizations";
  page.section = "organizations";
  page.title = web::text(lang, "organization.title");
  page.path = "/organizations";
  page.view["lang"] = std::string(web::code(lang));
  page.view["has_organizations"] = !list.empty();
  page.view["organizations"] = std::move(list);
  return web::page_response(request, std::move(page));
}

Response organization_page(CatalogApi& api, Request& request, web::Lang lang) {
  auto principal = accounts::page_principal(api.sessions, request);
  if (!principal.ok()) return web::error_page(request, lang, principal.error());
  auto organization = api.organizations.get(std::string(request.param("slug")));
  if (!organization.ok()) return web::error_page(request, lang, organization.error());
  bj::object view;
  view["lang"] = std::string(web::code(lang));
  view["name"] = name_of(*organization, lang);
  if (organization->type) view["type"] = label("publisher-type", *organization->type, lang);
  if (organization->org_number) view["org_number"] = *organization->org_number;
  if (organization->homepage) view["homepage"] = *organization->homepage;
  bj::array datasets;
  size_t total = 0;
  if (api.search != nullptr) {
    SearchRequest search;
    search.public_only = true;
    search.type = "dataset";
    search.filters["publisher"] = {organization->slug};
    search.sort = "modified";
    search.limit = 20;
    search.facets.clear();
    auto found = api.search->search(principal.value(), search);
    if (!found.ok()) return web::error_page(request, lang, found.error());
    total = found->total;
    for (const search::SearchHit& hit : found->hits) {
      boost::system::error_code error;
      bj::value summary = bj::parse(hit.stored, error);
      if (!error && summary.is_object()) datasets.push_back(hit_view(summary.get_object(), lang));
    }
  }
  view["count"] = static_cast<int64_t>(total);
  view["quality_href"] = organization_href(lang, organization->slug) + "/quality";
  view["harvest_href"] = organization_href(lang, organization->slug) + "/harvest";
  view["datasets"] = std::move(datasets);
  view["all_href"] = "/" + std::string(web::code(lang)) +
                     "/datasets?publisher=" + web::url_encode(organization->slug);
  web::Page page;
  page.visitor = accounts::visitor_of(principal.value(), request);
  page.lang = lang;
  page.template_name = "organization";
  page.section = "organizations";
  page.title = name_of(*organization, lang);
  page.path = "/organizations/" + web::url_encode(organization->slug);
  page.view = std::move(view);
  return web::page_response(request, std::move(page));
}

}  // namespace

void register_organization_pages(http::Router& router, CatalogApi& api) {
  web::add_page(router, "/organizations", [&api](Request& request, web::Lang lang) {
    return organizations_page(api, request, lang);
  });
  web::add_page(router, "/organizations/{slug}", [&api](Request& request, web::Lang lang) {
    return organization_page(api, request, lang);
  });
}

}  // namespace samverka::catalog::pages
