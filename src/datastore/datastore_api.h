// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "accounts/account_service.h"
#include "datastore/datastore_service.h"
#include "http/router.h"

namespace samverka::datastore {

struct DatastoreApi {
  accounts::AccountService& accounts;
  DatastoreService& datastore;
};

// POST, GET and DELETE /api/v1/distributions/{id}/datastore (load, describe, remove a table);
// GET /api/v1/datastore/{id}[.json|.csv] (query) and /api/v1/datastore/{id}/schema (the data
// dictionary as a Frictionless Table Schema).
void register_datastore_routes(http::Router& router, DatastoreApi& api);

}  // namespace samverka::datastore
