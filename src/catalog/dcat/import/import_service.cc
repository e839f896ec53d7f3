// SPDX-License-Identifier: Apache-2.0
#include "catalog/dcat/import/import_service.h"

#include <atomic>
#include <map>
#include <set>
#include <fstream>
#include <thread>

#include "catalog/data_service/data_service_store.h"
#include "catalog/dataset/dataset_store.h"
#include "catalog/dcat/dcat_reader.h"
#include "catalog/dcat/import/import_store.h"
#include "catalog/vocabulary/vocabulary.h"
#include "core/clock.h"
#include "core/ids.h"
#include "core/json.h"
#include "core/log.h"
#include "core/text.h"
#include "rdf/graph.h"
#include "storage/change_log.h"

namespace samverka::catalog {

namespace bj = boost::json;
using accounts::Principal;
using accounts::Role;

namespace {

constexpr int kMaxRepairRounds = 10;
constexpr const char* kDraftSuffix = " before the dataset can be published";

// Moves the errors into JSON (a large import's report would otherwise hold them twice).
bj::array to_json(std::vector<FieldError>&& errors) {
  bj::array out;
  out.reserve(errors.size());
  for (auto& error : errors) {
    out.push_back(bj::object{{"field", std::move(error.field)}, {"message", std::move(error.message)}});
  }
  errors.clear();
  errors.shrink_to_fit();
  return out;
}

// "distributions[3].license" -> "distributions[].license", to count fields across datasets.
std::string without_indexes(const std::string& field) {
  std::string out;
  for (size_t index = 0; index < field.size(); ++index) {
    out.push_back(field[index]);
    if (field[index] == '[') {
      while (index + 1 < field.size() && field[index + 1] != ']') ++index;
    }
  }
  return out;
}

// Splits "distributions[0].title.sv" into keys and indexes.
std::vector<std::variant<std::string, size_t>> path_segments(const std::string& path) {
  std::vector<std::variant<std::string, size_t>> out;
  std::string key;
  for (size_t index = 0; index < path.size(); ++index) {
    char c = path[index];
    if (c == '.' || c == '[') {
      if (!key.empty()) out.emplace_back(key);
      key.clear();
      if (c == '[') {
        size_t close = path.find(']', index);
        if (close == std::string::npos) break;
        out.emplace_back(static_cast<size_t>(std::strtoull(path.c_str() + index + 1, nullptr, 10)));
        index = close;
      }
    } else {
      key.push_back(c);
    }
  }
  if (!key.empty()) out.emplace_back(key);
  return out;
}

// Marks the value at `path` (or its nearest existing ancestor) for removal by setting it to
// null; top-level fields the import itself sets are never removed. False when nothing could be.
bool mark_for_removal(bj::object& body, const std::string& path) {
  auto segments = path_segments(path);
  if (segments.empty() || !std::holds_alternative<std::string>(segments[0])) return false;
  const std::string& field = std::get<std::string>(segments[0]);
  if (field == "publisher" || field == "state" || field == "iri") return false;
  bj::value* target = body.if_contains(field);
  if (target == nullptr) return false;
  for (size_t index = 1; index < segments.size(); ++index) {
    bj::value* next = nullptr;
    if (auto* key = std::get_if<std::string>(&segments[index]); key && target->is_object()) {
      next = target->get_object().if_contains(*key);
    } else if (auto* position = std::get_if<size_t>(&segments[index]); position && target->is_array() &&
               *position < target->get_array().size()) {
      next = &target->get_array()[*position];
    }
    if (next == nullptr) break;
    target = next;
  }
  *target = nullptr;
  return true;
}

// Removes the nulls that mark_for_removal left, and containers that became empty.
void sweep(bj::value& value) {
  if (value.is_object()) {
    bj::object& object = value.get_object();
    for (auto entry = object.begin(); entry != object.end();) {
      bool was_container = entry->value().is_object() || entry->value().is_array();
      sweep(entry->value());
      bool empty = (entry->value().is_object() && entry->value().get_object().empty()) ||
                   (entry->value().is_array() && entry->value().get_array().empty());
      if (entry->value().is_null() || (was_container && empty)) {
        entry = object.erase(entry);
      } else {
        ++entry;
      }
    }
  } else if (value.is_array()) {
    bj::array& array = value.get_array();
    for (auto item = array.begin(); item != array.end();) {
      sweep(*item);
      if (item->is_null()) item = array.erase(item);
      else ++item;
    }
  }
}

std::string title_of(const bj::object& body) {
  const bj::value* titles = body.if_contains("title");
  if (titles == nullptr || !titles->is_object() || titles->get_object().empty()) return "";
  const bj::object& map = titles->get_object();
  for (const char* language : {"sv", "en"}) {
    if (const bj::value* text = map.if_contains(language)) return std::string(text->get_string());
  }
  return std::string(map.begin()->value().get_string());
}

// Runs a catalogue rule on body, leaving out each value it refuses (with a warning naming the
// field) until it passes; the rule's error when a refusal names nothing that can be left out.
template <typename Rule>
auto check_leaving_out(bj::value& body, std::vector<FieldError>& warnings, const char* what,
                       Rule rule) -> decltype(rule(body)) {
  for (int round = 0; round < kMaxRepairRounds; ++round) {
    auto checked = rule(body);
    if (checked.ok()) return checked;
    bool removed = false;
    for (const auto& detail : checked.error().details) {
      if (mark_for_removal(body.get_object(), detail.field)) {
        removed = true;
        warnings.push_back({detail.field, detail.message + "; left out"});
      }
    }
    if (!removed) return checked;
    sweep(body);
  }
  return make_error(ErrorCode::kValidation,
                    std::string("the ") + what + " could not be brought into line with DCAT-AP-SE");
}

// One dataset of the file on its way into the catalogue.
struct Candidate {
  ImportedDataset* source = nullptr;
  std::optional<CheckedDataset> checked;
  std::vector<FieldError> errors;    // mandatory properties missing (kept as a draft)
  std::vector<FieldError> warnings;  // values left out or read liberally
  std::vector<std::string> missing_recommended;  // fields the rules recommend and the file lacks
  std::string rejected;              // why it cannot be stored at all
  std::vector<FieldError> rejected_details;
  std::string title;
  std::string outcome;               // created, updated, unchanged, draft, rejected
  std::string id;
  std::string slug;
};

// Keeps the rules' warnings: missing recommended properties as field names (a bulk import's
// report would otherwise repeat the same sentences for every dataset), others whole.
void keep_warnings(Candidate& candidate, std::vector<FieldError>&& warnings) {
  for (auto& warning : warnings) {
    if (warning.message.ends_with(kDraftSuffix)) continue;  // listed as errors instead
    if (warning.message.ends_with("recommended")) {
      candidate.missing_recommended.push_back(std::move(warning.field));
    } else {
      candidate.warnings.push_back(std::move(warning));
    }
  }
}

// Checks a mapped body with the catalogue's rules: as published (most datasets pass at once);
// otherwise as a draft, leaving out each value the syntax rules refuse, then as published
// again; a dataset that fails only the mandatory rules stays a draft with those failures as its
// errors.
void check(Candidate& candidate) {
  bj::value body = candidate.source->body;
  body.get_object()["publisher"] = "import";  // the real one is resolved when it is stored
  candidate.warnings = candidate.source->warnings;
  candidate.title = title_of(candidate.source->body);
  body.get_object()["state"] = "published";
  if (auto published = check_dataset(body); published.ok()) {  // the common case: all is well
    keep_warnings(candidate, std::move(published->warnings));
    candidate.checked = std::move(published.value());
    return;
  }
  auto draft = check_leaving_out(body, candidate.warnings, "dataset", [](bj::value& draft_body) {
    draft_body.get_object()["state"] = "draft";
    return check_dataset(draft_body);
  });
  if (!draft.ok()) {
    candidate.rejected = draft.error().message;
    candidate.rejected_details = draft.error().details;
    return;
  }
  body.get_object()["state"] = "published";
  auto published = check_dataset(body);
  if (published.ok()) {
    keep_warnings(candidate, std::move(published->warnings));
    candidate.checked = std::move(published.value());
    return;
  }
  candidate.errors = published.error().details;
  keep_warnings(candidate, std::move(draft->warnings));
  candidate.checked = std::move(draft.value());
}


// The organisation a file's publisher stands for, found or created.
class PublisherResolver {
 public:
  PublisherResolver(OrganizationService& organizations, const Principal& principal,
                    const std::map<std::string, ImportedPublisher>& publishers)
      : organizations_(organizations), principal_(principal), publishers_(publishers) {}

