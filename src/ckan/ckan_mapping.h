// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <boost/json.hpp>
#include <optional>
#include <string>

#include "catalog/dataset/dataset.h"
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

// The CKAN organization dict.
boost::json::object organization_of(const catalog::Organization& organization,
                                    std::optional<int64_t> package_count);

}  // namespace samverka::ckan
