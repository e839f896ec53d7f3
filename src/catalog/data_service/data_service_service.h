// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <boost/json.hpp>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "accounts/principal.h"
#include "catalog/data_service/data_service.h"
#include "catalog/dataset/dataset_service.h"
#include "core/result.h"
#include "organization/organization_service.h"
#include "storage/database.h"

namespace samverka::catalog {

struct DataServicePage {
  std::vector<DataServiceRecord> items;
  int64_t total = 0;
  std::optional<std::string> next;
};

// Data services: anyone reads; editors of the publishing organisation create, change and delete
// them. Each write is one transaction with a change-log row. Thread-safe.
class DataServiceService {
 public:
  // `datasets` says which datasets a caller may read: a service may serve only those.
  DataServiceService(storage::Database& database, OrganizationService& organizations,
                     const DatasetService& datasets, std::string base_url)
      : database_(database),
        organizations_(organizations),
        datasets_(datasets),
        base_url_(std::move(base_url)) {}
  // Told, after create, update and delete commit, each dataset a service serves or served:
  // what shows a dataset's services (its page) must change. Bulk writers (insert_in,
  // replace_in) tell nobody; their changes reach caches through the change log. Set before
  // serving starts.
  using ServedListener = std::function<void(const std::string& dataset_id)>;
  void set_served_listener(ServedListener listener) { served_listener_ = std::move(listener); }
  // The public URL under which new data services get their IRIs; set before serving starts.
  void set_base_url(std::string base_url) { base_url_ = std::move(base_url); }

  Result<DataServicePage> list(int limit, const std::optional<std::string>& cursor);
  Result<DataServiceRecord> get(const std::string& id);
  // The services that serve a dataset (public, like every data service), oldest first.
  Result<std::vector<DataServiceRecord>> serving(const std::string& dataset_id, int limit);
  struct Written {
    DataServiceRecord service;
    std::vector<FieldError> warnings;
  };
  Result<Written> create(const accounts::Principal& principal, const boost::json::value& body);
  enum class UpdateKind { kReplace, kMergePatch };
  Result<Written> update(const accounts::Principal& principal, const std::string& id,
                         const boost::json::value& body, UpdateKind kind,
                         std::optional<int64_t> expected_revision);
  Status remove(const accounts::Principal& principal, const std::string& id,
                std::optional<int64_t> expected_revision);

  // For bulk writers (RDF import) inside their own write transaction, after checking the
  // caller's rights themselves; both append to the change log. replace_in writes nothing (and
  // gives nothing) when the result would equal `current`.
  Result<DataServiceRecord> insert_in(storage::Connection& connection, CheckedDataService checked,
                                      const std::string& publisher_id, const std::string& id);
  Result<std::optional<DataServiceRecord>> replace_in(storage::Connection& connection,
                                                      const DataServiceRecord& current,
                                                      CheckedDataService checked,
                                                      const std::string& publisher_id);

 private:
  storage::Database& database_;
  OrganizationService& organizations_;
  // Every dataset id newly listed in serves_datasets must be one the caller may read (else the
  // link would leak a private dataset's existence, or point at nothing).
  Status check_served(storage::Connection& connection, const accounts::Principal& principal,
                      const bj::object& document, const bj::object* current) const;

  void tell_served(const bj::object& document, const bj::object* before) const;

  const DatasetService& datasets_;
  std::string base_url_;
  ServedListener served_listener_;
};

}  // namespace samverka::catalog
