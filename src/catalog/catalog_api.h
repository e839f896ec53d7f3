// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "accounts/account_service.h"
#include "accounts/accounts_api.h"
#include "catalog/data_service/data_service_service.h"
#include "catalog/dataset/dataset_response_cache.h"
#include "catalog/dataset/dataset_service.h"
#include "catalog/dcat/import/import_service.h"
#include "catalog/search/search_service.h"
#include "http/json_api.h"
#include "http/router.h"
#include "organization/organization_service.h"
#include "search/change_indexer.h"

namespace samverka::catalog {

// The JSON API of the catalogue under /api/v1. Handlers parse and authenticate, then call the
// services, which authorise.
struct CatalogApi {
  accounts::AccountService& accounts;
  OrganizationService& organizations;
  DatasetService& datasets;
  DataServiceService& data_services;
  http::PageLimits limits;
  DatasetResponseCache& dataset_cache;       // serialised dataset answers
  SearchService* search = nullptr;           // absent: no search routes
  search::ChangeIndexer* indexer = nullptr;  // absent: ?wait_for_index is ignored
  ImportService* imports = nullptr;          // absent: import answers 503
  accounts::SessionService* sessions =
      nullptr;  // the portal's sign-in; absent: pages are anonymous
  // A dataset's metadata quality score for its page ({points, rating}), when the quality
  // domain is wired in (it builds on the catalogue, so the catalogue only calls it).
  std::function<std::optional<boost::json::object>(const DatasetRecord&)> quality_of;
  // A distribution's datastore table for the dataset page: {columns: [name], types: [integer,
  // decimal, boolean, date, timestamp or text], rows: [[text]], total}, the first rows only, when
  // the datastore is wired in and the distribution has one.
  std::function<std::optional<boost::json::object>(const DatasetRecord&,
                                                   const std::string& distribution_id)>
      preview_of;
};

void register_dataset_routes(http::Router& router, CatalogApi& api);
void register_data_service_routes(http::Router& router, CatalogApi& api);
void register_vocabulary_routes(http::Router& router);
// RDF import: POST /api/v1/import, GET /api/v1/imports/{id}.
void register_import_routes(http::Router& router, CatalogApi& api);
void register_search_routes(http::Router& router, CatalogApi& api);
// The search a /api/v1/search query string asks for (unknown parameters and bad numbers are
// kBadRequest). The benchmark tool reads its query file through it too.
Result<SearchRequest> search_request_from(const http::Request& request);
// DCAT-AP-SE RDF: /catalog(.ttl|.rdf|.jsonld|.nt) paged with Hydra, /datasets/{id}.{ext},
// /organizations/{id}.{ext}, /data-services/{id}.{ext}.
void register_dcat_routes(http::Router& router, CatalogApi& api, std::string base_url);

// After a successful write with ?wait_for_index=true, waits (at most 10 s) until the change is
// searchable; adds "Index-Wait: timeout" to the response if it is not by then.
void wait_for_index_if_asked(const CatalogApi& api, const http::Request& request,
                             http::Response& response);

}  // namespace samverka::catalog
