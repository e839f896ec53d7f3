// SPDX-License-Identifier: Apache-2.0
#include "storage/migrations.h"

#include <string>
#include <vector>

namespace samverka::storage {

int latest_schema_version(Schema schema) {
  return schema == Schema::kJobs ? kJobsSchemaVersion : kCatalogSchemaVersion;
}

Result<int> schema_version(Database& database) {
  return database.read([](Connection& connection) { return connection.schema_version(); });
}

Result<int> migrate(Database& database, Schema schema) {
  const auto& steps = database.migration_steps(schema);
  int latest = latest_schema_version(schema);
  if (static_cast<int>(steps.size()) != latest) {
    return make_error(ErrorCode::kInternal, "the storage backend declares " +
                                                std::to_string(steps.size()) +
                                                " schema steps, not " + std::to_string(latest));
  }
  int start = TRY(schema_version(database));
  if (start > latest) {
    return make_error(ErrorCode::kUnavailable,
                      "this data folder has schema version " + std::to_string(start) +
                          ", written by a newer samverka; this binary knows versions up to " +
                          std::to_string(latest) +
                          ". Upgrade samverka; the data folder was not changed.");
  }
  for (int version = start + 1; version <= latest; ++version) {
    TRY(database.write([&](Connection& connection) -> Status {
      TRY(connection.execute(steps[version - 1]));
      return connection.set_schema_version(version);
    }));
  }
  return start;
}

}  // namespace samverka::storage
