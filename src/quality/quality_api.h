// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "accounts/account_service.h"
#include "http/router.h"
#include "quality/quality_service.h"

namespace samverka::quality {

struct QualityApi {
  accounts::AccountService& accounts;
  QualityService& quality;
};

// GET /api/v1/datasets/{id}/quality, /api/v1/organizations/{id}/quality, /api/v1/quality;
// POST /api/v1/quality/runs (sysadmins).
void register_quality_routes(http::Router& router, QualityApi& api);

}  // namespace samverka::quality
