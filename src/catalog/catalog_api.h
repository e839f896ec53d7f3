// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "accounts/account_service.h"
#include "catalog/api_support.h"
#include "catalog/data_service_service.h"
#include "catalog/dataset_service.h"
#include "catalog/organization_service.h"
#include "http/router.h"

namespace samverka::catalog {

// The JSON API of the catalogue under /api/v1. Handlers parse and authenticate, then call the
// services, which authorise.
struct CatalogApi {
  accounts::AccountService& accounts;
  OrganizationService& organizations;
  DatasetService& datasets;
  DataServiceService& data_services;
  ApiLimits limits;
};

void register_organization_routes(http::Router& router, CatalogApi& api);
void register_dataset_routes(http::Router& router, CatalogApi& api);
void register_data_service_routes(http::Router& router, CatalogApi& api);
void register_vocabulary_routes(http::Router& router);

}  // namespace samverka::catalog
