// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "accounts/account_service.h"
#include "http/router.h"
#include "organization/organization_service.h"

namespace samverka::catalog {

// The JSON API of organisations under /api/v1/organizations. The services it holds must outlive
// the router it registers on.
struct OrganizationApi {
  accounts::AccountService& accounts;
  OrganizationService& organizations;
};

void register_organization_routes(http::Router& router, OrganizationApi& api);

}  // namespace samverka::catalog