  Result<std::string> resolve(storage::Connection& connection, const std::string& key) {
    if (auto known = resolved_.find(key); known != resolved_.end()) return known->second;
    auto described = publishers_.find(key);
    if (key.empty() || described == publishers_.end()) {
      return make_error(ErrorCode::kValidation, "no dct:publisher is named; import with a publisher (--publisher ORG)",
                        {{"publisher", "is required"}});
    }
    const ImportedPublisher& publisher = described->second;
    std::string name_sv;
    if (const bj::value* name = publisher.name.if_contains("sv")) name_sv = std::string(name->get_string());
    else if (!publisher.name.empty()) name_sv = std::string(publisher.name.begin()->value().get_string());
    std::optional<Organization> found =
        TRY(organizations_.find_publisher_in(connection, publisher.org_number, name_sv));
    if (found) {
      resolved_[key] = found->id;
      return found->id;
    }
    if (name_sv.empty()) {
      return make_error(ErrorCode::kValidation, "the publisher <" + key + "> has no foaf:name, so no organisation can be made for it",
                        {{"publisher", "needs a foaf:name"}});
    }
    if (!principal_.sysadmin) {
      return make_error(ErrorCode::kForbidden, "the publisher '" + name_sv + "' is not an organisation of this catalogue; only sysadmins create organisations, or import with a publisher (--publisher ORG)",
                        {{"publisher", "unknown organisation"}});
    }
    Organization organization;
    organization.id = ids::name_uuid("organization:" + publisher.identity());
    organization.name_sv = name_sv;
    if (const bj::value* name = publisher.name.if_contains("en")) organization.name_en = std::string(name->get_string());
    organization.org_number = publisher.org_number;
    if (publisher.type) {
      if (const VocabularyEntry* entry = find_vocabulary("publisher-type")->find(*publisher.type)) organization.type = entry->code;
    }
    if (publisher.homepage && text::is_http_url(*publisher.homepage)) organization.homepage = publisher.homepage;
    if (publisher.email && text::is_email(*publisher.email)) organization.email = publisher.email;
    organization = TRY(organizations_.create_in(connection, principal_, std::move(organization)));
    resolved_[key] = organization.id;
    created_now_.push_back(key);
    created_.push_back(bj::object{{"id", organization.id}, {"slug", organization.slug}, {"name", name_sv}});
    return organization.id;
  }

