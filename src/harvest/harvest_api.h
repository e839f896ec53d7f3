// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "accounts/account_service.h"
#include "harvest/harvest_service.h"
#include "http/router.h"

namespace samverka::harvest {

struct HarvestApi {
  accounts::AccountService& accounts;
  HarvestService& harvests;
};

// GET/POST /api/v1/harvest/sources, GET/PATCH/DELETE /api/v1/harvest/sources/{id},
// GET/POST /api/v1/harvest/sources/{id}/runs, GET /api/v1/harvest/runs/{id}.
void register_harvest_routes(http::Router& router, HarvestApi& api);

}  // namespace samverka::harvest
