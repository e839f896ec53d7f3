// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <vector>

#include "storage/database.h"

namespace samverka::storage {

// The SQL of each schema step, in order (storage/migrations.cc runs them). Append only: never
// edit a step once released; add the next one.
const std::vector<const char*>& sqlite_migration_steps(Schema schema);

}  // namespace samverka::storage