  // A dataset's savepoint was rolled back: forget the organisations created inside it.
  void rolled_back() {
    for (const auto& key : created_now_) {
      resolved_.erase(key);
      created_.pop_back();
    }
    created_now_.clear();
  }
  void kept() { created_now_.clear(); }
  const bj::array& created() const { return created_; }

 private:
  OrganizationService& organizations_;
  const Principal& principal_;
  const std::map<std::string, ImportedPublisher>& publishers_;
  std::map<std::string, std::string> resolved_;
  std::vector<std::string> created_now_;
  bj::array created_;
};

// A data service of the file on its way into the catalogue.
struct ServiceCandidate {
  ImportedDataService source;
  std::string outcome;  // created, updated, unchanged, rejected
  std::string id;
  std::string reason;
  std::vector<FieldError> errors;
  std::vector<FieldError> warnings;
};

// Checks a data service body with the catalogue's rules, leaving out each value they refuse;
// one that lacks a title or an endpoint cannot be stored (data services have no drafts).
Result<CheckedDataService> check_service(bj::value body, std::vector<FieldError>& warnings) {
  auto checked = TRY(check_leaving_out(body, warnings, "data service",
                                       [](bj::value& service) { return check_data_service(service); }));
  for (auto& warning : checked.warnings) warnings.push_back(std::move(warning));
  return checked;
}

}  // namespace

Result<bj::object> ImportService::run(const Principal& principal, std::string_view data,
                                      const ImportOptions& options, const Progress& progress) {
  return run(principal, rdf::chunks_of(data), options, progress);
}

Result<bj::object> ImportService::run(const Principal& principal, const rdf::ChunkReader& read,
                                      const ImportOptions& options, const Progress& progress) {
  if (!principal.authenticated()) {
    return make_error(ErrorCode::kUnauthenticated, "importing needs a token");
  }
  std::optional<Organization> fixed_publisher;
  if (options.publisher) {
    auto publisher = organizations_.get(*options.publisher);
    if (!publisher.ok() && publisher.error().code == ErrorCode::kNotFound) {
      return make_error(ErrorCode::kBadRequest, "no organisation '" + *options.publisher + "'",
                        {{"publisher", "unknown organisation"}});
    }
    fixed_publisher = TRY(std::move(publisher));
  }
  rdf::Graph graph = TRY(rdf::parse_graph(read, options.syntax, options.max_triples));
  DcatReader reader(graph, base_url_);
  std::vector<ImportedDataset> sources(reader.size());
  std::vector<Candidate> candidates(reader.size());
  // A second thread maps and checks the datasets while this one stores those already checked.
  std::atomic<size_t> checked{0};
  std::jthread checker([&](std::stop_token stop) {
    for (size_t index = 0; index < candidates.size() && !stop.stop_requested(); ++index) {
      sources[index] = reader.dataset(index);
      candidates[index].source = &sources[index];
      check(candidates[index]);
      checked.store(index + 1, std::memory_order_release);
      checked.notify_one();
    }
  });
  auto wait_checked = [&](size_t index) {
    for (size_t seen = checked.load(std::memory_order_acquire); seen <= index;
         seen = checked.load(std::memory_order_acquire)) {
      checked.wait(seen, std::memory_order_acquire);
    }
  };

  PublisherResolver publishers(organizations_, principal, reader.publishers());
  std::vector<std::string> written;
  int64_t done = 0;
  auto total = static_cast<int64_t>(candidates.size());
  // Stores one dataset: publisher, rights, match, then insert or replace.
  auto store = [&](storage::Connection& connection, Candidate& candidate) -> Status {
    const ImportedDataset& source = *candidate.source;
    std::string publisher_id = fixed_publisher ? fixed_publisher->id
                                               : TRY(publishers.resolve(connection, source.publisher_key));
    if (!principal.at_least(publisher_id, Role::kEditor)) {
      return make_error(ErrorCode::kForbidden, "only editors of the publishing organisation may import its datasets");
    }
    std::optional<DatasetRecord> existing;
    if (!source.identifier.empty()) {
      existing = TRY(dataset_store::find_by_identifier(connection, publisher_id, source.identifier));
    }
    if (!existing) existing = TRY(dataset_store::find_by_iri(connection, source.iri));
    CheckedDataset checked = std::move(*candidate.checked);
    if (existing) {
      if (!principal.at_least(existing->publisher_id, Role::kEditor)) {
        return make_error(ErrorCode::kForbidden, "the dataset <" + source.iri + "> exists under an organisation you may not edit");
      }
      auto replaced = TRY(datasets_.replace_in(connection, principal, *existing, std::move(checked), publisher_id));
      candidate.id = existing->id;
      candidate.slug = replaced ? replaced->slug : existing->slug;
      candidate.outcome = !replaced ? "unchanged" : candidate.errors.empty() ? "updated" : "draft";
      if (replaced) written.push_back(existing->id);
      return {};
    }
    std::string id = source.minted_from ? source.minted_id : ids::name_uuid("iri:" + source.iri);
    if (TRY(dataset_store::find(connection, id))) id = ids::new_uuid();
    DatasetRecord record = TRY(datasets_.insert_in(connection, principal, std::move(checked), publisher_id, id));
    candidate.id = record.id;
    candidate.slug = record.slug;
    candidate.outcome = candidate.errors.empty() ? "created" : "draft";
    written.push_back(record.id);
    return {};
  };

  std::vector<ServiceCandidate> services;
  std::vector<std::string> written_services;
  // Stores one data service: publisher, rights, the datasets it serves, match, write.
  auto store_service = [&](storage::Connection& connection, ServiceCandidate& service) -> Status {
    const ImportedDataService& source = service.source;
    std::string publisher_id = fixed_publisher ? fixed_publisher->id
                                               : TRY(publishers.resolve(connection, source.publisher_key));
    if (!principal.at_least(publisher_id, Role::kEditor)) {
      return make_error(ErrorCode::kForbidden, "only editors of the publishing organisation may import its data services");
    }
    bj::value body = source.body;
    body.get_object()["publisher"] = "import";  // resolved above
    bj::array served;
    for (const auto& iri : source.serves) {
      auto dataset = TRY(dataset_store::find_by_iri(connection, iri));
      if (dataset) served.push_back(bj::value(dataset->id));
      else service.warnings.push_back({"serves_datasets", "<" + iri + "> is not a dataset of this catalogue; left out"});
    }
    if (!served.empty()) body.get_object()["serves_datasets"] = std::move(served);
    CheckedDataService checked = TRY(check_service(std::move(body), service.warnings));
    auto existing = TRY(data_service_store::find_by_iri(connection, source.iri));
    if (existing) {
      if (!principal.at_least(existing->publisher_id, Role::kEditor)) {
        return make_error(ErrorCode::kForbidden, "the data service <" + source.iri + "> exists under an organisation you may not edit");
      }
      auto replaced = TRY(data_services_.replace_in(connection, *existing, std::move(checked), publisher_id));
      service.id = existing->id;
      service.outcome = replaced ? "updated" : "unchanged";
      return {};
    }
    std::string id = source.minted_from ? source.minted_id : ids::name_uuid("data-service:" + source.iri);
    if (TRY(data_service_store::find(connection, id))) id = ids::new_uuid();
    service.id = TRY(data_services_.insert_in(connection, std::move(checked), publisher_id, id)).id;
    service.outcome = "created";
    return {};
  };

  size_t rejected = 0;
  bool rolled_back_on_purpose = false;
  Status applied = database_.write([&](storage::Connection& connection) -> Status {
    for (size_t index = 0; index < candidates.size(); ++index) {
      wait_checked(index);
      Candidate& candidate = candidates[index];
      if (progress) progress(++done, total);
      if (options.cancelled && options.cancelled()) {
        return make_error(ErrorCode::kUnavailable, "the import was cancelled; nothing was written");
      }
      if (!candidate.checked) {
        ++rejected;
        continue;
      }
      TRY(connection.savepoint("import_dataset"));
      Status stored = store(connection, candidate);
      // What is stored no longer needs its copies: a large file's memory falls as it goes.
      candidate.checked.reset();
      sources[index].body = {};
      if (!stored.ok()) {
        TRY(connection.rollback_to("import_dataset"));
        publishers.rolled_back();
        candidate.rejected = stored.error().message;
        candidate.rejected_details = stored.error().details;
        candidate.outcome.clear();
        ++rejected;
      } else {
        publishers.kept();
      }
      TRY(connection.release("import_dataset"));
    }
    // Data services after the datasets, so that servesDataset finds the ones just imported. The
    // mapping thread is done with the reader by now.
    checker.join();
    for (size_t index = 0; index < reader.data_service_count(); ++index) {
      ServiceCandidate& service = services.emplace_back();
      service.source = reader.data_service(index);
      service.warnings = service.source.warnings;
      TRY(connection.savepoint("import_service"));
      Status stored = store_service(connection, service);
      if (!stored.ok()) {
        TRY(connection.rollback_to("import_service"));
        publishers.rolled_back();
        service.outcome = "rejected";
        service.reason = stored.error().message;
        service.errors = stored.error().details;
        ++rejected;
      } else {
        publishers.kept();
      }
      TRY(connection.release("import_service"));
    }
    if (options.dry_run || (rejected > 0 && !options.partial)) {
      rolled_back_on_purpose = true;
      return make_error(ErrorCode::kConflict, "rolled back");
    }
    return {};
  });
  checker.request_stop();
  if (checker.joinable()) checker.join();
  if (!applied.ok() && !rolled_back_on_purpose) return applied.error();
  std::string status = options.dry_run ? "dry_run"
                       : rejected == 0 ? "applied"
                       : options.partial ? "partial" : "failed";
  if (!options.dry_run && !rolled_back_on_purpose) {
    for (const auto& id : written) datasets_.evict(id);
  }

  bj::object report;
  report["id"] = options.id.empty() ? ids::new_uuid() : options.id;
  report["status"] = status;
  report["created"] = clock::now_iso();
  report["source"] = options.source;
  if (fixed_publisher) report["publisher"] = fixed_publisher->id;
  std::map<std::string, int64_t> counts = {{"created", 0}, {"updated", 0}, {"unchanged", 0}, {"draft", 0}, {"rejected", 0}};
  bj::array items;
  std::map<std::string, int64_t> missing_recommended;
  for (auto& candidate : candidates) {
    bj::object item;
    item["iri"] = candidate.source->iri;
    if (!candidate.source->identifier.empty()) item["identifier"] = candidate.source->identifier;
    item["title"] = std::move(candidate.title);
    std::string outcome = candidate.rejected.empty() ? candidate.outcome : "rejected";
    item["outcome"] = outcome;
    ++counts[outcome];
    if (!candidate.id.empty()) {
      item["id"] = candidate.id;
      item["slug"] = candidate.slug;
      item["state"] = candidate.errors.empty() ? "published" : "draft";
    }
    if (candidate.source->minted_from) {
      item["iri_minted_from"] = *candidate.source->minted_from;
    }
    if (!candidate.rejected.empty()) {
      item["reason"] = candidate.rejected;
      item["errors"] = to_json(std::move(candidate.rejected_details));
    } else {
      item["errors"] = to_json(std::move(candidate.errors));
    }
    item["warnings"] = to_json(std::move(candidate.warnings));
    bj::array missing;
    for (auto& field : candidate.missing_recommended) {
      std::string general = without_indexes(field);
      ++missing_recommended[general];
      missing.push_back(bj::value(std::move(field)));
    }
    candidate.missing_recommended = {};
    item["missing_recommended"] = std::move(missing);
    items.push_back(std::move(item));
  }
  bj::object summary;
  summary["datasets"] = static_cast<int64_t>(candidates.size());
  for (const auto& [outcome, count] : counts) summary[outcome] = count;
  summary["organizations_created"] = static_cast<int64_t>(publishers.created().size());
  bj::object missing_counts;
  for (const auto& [field, count] : missing_recommended) missing_counts[field] = count;
  summary["missing_recommended"] = std::move(missing_counts);
  report["summary"] = std::move(summary);
  if (status == "failed") {
    report["message"] = std::to_string(rejected) + " of " +
                        std::to_string(candidates.size() + services.size()) +
                        " datasets and data services were rejected, so nothing was written; fix "
                        "them, or import with partial to keep the others";
  } else if (status == "dry_run") {
    report["message"] = "a dry run: nothing was written";
  }
  report["organizations_created"] = publishers.created();
  bj::array notes;
  for (const auto& note : reader.notes()) notes.push_back(bj::value(note));
  if (candidates.empty()) notes.push_back("the file describes no dcat:Dataset");
  report["notes"] = std::move(notes);
  report["datasets"] = std::move(items);
  bj::array service_items;
  bj::object service_counts{{"created", 0}, {"updated", 0}, {"unchanged", 0}, {"rejected", 0}};
  for (auto& service : services) {
    bj::object item;
    item["iri"] = service.source.iri;
    item["title"] = title_of(service.source.body);
    item["outcome"] = service.outcome;
    service_counts[service.outcome] = service_counts[service.outcome].as_int64() + 1;
    if (!service.id.empty()) item["id"] = service.id;
    if (service.source.minted_from) item["iri_minted_from"] = *service.source.minted_from;
    if (!service.reason.empty()) item["reason"] = service.reason;
    item["errors"] = to_json(std::move(service.errors));
    item["warnings"] = to_json(std::move(service.warnings));
    service_items.push_back(std::move(item));
  }
  service_counts["total"] = static_cast<int64_t>(services.size());
  report["summary"].as_object()["data_services"] = std::move(service_counts);
  report["data_services"] = std::move(service_items);
  if (!options.dry_run) {
    import_store::StoredImport stored{std::string(report["id"].get_string()), std::string(report["created"].get_string()),
                                      principal.user_id, fixed_publisher ? fixed_publisher->id : "", status,
                                      bj::serialize(report)};
    TRY(database_.write([&](storage::Connection& connection) { return import_store::insert(connection, stored); }));
  }
  return report;
}

namespace {
// Who may read an import's report: whoever ran it, members of its publisher, sysadmins.
bool may_read(const Principal& principal, const std::string& user_id, const std::string& publisher_id) {
  return principal.sysadmin || user_id == principal.user_id ||
         (!publisher_id.empty() && principal.at_least(publisher_id, Role::kMember));
}
}  // namespace

Result<bj::object> ImportService::report(const Principal& principal, const std::string& id) {
  if (!principal.authenticated()) {
    return make_error(ErrorCode::kUnauthenticated, "import reports need a token");
  }
  auto stored = TRY(database_.read([&](storage::Connection& connection) {
    return import_store::find(connection, id);
  }));
  if (stored && may_read(principal, stored->user_id, stored->publisher_id)) {
    boost::system::error_code error;
    bj::value report = bj::parse(stored->report, error);
    if (error || !report.is_object()) {
      return make_error(ErrorCode::kInternal, "stored import report is damaged");
    }
    return std::move(report.get_object());
  }
  // A queued import has no report of its own until it has run: its job stands for it.
  if (!stored && jobs_ != nullptr) {
    auto job = jobs_->get(principal, id);
    if (job.ok() && job->type == "import") {
      auto parameters = json::parse(job->parameters);
      bj::object report{{"id", job->id}, {"created", job->created}, {"job", "/api/v1/jobs/" + job->id}};
      report["status"] = job->state == jobs::JobState::kRunning ? "running"
                         : job->state == jobs::JobState::kQueued ? "queued"
                                                                  : "failed";
      if (parameters.ok() && parameters->is_object()) {
        const bj::object& given = parameters->get_object();
        if (auto* source = given.if_contains("source")) report["source"] = *source;
        if (auto* publisher = given.if_contains("publisher_id")) report["publisher"] = *publisher;
      }
      if (job->state == jobs::JobState::kRunning) {
        report["progress"] = bj::object{{"done", job->done}, {"total", job->total}};
      }
      if (jobs::is_final(job->state)) report["message"] = job->message;
      return report;
    }
  }
  return make_error(ErrorCode::kNotFound, "no import '" + id + "'");
}

Status ImportService::save_failed_report(const std::string& id, const std::string& created,
                                         const std::string& user_id, const std::string& publisher_id,
                                         const std::string& source, const std::string& message) {
  bj::object report{{"id", id}, {"status", "failed"}, {"created", created}, {"source", source},
                    {"message", message}};
  if (!publisher_id.empty()) report["publisher"] = publisher_id;
  import_store::StoredImport stored{id, created, user_id, publisher_id, "failed", bj::serialize(report)};
  return database_.write([&](storage::Connection& connection) { return import_store::insert(connection, stored); });
}

void ImportService::run_queued_imports_on(jobs::JobService& jobs, std::filesystem::path upload_directory,
                                          PrincipalLookup principal_for) {
  jobs_ = &jobs;
  upload_directory_ = std::move(upload_directory);
  principal_for_ = std::move(principal_for);
  jobs.register_type("import", jobs::JobType{[this](jobs::JobContext& context) { return run_job(context); },
                                             /*restartable=*/true});
}

Result<jobs::Job> ImportService::enqueue(const Principal& principal, std::string data, ImportOptions options) {
  if (!principal.authenticated()) {
    return make_error(ErrorCode::kUnauthenticated, "importing needs a token");
  }
  if (jobs_ == nullptr) return make_error(ErrorCode::kUnavailable, "queued imports are not available");
  std::string publisher_id;
  if (options.publisher) {  // refused now rather than in a report later
    auto publisher = organizations_.get(*options.publisher);
    if (!publisher.ok() && publisher.error().code == ErrorCode::kNotFound) {
      return make_error(ErrorCode::kBadRequest, "no organisation '" + *options.publisher + "'",
                        {{"publisher", "unknown organisation"}});
    }
    publisher_id = TRY(std::move(publisher)).id;
  }
  jobs::NewJob job;
  job.id = ids::new_uuid();
  job.type = "import";
  job.organization_id = publisher_id;
  bj::object parameters{{"syntax", options.syntax}, {"dry_run", options.dry_run},
                        {"partial", options.partial}, {"source", options.source}};
  if (!publisher_id.empty()) parameters["publisher_id"] = publisher_id;
  job.parameters = bj::serialize(parameters);
  // The file is on disk before the job exists, so a worker never finds a job without its file.
  std::error_code error;
  std::filesystem::create_directories(upload_directory_, error);
  auto path = upload_directory_ / (job.id + ".upload");
  {
    std::ofstream out(path.string() + ".part", std::ios::binary | std::ios::trunc);
    out.write(data.data(), static_cast<std::streamsize>(data.size()));
    out.flush();
    if (!out) return make_error(ErrorCode::kUnavailable, "cannot keep the uploaded file for its import");
  }
  std::filesystem::rename(path.string() + ".part", path, error);
  if (error) return make_error(ErrorCode::kUnavailable, "cannot keep the uploaded file: " + error.message());
  auto submitted = jobs_->submit(principal, std::move(job));
  if (!submitted.ok()) std::filesystem::remove(path, error);
  return submitted;
}

Result<std::string> ImportService::run_job(jobs::JobContext& context) {
  const jobs::Job& job = context.job();
  auto path = upload_directory_ / (job.id + ".upload");
  auto parameters = TRY(json::parse(job.parameters));
  const bj::object& given = parameters.as_object();
  ImportOptions options;
  options.id = job.id;
  options.syntax = std::string(given.at("syntax").as_string());
  options.dry_run = given.at("dry_run").as_bool();
  options.partial = given.at("partial").as_bool();
  options.source = std::string(given.at("source").as_string());
  if (auto* publisher = given.if_contains("publisher_id")) options.publisher = std::string(publisher->as_string());
  options.cancelled = [&context] { return context.cancelled(); };
  auto fail = [&](const std::string& message) -> Result<std::string> {
    Status saved = save_failed_report(job.id, job.created, job.created_by, job.organization_id,
                                      options.source, message);
    if (!saved.ok()) log::error("import " + job.id + ": " + saved.error().message);
    std::error_code ignored;
    std::filesystem::remove(path, ignored);
    return make_error(ErrorCode::kValidation, message);
  };
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail("the uploaded file is gone; send it again");
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  in.close();
  auto principal = principal_for_(job.created_by);
  if (!principal.ok()) return fail(principal.error().message);
  context.log("info", "importing " + std::to_string(data.size()) + " bytes from " + options.source);
  auto progress = [&context](int64_t done, int64_t total) { context.progress(done, total, "datasets"); };
  auto report = run(principal.value(), data, options, progress);
  // The writer was busy (a synchronous import holds it for its whole file): wait and try again
  // rather than fail a queued import for it, for up to ten minutes.
  for (int waited = 0; !report.ok() && report.error().code == ErrorCode::kUnavailable &&
                       !context.cancelled() && waited < 600;
       ++waited) {
    if (waited == 0) context.log("info", "the database is busy with another write; waiting");
    std::this_thread::sleep_for(std::chrono::seconds(1));
    report = run(principal.value(), data, options, progress);
  }
  if (!report.ok()) return fail(report.error().message);
  std::string status(report->at("status").get_string());
  if (status == "dry_run") {  // run() stores every report but a dry run's
    import_store::StoredImport stored{job.id, job.created, job.created_by, job.organization_id, status,
                                      bj::serialize(report.value())};
    Status saved = database_.write([&](storage::Connection& connection) { return import_store::insert(connection, stored); });
    if (!saved.ok()) log::error("import " + job.id + ": " + saved.error().message);
  }
  std::error_code ignored;
  std::filesystem::remove(path, ignored);
  bj::object result{{"import", job.id}, {"status", status}, {"report", "/api/v1/imports/" + job.id}};
  if (auto* summary = report->if_contains("summary")) result["summary"] = *summary;
  if (status == "failed") {
    return make_error(ErrorCode::kValidation, std::string(report->at("message").as_string()));
  }
  return bj::serialize(result);
}

}  // namespace samverka::catalog
