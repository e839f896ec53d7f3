// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <boost/json.hpp>
#include <optional>
#include <string>

#include "catalog/dataset/dataset.h"
#include "core/result.h"
#include "organization/organization.h"

namespace samverka::ckan {

// The CKAN dataset dict ("package") for a Samverka dataset in its API JSON shape: name, title,
// notes, organization, resources, tags, groups (themes), extras (the DCAT fields CKAN lacks).
// The mapping is documented in docs/ckan-compat.md.
boost::json::object package_of(const boost::json::object& dataset,
                               const catalog::Organization* organization,
                               const std::string& base_url);
// The same, for a dataset as the dataset service gives it.
boost::json::object package_of(const catalog::DatasetRecord& dataset,
                               const catalog::Organization* organization,
                               const std::string& base_url);

// The dataset (the API's JSON shape, ready for create or replace) that a CKAN package dict
// asks for. `existing` is the stored dataset in the API's shape (nullptr for a new one): only
// the fields of the dict that differ from package_of(existing) change it, so that a dict sent
// back unchanged changes nothing. Unknown top-level keys are ignored, as CKAN does; extras the
// dataset cannot keep are a Validation Error naming them.
Result<boost::json::object> dataset_from_package(const boost::json::object& package,
                                                 const boost::json::object* existing,
                                                 const catalog::Organization* organization,
                                                 const std::string& base_url);
// Whether package_show writes this extra and dataset_from_package maps it onto a field.
bool is_kept_extra(std::string_view key);
// The error of a dataset write with the dataset's field names turned into CKAN's
// (distributions[0].format -> resources[0].format).
Error ckan_field_names(Error error);

// CKAN's form of a time: UTC, microseconds, no zone (2026-11-27T10:15:00.123000), as CKAN's
// harvester compares it and CKAN's validators parse it.
std::string ckan_time(const std::string& rfc3339);

// The CKAN organization dict.
boost::json::object organization_of(const catalog::Organization& organization,
                                    std::optional<int64_t> package_count);

}  // namespace samverka::ckan
