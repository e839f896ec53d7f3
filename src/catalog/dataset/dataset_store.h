// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "catalog/dataset/dataset.h"
#include "core/result.h"
#include "storage/database.h"

namespace samverka::catalog::dataset_store {

Status insert(storage::Connection& connection, const DatasetRecord& record);
Status update(storage::Connection& connection, const DatasetRecord& record);
Status purge(storage::Connection& connection, const std::string& id);
Result<std::optional<DatasetRecord>> find(storage::Connection& connection,
                                          const std::string& id_or_slug);
// Import matching: a publisher's dataset with this dct:identifier; any dataset with this IRI.
Result<std::optional<DatasetRecord>> find_by_identifier(storage::Connection& connection,
                                                        const std::string& publisher_id,
                                                        const std::string& identifier);
Result<std::optional<DatasetRecord>> find_by_iri(storage::Connection& connection,
                                                 const std::string& iri);
Result<bool> slug_taken(storage::Connection& connection, const std::string& slug,
                        const std::string& except_id);

// Which datasets a list may show. visible_organizations: the organisations whose unpublished
// and private datasets the caller may read; all_visible: a sysadmin.
struct ListFilter {
  int limit = 20;
  int64_t after_position = 0;
  std::optional<std::string> publisher_id;
  std::optional<std::string> modified_since;
  std::optional<DatasetState> state;
  std::vector<std::string> visible_organizations;
  bool all_visible = false;
  std::optional<int64_t> known_total;  // set: the count is not computed again
};
struct ListPage {
  std::vector<DatasetRecord> records;
  int64_t total = 0;
  std::optional<int64_t> last_position;  // set when more rows follow
};
Result<ListPage> list(storage::Connection& connection, const ListFilter& filter);

// Every dataset after a position, in order, whatever its state: for rebuilding indexes.
Result<std::vector<std::pair<int64_t, DatasetRecord>>> all_after(storage::Connection& connection,
                                                                 int64_t after_position, int limit);
// Published public datasets in creation order, optionally of one publisher and changed since a
// time, and how many there are.
struct PublicFilter {
  std::optional<std::string> publisher_id;
  std::optional<std::string> modified_since;
};
Result<std::vector<DatasetRecord>> public_records(storage::Connection& connection,
                                                  const PublicFilter& filter, int64_t offset,
                                                  int limit);
Result<int64_t> count_public(storage::Connection& connection, const PublicFilter& filter);
// Every dataset record, of any state or visibility.
Result<int64_t> count_all(storage::Connection& connection);
// Slugs of published public datasets, in creation order.
Result<std::vector<std::string>> public_slugs(storage::Connection& connection, int64_t offset,
                                              int limit);
// The ids of an organisation's datasets.
Result<std::vector<std::string>> ids_by_publisher(storage::Connection& connection,
                                                  const std::string& publisher_id);

struct ActivityEntry {
  int64_t revision = 0;
  std::string user_id;
  std::string user_name;
  std::string at;
  std::string op;
  std::string changes;  // JSON object: field -> {"from", "to"}
};
Status insert_activity(storage::Connection& connection, const std::string& dataset_id,
                       const ActivityEntry& entry);
// Keeps at most max_entries per dataset and none older than cutoff (RFC 3339).
Status prune_activity(storage::Connection& connection, const std::string& dataset_id,
                      int max_entries, const std::string& cutoff);
Result<std::vector<ActivityEntry>> list_activity(storage::Connection& connection,
                                                 const std::string& dataset_id, int limit);

}  // namespace samverka::catalog::dataset_store
