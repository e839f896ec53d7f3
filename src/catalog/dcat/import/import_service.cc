// SPDX-License-Identifier: Apache-2.0
#include "catalog/dcat/import/import_service.h"

#include <atomic>
#include <fstream>
#include <map>
#include <set>
#include <thread>
#include <unordered_set>

#include "catalog/data_service/data_service_store.h"
#include "catalog/dataset/dataset_store.h"
#include "catalog/dcat/dcat_reader.h"
#include "catalog/dcat/import/import_check.h"
#include "catalog/dcat/import/import_publishers.h"
#include "catalog/dcat/import/import_report.h"
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
using importing::Candidate;
using importing::ServiceCandidate;

namespace {
// What a stored dataset would be made of: its checked record and its publisher.
std::string fingerprint_of(const Candidate& candidate, const std::string& publisher) {
  const CheckedDataset& checked = *candidate.checked;
  bj::array parts{bj::value(checked.document), bj::value(state_name(checked.state)),
                  bj::value(checked.is_private), bj::value(publisher)};
  return ids::hash_hex(bj::serialize(parts));
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
  rdf::Graph graph = TRY(rdf::parse_graph(read, options.syntax, options.max_triples));
  return run(principal, std::move(graph), options, progress);
}

Result<bj::object> ImportService::run(const Principal& principal, rdf::Graph graph,
                                      const ImportOptions& options, const Progress& progress) {
  DcatReader reader(graph, base_url_);
  return run(principal, reader, options, progress);
}

Result<bj::object> ImportService::run(const Principal& principal, ImportRecords& reader,
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
  std::vector<ImportedDataset> sources(reader.size());
  std::vector<Candidate> candidates(reader.size());
  // Who publishes dataset `index`, for its fingerprint: the fixed organisation, or the file's
  // description of its publisher.
  auto publisher_of = [&](size_t index) -> std::string {
    if (fixed_publisher) return "organization:" + fixed_publisher->id;
    auto found = reader.publishers().find(sources[index].publisher_key);
    if (found == reader.publishers().end()) return "key:" + sources[index].publisher_key;
    const ImportedPublisher& publisher = found->second;
    return bj::serialize(bj::array{bj::value(publisher.key), publisher.name,
                                   bj::value(publisher.org_number.value_or("")),
                                   bj::value(publisher.type.value_or(""))});
  };
  // A second thread maps and checks the datasets while this one stores those already checked,
  // at most kLead datasets ahead: a mapped dataset weighs several times its share of the file,
  // so a checker far ahead of a slower writer would hold the whole catalogue twice.
  constexpr size_t kLead = 256;
  std::atomic<size_t> checked{0};
  std::atomic<size_t> handled{0};  // datasets the writer is done with (all, once it stops)
  std::jthread checker([&](std::stop_token stop) {
    for (size_t index = 0; index < candidates.size() && !stop.stop_requested(); ++index) {
      for (size_t done = handled.load(std::memory_order_acquire); done + kLead <= index;
           done = handled.load(std::memory_order_acquire)) {
        handled.wait(done, std::memory_order_acquire);
      }
      sources[index] = reader.dataset(index);
      candidates[index].source = &sources[index];
      importing::check(candidates[index]);
      if (options.hooks.unchanged && candidates[index].checked)
        candidates[index].fingerprint = fingerprint_of(candidates[index], publisher_of(index));
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

  importing::PublisherResolver publishers(organizations_, principal, reader.publishers());
  std::vector<std::string> written;
  std::unordered_set<std::string> written_ids;  // the same, to look up
  int64_t done = 0;
  auto total = static_cast<int64_t>(candidates.size());
  // Stores one dataset: publisher, rights, match, then insert or replace.
  auto store = [&](storage::Connection& connection, Candidate& candidate) -> Status {
    const ImportedDataset& source = *candidate.source;
    std::string publisher_id = fixed_publisher
                                   ? fixed_publisher->id
                                   : TRY(publishers.resolve(connection, source.publisher_key));
    if (!principal.at_least(publisher_id, Role::kEditor)) {
      return make_error(ErrorCode::kForbidden,
                        "only editors of the publishing organisation may import its datasets");
    }
    // A dataset is its IRI, as on Sweden's portal: dct:identifier only helped mint the IRI of
    // a blank node. One that shares its identifier with a stored dataset of another IRI is
    // kept apart and flagged.
    std::optional<DatasetRecord> existing = TRY(dataset_store::find_by_iri(connection, source.iri));
    if (!existing && !source.identifier.empty()) {
      auto namesake =
          TRY(dataset_store::find_by_identifier(connection, publisher_id, source.identifier));
      // One written by this import is a namesake within the file: the report flags those.
      if (namesake && datasets_.may_read(principal, *namesake) &&
          !written_ids.count(namesake->id)) {
        const bj::value* iri = namesake->document.if_contains("iri");
        candidate.warnings.push_back(
            {"identifier",
             "possible duplicate: the catalogue's dataset " + namesake->id +
                 (iri && iri->is_string() ? " <" + std::string(iri->get_string()) + ">"
                                          : std::string()) +
                 " has the same dct:identifier; both are kept"});
      }
    }
    CheckedDataset checked = std::move(*candidate.checked);
    const ImportHooks& hooks = options.hooks;
    if (existing) {
      if (!principal.at_least(existing->publisher_id, Role::kEditor)) {
        return make_error(
            ErrorCode::kForbidden,
            "the dataset <" + source.iri + "> exists under an organisation you may not edit");
      }
      candidate.id = existing->id;
      candidate.slug = existing->slug;
      if (hooks.before_replace) {
        auto skip = TRY(hooks.before_replace(connection, *existing, candidate.warnings));
        if (skip) {
          candidate.outcome = "skipped";
          candidate.skipped = std::move(*skip);
          return {};
        }
      }
      auto replaced = TRY(
          datasets_.replace_in(connection, principal, *existing, std::move(checked), publisher_id));
      candidate.slug = replaced ? replaced->slug : existing->slug;
      candidate.outcome = !replaced ? "unchanged" : candidate.errors.empty() ? "updated" : "draft";
      if (hooks.after_store)
        TRY(hooks.after_store(connection, &*existing, replaced ? *replaced : *existing,
                              candidate.fingerprint, candidate.warnings));
      if (replaced) {
        written.push_back(existing->id);
        written_ids.insert(existing->id);
      }
      return {};
    }
    std::string id = source.minted_from ? source.minted_id : ids::name_uuid("iri:" + source.iri);
    if (TRY(dataset_store::find(connection, id))) id = ids::new_uuid();
    DatasetRecord record =
        TRY(datasets_.insert_in(connection, principal, std::move(checked), publisher_id, id));
    if (hooks.after_store)
      TRY(hooks.after_store(connection, nullptr, record, candidate.fingerprint,
                            candidate.warnings));
    candidate.id = record.id;
    candidate.slug = record.slug;
    candidate.outcome = candidate.errors.empty() ? "created" : "draft";
    written.push_back(record.id);
    written_ids.insert(record.id);
    return {};
  };

  std::vector<ServiceCandidate> services;
  std::vector<std::string> written_services;
  // Stores one data service: publisher, rights, the datasets it serves, match, write.
  auto store_service = [&](storage::Connection& connection, ServiceCandidate& service) -> Status {
    const ImportedDataService& source = service.source;
    std::string publisher_id = fixed_publisher
                                   ? fixed_publisher->id
                                   : TRY(publishers.resolve(connection, source.publisher_key));
    if (!principal.at_least(publisher_id, Role::kEditor)) {
      return make_error(ErrorCode::kForbidden,
                        "only editors of the publishing organisation may import its data services");
    }
    bj::value body = source.body;
    body.get_object()["publisher"] = "import";  // resolved above
    bj::array served;
    for (const auto& iri : source.serves) {
      auto dataset = TRY(dataset_store::find_by_iri(connection, iri));
      // One the importer may not read is "not here" too: its existence is not told.
      if (dataset && datasets_.may_read(principal, *dataset))
        served.push_back(bj::value(dataset->id));
      else
        service.warnings.push_back(
            {"serves_datasets", "<" + iri + "> is not a dataset of this catalogue; left out"});
    }
    if (!served.empty()) body.get_object()["serves_datasets"] = std::move(served);
    CheckedDataService checked = TRY(importing::check_service(std::move(body), service.warnings));
    auto existing = TRY(data_service_store::find_by_iri(connection, source.iri));
    if (existing) {
      if (!principal.at_least(existing->publisher_id, Role::kEditor)) {
        return make_error(
            ErrorCode::kForbidden,
            "the data service <" + source.iri + "> exists under an organisation you may not edit");
      }
      auto replaced =
          TRY(data_services_.replace_in(connection, *existing, std::move(checked), publisher_id));
      service.id = existing->id;
      service.outcome = replaced ? "updated" : "unchanged";
      return {};
    }
    std::string id =
        source.minted_from ? source.minted_id : ids::name_uuid("data-service:" + source.iri);
    if (TRY(data_service_store::find(connection, id))) id = ids::new_uuid();
    service.id = TRY(data_services_.insert_in(connection, std::move(checked), publisher_id, id)).id;
    service.outcome = "created";
    return {};
  };

  size_t rejected = 0;
  bool rolled_back_on_purpose = false;
  std::string status;
  bj::object report;
  // The report empties the candidates of their errors and warnings: built once.
  auto make_report = [&] {
    return importing::build_report(importing::ReportParts{
        options.id.empty() ? ids::new_uuid() : options.id, status, options.source,
        fixed_publisher ? fixed_publisher->id : std::string(), rejected, candidates, services,
        publishers.created(), reader.notes()});
  };
  auto stored_import = [&](const bj::object& built) {
    return import_store::stored_import(built, principal.user_id,
                                       fixed_publisher ? fixed_publisher->id : "");
  };
  Status applied = database_.write([&](storage::Connection& connection) -> Status {
    for (size_t index = 0; index < candidates.size(); ++index) {
      wait_checked(index);
      Candidate& candidate = candidates[index];
      if (progress) progress(++done, total);
      if (options.cancelled && options.cancelled()) {
        return make_error(ErrorCode::kUnavailable, "the import was cancelled; nothing was written");
      }
      // What is stored no longer needs its copies: a large file's memory falls as it goes.
      auto let_go = [&] {
        candidate.checked.reset();
        sources[index].body = {};
        handled.store(index + 1, std::memory_order_release);
        handled.notify_one();
      };
      if (!candidate.checked) {
        ++rejected;
        let_go();
        continue;
      }
      if (options.hooks.unchanged) {
        if (const StoredDataset* known = options.hooks.unchanged(sources[index].iri);
            known != nullptr && known->fingerprint == candidate.fingerprint) {
          candidate.id = known->id;
          candidate.slug = known->slug;
          candidate.outcome = "unchanged";
          let_go();
          continue;
        }
      }
      TRY(connection.savepoint("import_dataset"));
      Status stored = store(connection, candidate);
      let_go();
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
    status = options.dry_run   ? "dry_run"
             : rejected == 0   ? "applied"
             : options.partial ? "partial"
                               : "failed";
    if (status == "dry_run" || status == "failed") {
      rolled_back_on_purpose = true;
      return make_error(ErrorCode::kConflict, "rolled back");
    }
    // The report commits with the changes it describes: a stored report means the import
    // happened, which is how a queued import that is started again knows it is done.
    report = make_report();
    if (options.hooks.finish) {
      std::unordered_set<std::string> iris;
      for (const auto& source : sources) iris.insert(source.iri);
      TRY(options.hooks.finish(connection, iris, report, written));
    }
    return import_store::insert(connection, stored_import(report));
  });
  checker.request_stop();
  handled.store(candidates.size(), std::memory_order_release);  // a writer that stopped early
  handled.notify_one();
  if (checker.joinable()) checker.join();
  if (!applied.ok() && !rolled_back_on_purpose) return applied.error();
  if (rolled_back_on_purpose) {
    report = make_report();
    // A failed import wrote nothing but its report; a dry run not even that.
    if (status == "failed") {
      TRY(database_.write([&](storage::Connection& connection) {
        return import_store::insert(connection, stored_import(report));
      }));
    }
  } else {
    for (const auto& id : written) datasets_.evict(id);
  }
  return report;
}

namespace {
// Who may read an import's report: whoever ran it, members of its publisher, sysadmins.
bool may_read(const Principal& principal, const std::string& user_id,
              const std::string& publisher_id) {
  return principal.sysadmin || user_id == principal.user_id ||
         (!publisher_id.empty() && principal.at_least(publisher_id, Role::kMember));
}
}  // namespace

Result<bj::object> ImportService::report(const Principal& principal, const std::string& id) {
  if (!principal.authenticated()) {
    return make_error(ErrorCode::kUnauthenticated, "import reports need a token");
  }
  auto stored = TRY(database_.read(
      [&](storage::Connection& connection) { return import_store::find(connection, id); }));
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
      bj::object report{
          {"id", job->id}, {"created", job->created}, {"job", "/api/v1/jobs/" + job->id}};
      report["status"] = job->state == jobs::JobState::kRunning  ? "running"
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
                                         const std::string& user_id,
                                         const std::string& publisher_id, const std::string& source,
                                         const std::string& message) {
  bj::object report{{"id", id},
                    {"status", "failed"},
                    {"created", created},
                    {"source", source},
                    {"message", message}};
  if (!publisher_id.empty()) report["publisher"] = publisher_id;
  return save_report(report, user_id, publisher_id);
}

Status ImportService::save_report(const bj::object& report, const std::string& user_id,
                                  const std::string& publisher_id) {
  auto stored = import_store::stored_import(report, user_id, publisher_id);
  return database_.write(
      [&](storage::Connection& connection) { return import_store::insert(connection, stored); });
}

void ImportService::run_queued_imports_on(jobs::JobService& jobs,
                                          std::filesystem::path upload_directory,
                                          PrincipalLookup principal_for) {
  jobs_ = &jobs;
  upload_directory_ = std::move(upload_directory);
  principal_for_ = std::move(principal_for);
  jobs.register_type("import",
                     jobs::JobType{[this](jobs::JobContext& context) { return run_job(context); },
                                   /*restartable=*/true});
}

Result<jobs::Job> ImportService::enqueue(const Principal& principal, std::string data,
                                         ImportOptions options) {
  if (!principal.authenticated()) {
    return make_error(ErrorCode::kUnauthenticated, "importing needs a token");
  }
  if (jobs_ == nullptr)
    return make_error(ErrorCode::kUnavailable, "queued imports are not available");
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
  bj::object parameters{{"syntax", options.syntax},
                        {"dry_run", options.dry_run},
                        {"partial", options.partial},
                        {"source", options.source}};
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
    if (!out)
      return make_error(ErrorCode::kUnavailable, "cannot keep the uploaded file for its import");
  }
  std::filesystem::rename(path.string() + ".part", path, error);
  if (error)
    return make_error(ErrorCode::kUnavailable, "cannot keep the uploaded file: " + error.message());
  auto submitted = jobs_->submit(principal, std::move(job));
  if (!submitted.ok()) std::filesystem::remove(path, error);
  return submitted;
}

Result<int> ImportService::sweep_uploads() {
  if (jobs_ == nullptr) return 0;
  accounts::Principal operator_principal;
  operator_principal.sysadmin = true;
  std::error_code error;
  int removed = 0;
  for (const auto& entry : std::filesystem::directory_iterator(upload_directory_, error)) {
    std::string name = entry.path().filename().string();
    std::string id = name.substr(0, name.find('.'));
    auto job = jobs_->get(operator_principal, id);
    if (job.ok() && !jobs::is_final(job->state)) continue;
    if (!job.ok() && job.error().code != ErrorCode::kNotFound) return job.error();
    std::error_code ignored;
    if (std::filesystem::remove(entry.path(), ignored)) ++removed;
  }
  return removed;
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
  if (auto* publisher = given.if_contains("publisher_id"))
    options.publisher = std::string(publisher->as_string());
  // A server that stops ends a running import at its next dataset: the transaction rolls back
  // and the import is queued again, so shutdown stays bounded whatever the file's size.
  options.cancelled = [&context] { return context.cancelled() || context.stopping(); };
  auto fail = [&](const std::string& message) -> Result<std::string> {
    Status saved = save_failed_report(job.id, job.created, job.created_by, job.organization_id,
                                      options.source, message);
    if (!saved.ok()) log::error("import " + job.id + ": " + saved.error().message);
    std::error_code ignored;
    std::filesystem::remove(path, ignored);
    return make_error(ErrorCode::kValidation, message);
  };
  // Started again after a crash: a stored report means the import committed (the report commits
  // with its changes), so it is done; running it again would only report "unchanged".
  auto stored = TRY(database_.read(
      [&](storage::Connection& connection) { return import_store::find(connection, job.id); }));
  if (stored) {
    std::error_code ignored;
    std::filesystem::remove(path, ignored);
    context.log("info", "the import had committed before the server stopped; its report stands");
    if (stored->status == "failed")
      return make_error(ErrorCode::kValidation, "the import failed; see its report");
    return bj::serialize(bj::object{
        {"import", job.id}, {"status", stored->status}, {"report", "/api/v1/imports/" + job.id}});
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail("the uploaded file is gone; send it again");
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  in.close();
  auto principal = principal_for_(job.created_by);
  if (!principal.ok()) return fail(principal.error().message);
  context.log("info", "importing " + std::to_string(data.size()) + " bytes from " + options.source);
  auto progress = [&context](int64_t done, int64_t total) {
    context.progress(done, total, "datasets");
  };
  auto report = run(principal.value(), data, options, progress);
  if (!report.ok() && context.stopping() && !context.cancelled()) {
    context.requeue("the server stopped during this import; nothing was written");
    return make_error(ErrorCode::kUnavailable, "requeued");
  }
  // The writer was busy (a synchronous import holds it for its whole file) and nothing was
  // written: wait and try again rather than fail a queued import for it, for up to ten
  // minutes; a server that stops meanwhile puts the import back in the queue.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(10);
  bool logged = false;
  while (!report.ok() && report.error().code == ErrorCode::kUnavailable && !context.cancelled() &&
         std::chrono::steady_clock::now() < deadline) {
    if (!logged) context.log("info", "the database is busy with another write; waiting");
    logged = true;
    if (context.stopping()) {
      context.requeue("the server stopped while this import waited for the database");
      return make_error(ErrorCode::kUnavailable, "requeued");
    }
    std::this_thread::sleep_for(std::chrono::seconds(1));
    report = run(principal.value(), data, options, progress);
  }
  if (!report.ok()) return fail(report.error().message);
  std::string status(report->at("status").get_string());
  if (status == "dry_run") {  // run() stores every report but a dry run's
    Status saved = save_report(report.value(), job.created_by, job.organization_id);
    if (!saved.ok()) log::error("import " + job.id + ": " + saved.error().message);
  }
  std::error_code ignored;
  std::filesystem::remove(path, ignored);
  bj::object result{
      {"import", job.id}, {"status", status}, {"report", "/api/v1/imports/" + job.id}};
  if (auto* summary = report->if_contains("summary")) result["summary"] = *summary;
  if (status == "failed") {
    return make_error(ErrorCode::kValidation, std::string(report->at("message").as_string()));
  }
  return bj::serialize(result);
}

}  // namespace samverka::catalog
