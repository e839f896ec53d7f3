// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "accounts/account_service.h"
#include "datastore/datastore_service.h"
#include "http/router.h"

namespace samverka::datastore {

struct DatastoreApi {
  accounts::AccountService& accounts;
  DatastoreService& datastore;
  std::string base_url;  // the public URL: a Data Package names its CSV by an absolute URL
  int64_t max_rows = 32000;
};

// POST, GET and DELETE /api/v1/distributions/{id}/datastore (load, describe, remove a table);
// GET /api/v1/datastore/{id}[.json|.csv] (query) and /api/v1/datastore/{id}/schema (the data
// dictionary as a Frictionless Table Schema) and /api/v1/datastore/{id}/datapackage (a Data
// Package descriptor of the table's CSV).
void register_datastore_routes(http::Router& router, DatastoreApi& api);

}  // namespace samverka::datastore
