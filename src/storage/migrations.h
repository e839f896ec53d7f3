// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.h"
#include "storage/database.h"

namespace samverka::storage {

// The schema versions this binary writes; every backend declares that many steps
// (Database::migration_steps).
inline constexpr int kCatalogSchemaVersion = 10;
inline constexpr int kJobsSchemaVersion = 1;

// The schema version this binary writes. Migrations run forward, each in its own transaction;
// a database whose version is newer than this is refused, never touched.
int latest_schema_version(Schema schema = Schema::kCatalog);

// Brings the database to latest_schema_version(schema). Returns the version it started from.
Result<int> migrate(Database& database, Schema schema = Schema::kCatalog);

// The database's current schema version (0 for an empty database).
Result<int> schema_version(Database& database);

}  // namespace samverka::storage
