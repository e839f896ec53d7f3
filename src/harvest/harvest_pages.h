// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "accounts/session_service.h"
#include "catalog/dcat/import/import_service.h"
#include "harvest/harvest_service.h"
#include "http/router.h"
#include "organization/organization_service.h"

namespace samverka::harvest {

struct HarvestPagesApi {
  accounts::SessionService* sessions;  // absent: pages are anonymous
  HarvestService& harvests;
  catalog::ImportService& imports;
  catalog::OrganizationService& organizations;
};

// /{lang}/organizations/{slug}/harvest: the publisher's harvest sources and their last runs
// (public, as the API's sources are); /{lang}/harvest/runs/{id}: a run and its report, dataset
// by dataset with what to fix (for the publisher's members and sysadmins, as the API's report).
void register_harvest_pages(http::Router& router, HarvestPagesApi& api);

}  // namespace samverka::harvest
