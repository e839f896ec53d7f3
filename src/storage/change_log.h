// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>

#include "core/result.h"
#include "storage/database.h"

namespace samverka::storage {

// Appends one row to the change log (seq, entity, id, op). Call it inside the write transaction
// that makes the change, so the log and the data commit together; indexers follow the log.
Status append_change(Connection& connection, const std::string& entity,
                     const std::string& entity_id, const std::string& op, const std::string& at);

// The highest sequence number in the log (0 when empty).
Result<int64_t> last_change(Connection& connection);

}  // namespace samverka::storage
