// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.h"
#include "storage/database.h"

namespace samverka::storage {

// The schema version this binary writes. Migrations run forward, each in its own transaction;
// a database whose version is newer than this is refused, never touched.
int latest_schema_version();

// Brings the database to latest_schema_version(). Returns the version it started from.
Result<int> migrate(Database& database);

// The database's current schema version (0 for an empty database).
Result<int> schema_version(Database& database);

}  // namespace samverka::storage
