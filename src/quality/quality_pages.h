// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "accounts/session_service.h"
#include "http/router.h"
#include "organization/organization_service.h"
#include "quality/quality_service.h"

namespace samverka::quality {

struct QualityPagesApi {
  accounts::SessionService* sessions;  // absent: pages are anonymous
  QualityService& quality;
  catalog::OrganizationService& organizations;
  catalog::DatasetService& datasets;
};

// /{lang}/quality (the catalogue), /{lang}/organizations/{slug}/quality (a publisher: score,
// dimensions, fixes, trend, broken links) and /{lang}/datasets/{slug}/quality (a dataset's
// indicators, fixes and link checks).
void register_quality_pages(http::Router& router, QualityPagesApi& api);

}  // namespace samverka::quality
