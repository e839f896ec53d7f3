// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <boost/json.hpp>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "accounts/principal.h"
#include "catalog/dataset/dataset.h"
#include "catalog/dataset/dataset_rules.h"
#include "core/result.h"
#include "organization/organization_service.h"
#include "storage/database.h"

namespace samverka::catalog {

struct DatasetServiceOptions {
  std::string base_url = "http://localhost:8080";  // datasets without an IRI get base/datasets/id
  int activity_max_per_dataset = 1000;
  int activity_retention_days = 3650;
};

// A dataset as the service gives it: the stored record, and the warnings of the write that
// produced it (none for reads).
struct DatasetView {
  DatasetRecord record;
  std::vector<FieldError> warnings;
};

struct DatasetListQuery {
  int limit = 20;
  std::optional<std::string> cursor;
  std::optional<std::string> publisher;  // id or slug
  std::optional<std::string> modified_since;
  std::optional<std::string> state;
};

struct DatasetListPage {
  std::vector<DatasetRecord> items;
  int64_t total = 0;
  std::optional<std::string> next;
};

// The dataset use cases. Authorisation happens here: anonymous callers read published public
// datasets; members of the publishing organisation also read its drafts, private and withdrawn
// datasets; editors create and change them; sysadmins do everything, including purge. Every
// write is one transaction that also appends to the change log and the activity history.
// Thread-safe.
class DatasetService {
 public:
  DatasetService(storage::Database& database, OrganizationService& organizations,
                 DatasetServiceOptions options);
  // The public URL under which new datasets get their IRIs; set before serving starts.
  void set_base_url(std::string base_url) { options_.base_url = std::move(base_url); }

  // The dataset, when the principal may read it (kNotFound otherwise, so that its existence
  // does not leak).
  Result<DatasetView> get(const accounts::Principal& principal, const std::string& id_or_slug);
  // Whether the principal may read a dataset with these facts (published and public: anyone;
  // otherwise members of its publisher and sysadmins). For callers that keep datasets, such as
  // the API's cache of serialised answers.
  bool may_read(const accounts::Principal& principal, const std::string& publisher_id,
                DatasetState state, bool is_private) const;
  bool may_read(const accounts::Principal& principal, const DatasetRecord& record) const {
    return may_read(principal, record.publisher_id, record.state, record.is_private);
  }
  Result<DatasetListPage> list(const accounts::Principal& principal, const DatasetListQuery& query);
  Result<DatasetView> create(const accounts::Principal& principal, const boost::json::value& body);
  enum class UpdateKind { kReplace, kMergePatch };
  Result<DatasetView> update(const accounts::Principal& principal, const std::string& id_or_slug,
                             const boost::json::value& body, UpdateKind kind,
                             std::optional<int64_t> expected_revision);
  // The stored record, when the caller may read it (for the RDF mapping).
  Result<DatasetRecord> record(const accounts::Principal& principal, const std::string& id_or_slug);
  // A page of published public datasets in creation order, and their number (RDF catalogue).
  struct PublicPage {
    std::vector<DatasetRecord> records;
    int64_t total = 0;
  };
  // publisher: id or slug; modified_since: a date or date-time (kBadRequest otherwise).
  Result<PublicPage> public_page(int64_t offset, int limit,
                                 const std::optional<std::string>& publisher = std::nullopt,
                                 const std::optional<std::string>& modified_since = std::nullopt);
  // Slugs of published public datasets (CKAN package_list).
  Result<std::vector<std::string>> public_slugs(int64_t offset, int limit);
  // Soft delete (state withdrawn), or removal for sysadmins when purge is set.
  Status remove(const accounts::Principal& principal, const std::string& id_or_slug, bool purge,
                std::optional<int64_t> expected_revision);
  // Newest first: [{revision, at, user: {id, name}, op, changes: {field: {from, to}}}].
  Result<boost::json::array> activity(const accounts::Principal& principal,
                                      const std::string& id_or_slug, int limit);

  // For bulk writers (RDF import) that apply many datasets in one write transaction of their
  // own, after checking the caller's rights on publisher_id themselves. Both append to the
  // change log and the activity history as create and update do; call evict() for each id
  // written once the transaction has committed.
  Result<DatasetRecord> insert_in(storage::Connection& connection,
                                  const accounts::Principal& principal, CheckedDataset checked,
                                  const std::string& publisher_id, const std::string& id);
  // Nothing (and no write) when the result would equal `current`.
  Result<std::optional<DatasetRecord>> replace_in(storage::Connection& connection,
                                                  const accounts::Principal& principal,
                                                  const DatasetRecord& current,
                                                  CheckedDataset checked,
                                                  const std::string& publisher_id);
  // Withdraws a dataset (the soft delete); false when it was withdrawn already.
  Result<bool> withdraw_in(storage::Connection& connection, const accounts::Principal& principal,
                           const DatasetRecord& current);
  // Says that a dataset changed, to whoever keeps copies (the change listener): the service
  // calls it after its own writes; bulk writers call it for each id once their transaction has
  // committed, and the change-log follower for changes made by other processes.
  void evict(const std::string& id);
  using ChangeListener = std::function<void(const std::string& id)>;
  // Set once, before serving.
  void set_change_listener(ChangeListener listener) { change_listener_ = std::move(listener); }

 private:
  storage::Database& database_;
  OrganizationService& organizations_;
  DatasetServiceOptions options_;
  ChangeListener change_listener_;
  std::mutex totals_mutex_;
  // List totals by filter, with the change-log sequence they were counted at.
  std::unordered_map<std::string, std::pair<int64_t, int64_t>>
      totals_;  // GUARDED_BY(totals_mutex_)
};

}  // namespace samverka::catalog
