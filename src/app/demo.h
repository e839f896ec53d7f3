// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <functional>
#include <string_view>

#include "catalog/data_service/data_service_service.h"
#include "catalog/dataset/dataset_service.h"
#include "core/result.h"
#include "organization/organization_service.h"

namespace samverka::app {

// The password of the demo folder's editor ("redaktor", editor of three organisations).
inline constexpr std::string_view kDemoEditorPassword = "samverka-demo";

// Loads a deterministic demo catalogue of about `datasets` datasets: 32 real Swedish public
// bodies (names and organisation numbers), and datasets across all 13 EU themes with Swedish
// and English text, contact points, keywords, licences and distributions (CSV, JSON, GeoJSON,
// XLSX, API), and one API (data service) per publisher serving some of its datasets. The same
// count always gives the same catalogue, ids included. Goes through the
// services as a sysadmin, so every rule applies.
Status load_demo(catalog::OrganizationService& organizations, catalog::DatasetService& datasets,
                 catalog::DataServiceService& data_services, int count,
                 const std::function<void(int done, int total)>& progress);

}  // namespace samverka::app
