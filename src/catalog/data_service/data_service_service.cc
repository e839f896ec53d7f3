// SPDX-License-Identifier: Apache-2.0
#include "catalog/data_service/data_service_service.h"

#include <algorithm>
#include <set>

#include "catalog/data_service/data_service_store.h"
#include "catalog/dataset/dataset_store.h"
#include "core/clock.h"
#include "core/ids.h"
#include "core/json.h"
#include "storage/change_log.h"

namespace samverka::catalog {

namespace bj = boost::json;
using accounts::Principal;
using accounts::Role;

bj::object to_json(const DataServiceRecord& record) {
  bj::object out;
  out["id"] = record.id;
  for (const auto& [key, value] : record.document) out[key] = value;
  out["publisher"] = record.publisher_id;
  out["created"] = record.created;
  out["metadata_modified"] = record.record_modified;
  out["revision"] = record.revision;
  return out;
}

std::vector<std::string> served_dataset_ids(const bj::object& document) {
  std::set<std::string> ids;
  if (const bj::value* served = document.if_contains("serves_datasets");
      served && served->is_array()) {
    for (const bj::value& id : served->get_array()) {
      if (id.is_string()) ids.emplace(id.get_string());
    }
  }
  return {ids.begin(), ids.end()};
}

namespace {

Error not_found(const std::string& id) {
  return make_error(ErrorCode::kNotFound, "no data service '" + id + "'");
}

Status require_editor(const Principal& principal, const std::string& organization_id) {
  if (!principal.authenticated()) {
    return make_error(ErrorCode::kUnauthenticated, "changing data services needs a token");
  }
  if (!principal.at_least(organization_id, Role::kEditor)) {
    return make_error(ErrorCode::kForbidden,
                      "only editors of the publishing organisation may change its data services");
  }
  return {};
}

}  // namespace

Result<DataServicePage> DataServiceService::list(int limit,
                                                 const std::optional<std::string>& cursor) {
  int64_t after = cursor ? TRY(ids::decode_cursor(*cursor, 's')) : 0;
  return database_.read([&](storage::Connection& connection) -> Result<DataServicePage> {
    DataServicePage page;
    page.total = TRY(data_service_store::count(connection));
    auto rows = TRY(data_service_store::list(connection, after, limit + 1));
    for (size_t index = 0; index < rows.size() && static_cast<int>(index) < limit; ++index) {
      page.items.push_back(std::move(rows[index].second));
    }
    if (static_cast<int>(rows.size()) > limit) {
      page.next = ids::encode_cursor('s', rows[limit - 1].first);
    }
    return page;
  });
}

Result<std::vector<DataServiceRecord>> DataServiceService::serving(const std::string& dataset_id,
                                                                   int limit) {
  return database_.read([&](storage::Connection& connection) {
    return data_service_store::serving(connection, dataset_id, limit);
  });
}

Result<DataServiceRecord> DataServiceService::get(const std::string& id) {
  auto record = TRY(database_.read(
      [&](storage::Connection& connection) { return data_service_store::find(connection, id); }));
  if (!record) return not_found(id);
  return std::move(*record);
}

Result<DataServiceService::Written> DataServiceService::create(const Principal& principal,
                                                               const bj::value& body) {
  if (!principal.authenticated()) {
    return make_error(ErrorCode::kUnauthenticated, "creating a data service needs a token");
  }
  CheckedDataService checked = TRY(check_data_service(body));
  std::vector<FieldError> warnings = std::move(checked.warnings);
  auto record =
      TRY(database_.write([&](storage::Connection& connection) -> Result<DataServiceRecord> {
        std::string publisher_id =
            TRY(organizations_.resolve_publisher_in(connection, checked.publisher));
        TRY(require_editor(principal, publisher_id));
        TRY(check_served(connection, principal, checked.document, nullptr));
        return insert_in(connection, std::move(checked), publisher_id, ids::new_uuid());
      }));
  tell_served(record.document, nullptr);
  return Written{std::move(record), std::move(warnings)};
}

Status DataServiceService::check_served(storage::Connection& connection, const Principal& principal,
                                        const bj::object& document,
                                        const bj::object* current) const {
  const bj::value* served = document.if_contains("serves_datasets");
  if (served == nullptr || !served->is_array()) return {};
  const bj::value* before = current ? current->if_contains("serves_datasets") : nullptr;
  std::vector<FieldError> errors;
  const bj::array& ids = served->get_array();
  for (size_t index = 0; index < ids.size(); ++index) {
    if (!ids[index].is_string()) continue;
    // Links kept from before stay, even if their dataset is no longer readable to this caller.
    if (before && before->is_array() &&
        std::find(before->get_array().begin(), before->get_array().end(), ids[index]) !=
            before->get_array().end()) {
      continue;
    }
    std::string id(ids[index].get_string());
    auto dataset = TRY(dataset_store::find(connection, id));
    if (!dataset || dataset->id != id || !datasets_.may_read(principal, *dataset)) {
      errors.push_back({"serves_datasets[" + std::to_string(index) + "]",
                        "no dataset with id " + id + " that you may read"});
      if (errors.size() >= 20) break;
    }
  }
  if (errors.empty()) return {};
  return make_error(ErrorCode::kValidation, "serves_datasets names datasets that are not there",
                    std::move(errors));
}

Result<DataServiceRecord> DataServiceService::insert_in(storage::Connection& connection,
                                                        CheckedDataService checked,
                                                        const std::string& publisher_id,
                                                        const std::string& id) {
  DataServiceRecord record;
  record.id = id;
  record.publisher_id = publisher_id;
  record.created = record.record_modified = clock::now_iso();
  record.revision = 1;
  record.document = std::move(checked.document);
  if (!record.document.contains("iri"))
    record.document["iri"] = base_url_ + "/data-services/" + record.id;
  TRY(data_service_store::insert(connection, record));
  TRY(storage::append_change(connection, "data_service", record.id, "create", record.created));
  return record;
}

Result<std::optional<DataServiceRecord>> DataServiceService::replace_in(
    storage::Connection& connection, const DataServiceRecord& current, CheckedDataService checked,
    const std::string& publisher_id) {
  DataServiceRecord next = current;
  next.publisher_id = publisher_id;
  next.document = std::move(checked.document);
  if (!next.document.contains("iri")) {
    next.document["iri"] = current.document.contains("iri")
                               ? current.document.at("iri")
                               : bj::value(base_url_ + "/data-services/" + current.id);
  }
  if (next.publisher_id == current.publisher_id && next.document == current.document) {
    return std::optional<DataServiceRecord>();
  }
  next.record_modified = clock::now_iso();
  next.revision = current.revision + 1;
  TRY(data_service_store::update(connection, next));
  TRY(storage::append_change(connection, "data_service", next.id, "update", next.record_modified));
  return std::optional<DataServiceRecord>(std::move(next));
}

Result<DataServiceService::Written> DataServiceService::update(
    const Principal& principal, const std::string& id, const bj::value& body, UpdateKind kind,
    std::optional<int64_t> expected_revision) {
  if (!principal.authenticated()) {
    return make_error(ErrorCode::kUnauthenticated, "changing a data service needs a token");
  }
  if (!body.is_object())
    return make_error(ErrorCode::kBadRequest, "the body must be a JSON object");
  std::vector<FieldError> warnings;
  bj::object before;
  auto record =
      TRY(database_.write([&](storage::Connection& connection) -> Result<DataServiceRecord> {
        auto found = TRY(data_service_store::find(connection, id));
        if (!found) return not_found(id);
        TRY(require_editor(principal, found->publisher_id));
        if (expected_revision && *expected_revision != found->revision) {
          return make_error(ErrorCode::kPreconditionFailed,
                            "the data service has changed since you read it (now revision " +
                                std::to_string(found->revision) + ")");
        }
        bj::value input =
            kind == UpdateKind::kMergePatch ? json::merge_patch(to_json(*found), body) : body;
        CheckedDataService checked = TRY(check_data_service(input));
        std::string publisher_id =
            TRY(organizations_.resolve_publisher_in(connection, checked.publisher));
        if (publisher_id != found->publisher_id) TRY(require_editor(principal, publisher_id));
        TRY(check_served(connection, principal, checked.document, &found->document));
        warnings = std::move(checked.warnings);
        before = found->document;
        auto next = TRY(replace_in(connection, *found, std::move(checked), publisher_id));
        return next ? std::move(*next) : std::move(*found);
      }));
  tell_served(record.document, &before);
  return Written{std::move(record), std::move(warnings)};
}

Status DataServiceService::remove(const Principal& principal, const std::string& id,
                                  std::optional<int64_t> expected_revision) {
  if (!principal.authenticated()) {
    return make_error(ErrorCode::kUnauthenticated, "deleting a data service needs a token");
  }
  bj::object before;
  TRY(database_.write([&](storage::Connection& connection) -> Status {
    auto found = TRY(data_service_store::find(connection, id));
    if (!found) return not_found(id);
    before = found->document;
    TRY(require_editor(principal, found->publisher_id));
    if (expected_revision && *expected_revision != found->revision) {
      return make_error(ErrorCode::kPreconditionFailed,
                        "the data service has changed since you read it");
    }
    TRY(data_service_store::remove(connection, id));
    return storage::append_change(connection, "data_service", id, "delete", clock::now_iso());
  }));
  tell_served(before, nullptr);
  return {};
}

void DataServiceService::tell_served(const bj::object& document, const bj::object* before) const {
  if (!served_listener_) return;
  std::set<std::string> ids;
  for (const bj::object* each : {&document, before}) {
    if (each == nullptr) continue;
    for (std::string& id : served_dataset_ids(*each)) ids.insert(std::move(id));
  }
  for (const std::string& id : ids) served_listener_(id);
}

}  // namespace samverka::catalog
