// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "storage/database.h"

namespace samverka::storage {

// Appends one row to the change log (seq, entity, id, op). Call it inside the write transaction
// that makes the change, so the log and the data commit together; indexers follow the log.
Status append_change(Connection& connection, const std::string& entity,
                     const std::string& entity_id, const std::string& op, const std::string& at);

struct Change {
  int64_t seq = 0;
  std::string entity;  // dataset, data_service, organization
  std::string entity_id;
  std::string op;  // create, update, delete
};

// Up to limit changes with seq > after, in order.
Result<std::vector<Change>> changes_after(Connection& connection, int64_t after, int limit);

// The highest sequence number in the log (0 when empty).
Result<int64_t> last_change(Connection& connection);

}  // namespace samverka::storage
