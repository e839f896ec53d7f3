// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>

#include "catalog/catalog_api.h"
#include "datastore/datastore_service.h"
#include "http/router.h"

namespace samverka::ckan {

// The CKAN Action API (read actions) at /api/3/action/{action}, GET or POST, with CKAN's
// envelope ({help, success, result} or {help, success: false, error: {__type, message}}) and
// CKAN's status codes, so that CKAN clients and harvesters read a Samverka catalogue unchanged.
void register_ckan_routes(http::Router& router, catalog::CatalogApi& api, std::string base_url,
                          datastore::DatastoreService* datastore = nullptr);

}  // namespace samverka::ckan
