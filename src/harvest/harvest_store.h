// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "catalog/dcat/import/import_service.h"
#include "core/result.h"
#include "harvest/harvest_source.h"
#include "storage/database.h"

namespace samverka::harvest::harvest_store {

Status insert(storage::Connection& connection, const HarvestSource& source);
Status update(storage::Connection& connection, const HarvestSource& source);
Status remove(storage::Connection& connection, const std::string& id);
Result<std::optional<HarvestSource>> find(storage::Connection& connection, const std::string& id);
// Every source, oldest first (a national portal has hundreds, not millions).
Result<std::vector<HarvestSource>> list(storage::Connection& connection);
// The validators of the last applied fetch.
Status set_validators(storage::Connection& connection, const std::string& id,
                      const std::string& etag, const std::string& last_modified);

Status insert_run(storage::Connection& connection, const HarvestRun& run);
Status finish_run(storage::Connection& connection, const HarvestRun& run);
Result<std::optional<HarvestRun>> find_run(storage::Connection& connection, const std::string& id);
// Newest first.
Result<std::vector<HarvestRun>> runs_of(storage::Connection& connection,
                                        const std::string& source_id, int limit);

// Datasets and the sources they came from.
Result<std::optional<HarvestedDataset>> find_harvested(storage::Connection& connection,
                                                       const std::string& dataset_id);
// Inserts or replaces the dataset's row.
Status put_harvested(storage::Connection& connection, const HarvestedDataset& harvested);
Result<std::vector<HarvestedDataset>> harvested_by(storage::Connection& connection,
                                                   const std::string& source_id);
Status set_missed_runs(storage::Connection& connection, const std::string& dataset_id,
                       int64_t missed_runs);
// By IRI, the datasets of the source that nobody changed since a run stored them, and that
// are neither withdrawn nor missed by the last run: a record with the same fingerprint would
// change nothing.
Result<std::unordered_map<std::string, catalog::StoredDataset>> unchanged_since_stored(
    storage::Connection& connection, const std::string& source_id);

}  // namespace samverka::harvest::harvest_store
