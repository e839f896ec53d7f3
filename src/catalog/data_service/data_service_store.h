// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "catalog/data_service/data_service.h"
#include "core/result.h"
#include "storage/database.h"

namespace samverka::catalog::data_service_store {

Status insert(storage::Connection& connection, const DataServiceRecord& record);
Status update(storage::Connection& connection, const DataServiceRecord& record);
Status remove(storage::Connection& connection, const std::string& id);
Result<std::optional<DataServiceRecord>> find(storage::Connection& connection,
                                              const std::string& id);
// Import matching, through the expression index of migration 3.
Result<std::optional<DataServiceRecord>> find_by_iri(storage::Connection& connection,
                                                     const std::string& iri);
// Ordered by creation; after_position for cursors. The last position is returned with the page.
Result<std::vector<std::pair<int64_t, DataServiceRecord>>> list(storage::Connection& connection,
                                                                int64_t after_position, int limit);
Result<int64_t> count(storage::Connection& connection);
// The services that list the dataset in serves_datasets, oldest first, at most `limit`.
Result<std::vector<DataServiceRecord>> serving(storage::Connection& connection,
                                               const std::string& dataset_id, int limit);

}  // namespace samverka::catalog::data_service_store
