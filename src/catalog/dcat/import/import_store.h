// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <boost/json.hpp>
#include <optional>
#include <string>

#include "core/result.h"
#include "storage/database.h"

namespace samverka::catalog::import_store {

// A stored import report (the JSON the API returns) and who may read it.
struct StoredImport {
  std::string id;
  std::string created;
  std::string user_id;
  std::string publisher_id;  // empty when the import named no publisher
  std::string status;        // applied, partial, failed, dry_run
  std::string report;        // JSON object
};

// The row of a report: its id, created and status are read from the report itself.
StoredImport stored_import(const boost::json::object& report, const std::string& user_id,
                           const std::string& publisher_id);

// Stores a final report. Queued and running imports are never stored, so each id comes once.
Status insert(storage::Connection& connection, const StoredImport& stored);

Result<std::optional<StoredImport>> find(storage::Connection& connection, const std::string& id);

}  // namespace samverka::catalog::import_store
