// SPDX-License-Identifier: Apache-2.0
#include "catalog/dataset/dataset_service.h"

#include <mutex>
#include <set>

#include "catalog/dataset/dataset_rules.h"
#include "catalog/dataset/dataset_store.h"
#include "core/clock.h"
#include "core/ids.h"
#include "core/json.h"
#include "core/text.h"
#include "storage/change_log.h"

namespace samverka::catalog {

namespace bj = boost::json;
using accounts::Principal;
using accounts::Role;

namespace {

Error not_found(const std::string& id_or_slug) {
  return make_error(ErrorCode::kNotFound, "no dataset '" + id_or_slug + "'");
}

// Field-by-field differences between two documents (descriptive fields and managed columns).
bj::object diff(const bj::object& before, const bj::object& after) {
  static const std::set<std::string> kIgnored = {"metadata_modified", "revision", "created"};
  bj::object changes;
  for (const auto& [key, value] : after) {
    if (kIgnored.count(std::string(key))) continue;
    const bj::value* old = before.if_contains(key);
    if (old == nullptr || *old != value) {
      changes[key] = bj::object{{"from", old ? *old : bj::value(nullptr)}, {"to", value}};
    }
  }
  for (const auto& [key, value] : before) {
    if (kIgnored.count(std::string(key))) continue;
    if (!after.contains(key)) changes[key] = bj::object{{"from", value}, {"to", nullptr}};
  }
  return changes;
}

std::string retention_cutoff(int days) {
  return clock::iso_from_seconds(clock::now_seconds() - int64_t{days} * 86400);
}

Status require_editor(const Principal& principal, const std::string& organization_id,
                      const char* action) {
  if (!principal.authenticated()) {
    return make_error(ErrorCode::kUnauthenticated,
                      std::string(action) + " a dataset needs a token");
  }
  if (!principal.at_least(organization_id, Role::kEditor)) {
    return make_error(ErrorCode::kForbidden, std::string("only editors of the publishing "
                                                         "organisation may ") +
                                                 action + " it");
  }
  return {};
}

// The database's unique constraint is what keeps slugs unique (choose_slug only picks a
// likely-free one): a write that another writer beat to the slug is a 409, not a 500.
Status slug_guarded(Status written, const std::string& slug) {
  if (!written.ok() && storage::violates(written.error(), "datasets.slug")) {
    return make_error(ErrorCode::kConflict, "the slug '" + slug + "' is taken",
                      {{"slug", "already taken by another dataset"}});
  }
  return written;
}

// Picks a free slug: the requested one must be free; a derived one gets -2, -3 ... appended.
// A requested slug held by a dataset the caller may not read is not refused (that would tell
// that the private dataset exists): it is treated like a derived one, and the answer shows the
// slug the dataset got.
Result<std::string> choose_slug(storage::Connection& connection,
                                const std::optional<std::string>& requested,
                                const bj::object& document, const std::string& id,
                                const std::string& current,
                                const std::function<bool(const DatasetRecord&)>& readable) {
  std::string base;
  if (requested) {
    if (!TRY(dataset_store::slug_taken(connection, *requested, id))) return *requested;
    auto holder = TRY(dataset_store::find(connection, *requested));
    if (!holder || readable(*holder)) {
      return make_error(ErrorCode::kConflict, "the slug '" + *requested + "' is taken",
                        {{"slug", "already taken by another dataset"}});
    }
    base = *requested;
  } else if (!current.empty()) {
    return current;
  }
  const bj::value* title = base.empty() ? document.if_contains("title") : nullptr;
  if (title != nullptr) {
    for (const char* language : {"sv", "en"}) {
      if (const bj::value* text = title->get_object().if_contains(language)) {
        base = text::slugify(text->get_string());
        if (!base.empty()) break;
      }
    }
  }
  if (base.size() < 2) base = "dataset-" + id.substr(0, 8);
  if (base.size() > 90) base.resize(90);
  std::string slug = base;
  for (int suffix = 2; TRY(dataset_store::slug_taken(connection, slug, id)); ++suffix) {
    slug = base + "-" + std::to_string(suffix);
  }
  return slug;
}

}  // namespace

DatasetService::DatasetService(storage::Database& database, OrganizationService& organizations,
                               DatasetServiceOptions options)
    : database_(database), organizations_(organizations), options_(std::move(options)) {}

bool DatasetService::may_read(const Principal& principal, const std::string& publisher_id,
                              DatasetState state, bool is_private) const {
  if (state == DatasetState::kPublished && !is_private) return true;
  return principal.at_least(publisher_id, Role::kMember);
}

Result<DatasetView> DatasetService::get(const Principal& principal, const std::string& id_or_slug) {
  auto record = TRY(database_.read([&](storage::Connection& connection) {
    return dataset_store::find(connection, id_or_slug);
  }));
  // Unreadable datasets are reported as missing, so their existence does not leak.
  if (!record || !may_read(principal, *record)) return not_found(id_or_slug);
  return DatasetView{std::move(*record), {}};
}

Result<DatasetListPage> DatasetService::list(const Principal& principal,
                                             const DatasetListQuery& query) {
  dataset_store::ListFilter filter;
  if (query.limit < 1 || query.limit > 1000) {
    return make_error(ErrorCode::kBadRequest, "limit must be between 1 and 1000",
                      {{"limit", "must be between 1 and 1000"}});
  }
  filter.limit = query.limit;
  if (query.cursor) filter.after_position = TRY(ids::decode_cursor(*query.cursor, 'p'));
  if (query.modified_since) {
    if (!text::is_date_or_datetime(*query.modified_since)) {
      return make_error(ErrorCode::kBadRequest, "modified_since must be a date or date-time",
                        {{"modified_since", "must be YYYY-MM-DD or an RFC 3339 date-time"}});
    }
    filter.modified_since = *query.modified_since;
  }
  if (query.state) {
    DatasetState state;
    if (!parse_state(*query.state, state)) {
      return make_error(ErrorCode::kBadRequest, "state must be draft, published or withdrawn",
                        {{"state", "unknown state"}});
    }
    filter.state = state;
  }
  filter.all_visible = principal.sysadmin;
  for (const auto& [organization_id, role] : principal.roles) {
    if (role >= Role::kMember) filter.visible_organizations.push_back(organization_id);
  }
  return database_.read([&](storage::Connection& connection) -> Result<DatasetListPage> {
    if (query.publisher) {
      auto organization = TRY(organizations_.find_in(connection, *query.publisher));
      if (!organization) {
        return make_error(ErrorCode::kBadRequest, "unknown publisher",
                          {{"publisher", "no organisation '" + *query.publisher + "'"}});
      }
      filter.publisher_id = organization->id;
    }
    // Totals are remembered per filter until the change log moves: paging through a large
    // catalogue then counts once, not on every page. The sequence number is read before the
    // count, so a write that lands in between only makes the next page count again.
    std::string key = std::to_string(filter.all_visible) + "|" + filter.publisher_id.value_or("") +
                      "|" + filter.modified_since.value_or("") + "|" +
                      (filter.state ? state_name(*filter.state) : "") + "|";
    for (const auto& organization : filter.visible_organizations) key += organization + ",";
    int64_t seq = TRY(storage::last_change(connection));
    {
      std::lock_guard lock(totals_mutex_);
      auto found = totals_.find(key);
      if (found != totals_.end() && found->second.first == seq)
        filter.known_total = found->second.second;
    }
    auto page = TRY(dataset_store::list(connection, filter));
    if (!filter.known_total) {
      std::lock_guard lock(totals_mutex_);
      if (totals_.size() > 10000) totals_.clear();
      totals_[key] = {seq, page.total};
    }
    DatasetListPage result;
    result.total = page.total;
    result.items = std::move(page.records);
    if (page.last_position) {
      result.next = ids::encode_cursor('p', *page.last_position);
    }
    return result;
  });
}

Result<DatasetView> DatasetService::create(const Principal& principal, const bj::value& body) {
  if (!principal.authenticated()) {
    return make_error(ErrorCode::kUnauthenticated, "creating a dataset needs a token");
  }
  CheckedDataset checked = TRY(check_dataset(body));
  std::vector<FieldError> warnings = std::move(checked.warnings);
  std::string id = checked.id.value_or(ids::new_uuid());
  auto view = TRY(database_.write([&](storage::Connection& connection) -> Result<DatasetView> {
    std::string publisher_id =
        TRY(organizations_.resolve_publisher_in(connection, checked.publisher));
    TRY(require_editor(principal, publisher_id, "create"));
    auto existing = TRY(dataset_store::find(connection, id));
    if (existing) {
      // The same answer whether or not the caller may read that dataset: an id in use is all
      // it learns, not whose it is or what it holds.
      return make_error(ErrorCode::kConflict, "the id " + id + " is already in use",
                        {{"id", "already in use"}});
    }
    return DatasetView{TRY(insert_in(connection, principal, std::move(checked), publisher_id, id)),
                       {}};
  }));
  evict(view.record.id);
  view.warnings = std::move(warnings);
  return view;
}

Result<DatasetRecord> DatasetService::insert_in(storage::Connection& connection,
                                                const Principal& principal, CheckedDataset checked,
                                                const std::string& publisher_id,
                                                const std::string& id) {
  DatasetRecord record;
  record.id = id;
  record.publisher_id = publisher_id;
  record.state = checked.state;
  record.is_private = checked.is_private;
  record.created = record.record_modified = clock::now_iso();
  record.revision = 1;
  record.document = std::move(checked.document);
  if (!record.document.contains("iri")) {
    record.document["iri"] = options_.base_url + "/datasets/" + record.id;
  }
  record.slug =
      TRY(choose_slug(connection, checked.slug, record.document, record.id, "",
                      [&](const DatasetRecord& other) { return may_read(principal, other); }));
  TRY(slug_guarded(dataset_store::insert(connection, record), record.slug));
  TRY(storage::append_change(connection, "dataset", record.id, "create", record.created));
  // The first revision records no values: the current record plus each later entry's "from"
  // values rebuild every revision, so storing the whole dataset again would only double it.
  dataset_store::ActivityEntry entry{record.revision, principal.user_id, principal.user_name,
                                     record.created,  "create",          "{}"};
  TRY(dataset_store::insert_activity(connection, record.id, entry));
  return record;
}

Result<std::optional<DatasetRecord>> DatasetService::replace_in(storage::Connection& connection,
                                                                const Principal& principal,
                                                                const DatasetRecord& current,
                                                                CheckedDataset checked,
                                                                const std::string& publisher_id) {
  DatasetRecord next = current;
  next.publisher_id = publisher_id;
  next.state = checked.state;
  next.is_private = checked.is_private;
  next.document = std::move(checked.document);
  if (!next.document.contains("iri")) {
    next.document["iri"] = current.document.contains("iri")
                               ? current.document.at("iri")
                               : bj::value(options_.base_url + "/datasets/" + current.id);
  }
  next.slug =
      TRY(choose_slug(connection, checked.slug, next.document, current.id, current.slug,
                      [&](const DatasetRecord& other) { return may_read(principal, other); }));
  if (next.publisher_id == current.publisher_id && next.state == current.state &&
      next.is_private == current.is_private && next.slug == current.slug &&
      next.document == current.document) {
    return std::optional<DatasetRecord>();
  }
  next.record_modified = clock::now_iso();
  next.revision = current.revision + 1;
  TRY(slug_guarded(dataset_store::update(connection, next), next.slug));
  TRY(storage::append_change(connection, "dataset", next.id, "update", next.record_modified));
  dataset_store::ActivityEntry entry{next.revision,
                                     principal.user_id,
                                     principal.user_name,
                                     next.record_modified,
                                     "update",
                                     bj::serialize(diff(to_json(current), to_json(next)))};
  TRY(dataset_store::insert_activity(connection, next.id, entry));
  TRY(dataset_store::prune_activity(connection, next.id, options_.activity_max_per_dataset,
                                    retention_cutoff(options_.activity_retention_days)));
  return std::optional<DatasetRecord>(std::move(next));
}

Result<bool> DatasetService::withdraw_in(storage::Connection& connection,
                                         const Principal& principal, const DatasetRecord& current) {
  if (current.state == DatasetState::kWithdrawn) return false;
  DatasetRecord record = current;
  record.state = DatasetState::kWithdrawn;
  record.record_modified = clock::now_iso();
  record.revision += 1;
  TRY(dataset_store::update(connection, record));
  TRY(storage::append_change(connection, "dataset", record.id, "update", record.record_modified));
  dataset_store::ActivityEntry entry{
      record.revision,     principal.user_id,
      principal.user_name, record.record_modified,
      "withdraw",          bj::serialize(diff(to_json(current), to_json(record)))};
  TRY(dataset_store::insert_activity(connection, record.id, entry));
  return true;
}

void DatasetService::evict(const std::string& id) {
  if (change_listener_) change_listener_(id);
}

Result<DatasetView> DatasetService::update(const Principal& principal,
                                           const std::string& id_or_slug, const bj::value& body,
                                           UpdateKind kind,
                                           std::optional<int64_t> expected_revision) {
  if (!principal.authenticated()) {
    return make_error(ErrorCode::kUnauthenticated, "changing a dataset needs a token");
  }
  if (!body.is_object()) {
    return make_error(ErrorCode::kBadRequest, "the request body must be a JSON object");
  }
  std::vector<FieldError> warnings;
  auto view = TRY(database_.write([&](storage::Connection& connection) -> Result<DatasetView> {
    auto found = TRY(dataset_store::find(connection, id_or_slug));
    if (!found) return not_found(id_or_slug);
    DatasetRecord current = std::move(*found);
    if (!may_read(principal, current)) return not_found(id_or_slug);
    TRY(require_editor(principal, current.publisher_id, "change"));
    if (expected_revision && *expected_revision != current.revision) {
      return make_error(ErrorCode::kPreconditionFailed,
                        "the dataset has changed since you read it (now revision " +
                            std::to_string(current.revision) + ")");
    }
    bj::object before = to_json(current);
    bj::value input = body;
    if (kind == UpdateKind::kMergePatch) {
      input = json::merge_patch(before, body);
    } else if (!input.get_object().contains("state")) {
      input.get_object()["state"] = state_name(current.state);
    }
    if (const bj::value* id = input.get_object().if_contains("id");
        id && (!id->is_string() || id->get_string() != current.id)) {
      return make_error(ErrorCode::kValidation, "the id of a dataset cannot change",
                        {{"id", "must be " + current.id + " or left out"}});
    }
    CheckedDataset checked = TRY(check_dataset(input));
    std::string publisher_id =
        TRY(organizations_.resolve_publisher_in(connection, checked.publisher));
    if (publisher_id != current.publisher_id) TRY(require_editor(principal, publisher_id, "move"));
    warnings = std::move(checked.warnings);
    auto next = TRY(replace_in(connection, principal, current, std::move(checked), publisher_id));
    return DatasetView{next ? std::move(*next) : std::move(current), {}};
  }));
  evict(view.record.id);
  view.warnings = std::move(warnings);
  return view;
}

Status DatasetService::remove(const Principal& principal, const std::string& id_or_slug, bool purge,
                              std::optional<int64_t> expected_revision) {
  if (!principal.authenticated()) {
    return make_error(ErrorCode::kUnauthenticated, "deleting a dataset needs a token");
  }
  if (purge && !principal.sysadmin) {
    return make_error(ErrorCode::kForbidden, "only sysadmins purge datasets");
  }
  std::string changed_id;
  TRY(database_.write([&](storage::Connection& connection) -> Status {
    auto found = TRY(dataset_store::find(connection, id_or_slug));
    if (!found) return not_found(id_or_slug);
    DatasetRecord record = std::move(*found);
    if (!may_read(principal, record)) return not_found(id_or_slug);
    TRY(require_editor(principal, record.publisher_id, "delete"));
    if (expected_revision && *expected_revision != record.revision) {
      return make_error(ErrorCode::kPreconditionFailed,
                        "the dataset has changed since you read it (now revision " +
                            std::to_string(record.revision) + ")");
    }
    std::string now = clock::now_iso();
    if (purge) {
      TRY(dataset_store::purge(connection, record.id));
      changed_id = record.id;
      return storage::append_change(connection, "dataset", record.id, "delete", now);
    }
    if (TRY(withdraw_in(connection, principal, record))) changed_id = record.id;
    return {};
  }));
  if (!changed_id.empty()) evict(changed_id);
  return {};
}

Result<DatasetRecord> DatasetService::record(const Principal& principal,
                                             const std::string& id_or_slug) {
  auto found = TRY(database_.read([&](storage::Connection& connection) {
    return dataset_store::find(connection, id_or_slug);
  }));
  if (!found || !may_read(principal, *found)) return not_found(id_or_slug);
  return std::move(*found);
}

Result<DatasetService::PublicPage> DatasetService::public_page(
    int64_t offset, int limit, const std::optional<std::string>& publisher,
    const std::optional<std::string>& modified_since) {
  dataset_store::PublicFilter filter;
  if (modified_since) {
    if (!text::is_date_or_datetime(*modified_since)) {
      return make_error(ErrorCode::kBadRequest, "modified_since must be a date or date-time",
                        {{"modified_since", "must be YYYY-MM-DD or an RFC 3339 date-time"}});
    }
    filter.modified_since = *modified_since;
  }
  return database_.read([&](storage::Connection& connection) -> Result<PublicPage> {
    if (publisher) {
      auto organization = TRY(organizations_.find_in(connection, *publisher));
      if (!organization) {
        return make_error(ErrorCode::kBadRequest, "unknown publisher",
                          {{"publisher", "no organisation '" + *publisher + "'"}});
      }
      filter.publisher_id = organization->id;
    }
    PublicPage page;
    page.total = TRY(dataset_store::count_public(connection, filter));
    page.records = TRY(dataset_store::public_records(connection, filter, offset, limit));
    return page;
  });
}

Result<std::vector<std::string>> DatasetService::public_slugs(int64_t offset, int limit) {
  if (offset < 0 || limit < 1 || limit > 100000) {
    return make_error(ErrorCode::kBadRequest, "limit must be 1-100000 and offset 0 or more");
  }
  return database_.read([&](storage::Connection& connection) {
    return dataset_store::public_slugs(connection, offset, limit);
  });
}

Result<bj::array> DatasetService::activity(const Principal& principal,
                                           const std::string& id_or_slug, int limit) {
  if (limit < 1 || limit > 1000) {
    return make_error(ErrorCode::kBadRequest, "limit must be between 1 and 1000",
                      {{"limit", "must be between 1 and 1000"}});
  }
  auto view = TRY(get(principal, id_or_slug));
  auto entries = TRY(database_.read([&](storage::Connection& connection) {
    return dataset_store::list_activity(connection, view.record.id, limit);
  }));
  bj::array out;
  for (const auto& entry : entries) {
    bj::object item;
    item["revision"] = entry.revision;
    item["at"] = entry.at;
    item["user"] = entry.user_id.empty()
                       ? bj::value(nullptr)
                       : bj::value(bj::object{{"id", entry.user_id}, {"name", entry.user_name}});
    item["op"] = entry.op;
    item["changes"] = bj::parse(entry.changes);
    out.push_back(std::move(item));
  }
  return out;
}

}  // namespace samverka::catalog
