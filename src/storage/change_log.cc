// SPDX-License-Identifier: Apache-2.0
#include "storage/change_log.h"

namespace samverka::storage {

Status append_change(Connection& connection, const std::string& entity,
                     const std::string& entity_id, const std::string& op, const std::string& at) {
  Statement* statement = TRY(
      connection.prepare("INSERT INTO changes (entity, entity_id, op, at) VALUES (?, ?, ?, ?)"));
  return statement->bind(1, entity).bind(2, entity_id).bind(3, op).bind(4, at).run();
}

Result<std::vector<Change>> changes_after(Connection& connection, int64_t after, int limit) {
  Statement* statement = TRY(connection.prepare(
      "SELECT seq, entity, entity_id, op FROM changes WHERE seq > ? ORDER BY seq LIMIT ?"));
  statement->bind(1, after).bind(2, int64_t{limit});
  std::vector<Change> changes;
  while (TRY(statement->step())) {
    changes.push_back(
        {statement->integer(0), statement->text(1), statement->text(2), statement->text(3)});
  }
  return changes;
}

Result<int64_t> last_change(Connection& connection) {
  Statement* statement = TRY(connection.prepare("SELECT coalesce(max(seq), 0) FROM changes"));
  TRY(statement->step());
  return statement->integer(0);
}

}  // namespace samverka::storage
