// SPDX-License-Identifier: Apache-2.0
#include "app/runtime.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <unistd.h>

#include <boost/url/parse.hpp>
#include <cstdio>
#include <sstream>
#include <thread>

#include "accounts/accounts_api.h"
#include "catalog/catalog_api.h"
#include "catalog/catalog_pages.h"
#include "ckan/ckan_api.h"
#include "core/log.h"
#include "http/problem.h"
#include "http/server.h"
#include "jobs/jobs_api.h"
#include "organization/organization_api.h"
#include "search/language.h"
#include "storage/change_log.h"
#include "storage/migrations.h"
#include "web/web_routes.h"

namespace samverka::app {

namespace {
constexpr const char* kDatabaseFile = "samverka.db";

Result<std::pair<std::string, uint16_t>> split_listen(const std::string& listen) {
  size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    return make_error(ErrorCode::kBadRequest, "--listen must be HOST:PORT, got '" + listen + "'");
  }
  std::string host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  std::string port_text = listen.substr(colon + 1);
  if (port_text.empty() || port_text.size() > 5 ||
      port_text.find_first_not_of("0123456789") != std::string::npos ||
      std::stoi(port_text) > 65535) {
    return make_error(ErrorCode::kBadRequest, "the port in '" + listen + "' must be 0-65535");
  }
  return std::make_pair(host, static_cast<uint16_t>(std::stoi(port_text)));
}

// The Swedish lexicon and the Swedish-English dictionary as configured; what is missing is
// logged, and search goes on without it.
search::LanguageResources load_language_resources(const Config& config) {
  search::LanguageResources resources;
  if (!config.swedish_lexicon.empty()) {
    auto lexicon = search::SwedishLexicon::load(config.swedish_lexicon);
    if (lexicon.ok()) {
      resources.swedish = lexicon.value();
    } else {
      log::event(log::Level::kWarn, "search_lexicon_missing",
                 {{"reason", lexicon.error().message},
                  {"advice", "install hunspell-sv, or set search.swedish_lexicon"}});
    }
  }
  std::vector<search::BilingualDictionary::DictdFile> files;
  if (!config.dictionaries.empty()) {
    files = {{config.dictionaries + "/freedict-swe-eng", true},
             {config.dictionaries + "/freedict-eng-swe", false}};
  }
  std::vector<search::BilingualDictionary::Pair> pairs = search::BilingualDictionary::glossary();
  for (auto& pair : catalog::vocabulary_translations()) pairs.push_back(std::move(pair));
  std::vector<std::string> problems;
  resources.bilingual = search::BilingualDictionary::load(files, pairs, &problems);
  for (const std::string& problem : problems) {
    log::event(log::Level::kWarn, "search_dictionary_missing",
               {{"reason", problem},
                {"advice",
                 "install dict-freedict-swe-eng and dict-freedict-eng-swe, or set "
                 "search.dictionaries"}});
  }
  return resources;
}

}  // namespace

net::FetchOptions outbound_fetch_options(const Config& config) {
  net::FetchOptions options;
  options.allow_private_addresses = config.fetch_allow_private_addresses;
  options.max_bytes = static_cast<size_t>(config.fetch_max_bytes);
  options.proxy = config.fetch_proxy;
  return options;
}

namespace {

// Drops what this process keeps of things changed (by it, or elsewhere: the change log).
void evict_changed(catalog::DatasetService& datasets, web::PageCache* pages,
                   const std::vector<storage::Change>& changes) {
  bool others = false;
  for (const auto& change : changes) {
    if (change.entity == "dataset")
      datasets.evict(change.entity_id);
    else if (change.entity == "organization" || change.entity == "data_service")
      others = true;
  }
  // A dataset page shows its publisher's name and the APIs that serve it.
  if (others && pages != nullptr) pages->clear();
}

}  // namespace

Result<std::unique_ptr<Runtime>> open_runtime(const std::filesystem::path& data_directory,
                                              OpenMode mode) {
  auto runtime = std::make_unique<Runtime>();
  runtime->data_directory = data_directory;
  auto database_path = data_directory / kDatabaseFile;
  if (mode == OpenMode::kExisting && !std::filesystem::exists(database_path)) {
    return make_error(ErrorCode::kNotFound,
                      "no samverka data folder at " + data_directory.string() +
                          " (create one with: samverka init " + data_directory.string() + ")");
  }
  std::error_code error;
  std::filesystem::create_directories(data_directory, error);
  if (error) {
    return make_error(ErrorCode::kUnavailable,
                      "cannot create " + data_directory.string() + ": " + error.message());
  }
  runtime->config = TRY(load_config(data_directory));
  if (runtime->config.base_url.empty())
    runtime->config.base_url = "http://" + runtime->config.listen;
  runtime->database =
      TRY(storage::open_sqlite({.path = database_path.string(),
                                .read_connections = runtime->config.read_connections,
                                .write_wait_ms = runtime->config.write_wait_ms,
                                .create = mode == OpenMode::kCreate}));
  int from = TRY(storage::migrate(*runtime->database));
  if (from != storage::latest_schema_version() && from != 0) {
    log::info("migrated the data folder from schema version " + std::to_string(from) + " to " +
              std::to_string(storage::latest_schema_version()));
  }
  runtime->accounts = std::make_unique<accounts::AccountService>(*runtime->database);
  runtime->sessions = std::make_unique<accounts::SessionService>(*runtime->database);
  runtime->organizations =
      std::make_unique<catalog::OrganizationService>(*runtime->database, *runtime->accounts);
  catalog::DatasetServiceOptions dataset_options;
  dataset_options.base_url = runtime->config.base_url;
  dataset_options.activity_max_per_dataset = runtime->config.activity_max_per_dataset;
  dataset_options.activity_retention_days = runtime->config.activity_retention_days;
  runtime->datasets = std::make_unique<catalog::DatasetService>(
      *runtime->database, *runtime->organizations, dataset_options);
  runtime->data_services = std::make_unique<catalog::DataServiceService>(
      *runtime->database, *runtime->organizations, *runtime->datasets, runtime->config.base_url);
  runtime->imports = std::make_unique<catalog::ImportService>(
      *runtime->database, *runtime->organizations, *runtime->datasets, *runtime->data_services,
      runtime->config.base_url);
  // The job queue has a database file of its own: queuing a job or recording its progress
  // never waits for a long catalogue write (an import holds the writer for its whole file).
  runtime->jobs_database = TRY(storage::open_sqlite({.path = (data_directory / "jobs.db").string(),
                                                     .read_connections = 2,
                                                     .write_wait_ms = runtime->config.write_wait_ms,
                                                     .create = true}));
  TRY(storage::migrate(*runtime->jobs_database, storage::Schema::kJobs));
  runtime->jobs =
      std::make_unique<jobs::JobService>(*runtime->jobs_database, runtime->config.job_workers);
  runtime->imports->run_queued_imports_on(
      *runtime->jobs, data_directory / "uploads",
      [accounts = runtime->accounts.get()](const std::string& user_id) {
        return accounts->principal_for_user(user_id);
      });
  runtime->harvests = std::make_unique<harvest::HarvestService>(
      *runtime->database, *runtime->organizations, *runtime->datasets, *runtime->imports,
      outbound_fetch_options(runtime->config),
      harvest::WithdrawalRules{runtime->config.harvest_withdraw_after_runs,
                               runtime->config.harvest_max_vanished_percent,
                               {}});
  runtime->harvests->run_jobs_on(*runtime->jobs);
  quality::QualitySettings quality_settings;
  quality_settings.daily_at = runtime->config.quality_daily_at;
  quality_settings.base_url = runtime->config.base_url;
  quality_settings.links.concurrency = runtime->config.links_concurrency;
  quality_settings.links.per_host_per_second = runtime->config.links_per_host_per_second;
  quality_settings.links.fetch = outbound_fetch_options(runtime->config);
  quality_settings.links.fetch.connect_timeout_seconds =
      std::min<long>(10, runtime->config.links_timeout_seconds);
  quality_settings.links.fetch.total_timeout_seconds = runtime->config.links_timeout_seconds;
  runtime->quality = std::make_unique<quality::QualityService>(
      *runtime->database, *runtime->datasets, *runtime->organizations, quality_settings);
  runtime->quality->run_jobs_on(*runtime->jobs);
  // Every domain's facets, in a fixed order: a domain added later appends its own.
  search::set_facets(catalog::catalog_facets());
  search::set_language_loader(
      [config = runtime->config] { return load_language_resources(config); });
  runtime->catalog_documents = std::make_unique<catalog::CatalogDocuments>(*runtime->organizations);
  runtime->indexer = std::make_unique<search::ChangeIndexer>(
      *runtime->database, runtime->search_directory(), runtime->document_sources());
  runtime->index_reader = std::make_unique<search::IndexReader>(runtime->indexer->current_link());
  runtime->indexer->set_on_commit(
      [reader = runtime->index_reader.get()](const std::string& directory,
                                             const std::vector<search::FacetChange>& changes) {
        reader->apply_facet_changes(directory, changes);
        reader->invalidate();
      });
  runtime->indexer->set_on_changes(
      [datasets = runtime->datasets.get()](const std::vector<storage::Change>& changes) {
        evict_changed(*datasets, nullptr, changes);
      });
  runtime->search =
      std::make_unique<catalog::SearchService>(*runtime->index_reader, *runtime->organizations);
  datastore::DatastoreSettings datastore_settings;
  datastore_settings.folder = data_directory / "datastore";
  datastore_settings.error_budget = runtime->config.datastore_error_budget;
  datastore_settings.limits.time = std::chrono::milliseconds(runtime->config.datastore_query_ms);
  datastore_settings.limits.max_rows = runtime->config.datastore_max_rows;
  datastore_settings.fetch = outbound_fetch_options(runtime->config);
  runtime->datastore = std::make_unique<datastore::DatastoreService>(
      datastore_settings, *runtime->datasets, *runtime->search);
  runtime->datastore->run_jobs_on(*runtime->jobs);
  return runtime;
}

void Runtime::set_base_url(std::string url) {
  while (url.size() > 1 && url.back() == '/') url.pop_back();
  config.base_url = url;
  datasets->set_base_url(url);
  data_services->set_base_url(url);
  imports->set_base_url(url);
}

std::unique_ptr<Routes> build_routes(Runtime& runtime) {
  auto routes = std::make_unique<Routes>();
  add_routes(runtime, *routes);
  return routes;
}

void add_routes(Runtime& runtime, Routes& routes_to_fill) {
  Routes* routes = &routes_to_fill;
  http::Router& router = routes->router;
  http::Metrics& metrics = routes->metrics;

  router.add("GET", "/healthz", [&runtime](http::Request&) {
    bool healthy = runtime.database->healthy();
    auto latest = runtime.database->read(
        [](storage::Connection& connection) { return storage::last_change(connection); });
    boost::json::object body{{"status", healthy ? "ok" : "unavailable"},
                             {"database", healthy ? "ok" : "unreachable"}};
    // How far the search index is behind the change log (0 when caught up).
    int64_t applied = runtime.indexer->applied();
    body["search_index"] = boost::json::object{
        {"applied_seq", applied},
        {"latest_seq", latest.ok() ? latest.value() : 0},
        {"lag", latest.ok() ? std::max<int64_t>(0, latest.value() - applied) : 0}};
    http::Response response;
    response.status = healthy ? 200 : 503;
    response.body = boost::json::serialize(body);
    response.set_header("Cache-Control", "no-store");
    return response;
  });
  // With server.metrics_token set, metrics are for scrapers with that token and for sysadmins.
  router.add("GET", "/metrics", [&metrics, &runtime](http::Request& request) {
    const std::string& expected = runtime.config.metrics_token;
    std::string_view given = request.header("authorization");
    if (!expected.empty()) {
      bool scraper = given.size() == expected.size() + 7 && given.substr(0, 7) == "Bearer ";
      unsigned char difference = scraper ? 0 : 1;
      for (size_t index = 0; scraper && index < expected.size(); ++index) {
        difference |= static_cast<unsigned char>(given[7 + index] ^ expected[index]);
      }
      if (difference != 0) {
        auto caller = accounts::principal_of(*runtime.accounts, request);
        if (!caller.ok()) return http::problem(caller.error());
        if (!caller->sysadmin) {
          return http::problem(make_error(
              caller->authenticated() ? ErrorCode::kForbidden : ErrorCode::kUnauthenticated,
              "metrics need the metrics token or a sysadmin's"));
        }
      }
    }
    http::Response response;
    response.content_type = "text/plain; version=0.0.4; charset=utf-8";
    response.body = metrics.render();
    return response;
  });
  // The serialised dataset answers; the dataset service says when one changed.
  routes->dataset_cache = std::make_unique<catalog::DatasetResponseCache>(
      static_cast<size_t>(runtime.config.dataset_cache_entries));
  routes->page_cache =
      std::make_unique<web::PageCache>(static_cast<size_t>(runtime.config.page_cache_entries),
                                       std::chrono::seconds(runtime.config.page_cache_seconds));
  metrics.add_collector([&runtime, dataset_cache = routes->dataset_cache.get(),
                         page_cache = routes->page_cache.get()] {
    auto figures = runtime.database->figures();
    auto cache = dataset_cache->figures();
    auto pages = page_cache->figures();
    std::ostringstream out;
    out << "# TYPE samverka_db_reads_total counter\nsamverka_db_reads_total " << figures.reads
        << "\n"
        << "# TYPE samverka_db_writes_total counter\nsamverka_db_writes_total " << figures.writes
        << "\n"
        << "# TYPE samverka_db_failed_writes_total counter\nsamverka_db_failed_writes_total "
        << figures.failed_writes << "\n"
        << "# TYPE samverka_db_statement_cache_hits_total counter\n"
        << "samverka_db_statement_cache_hits_total " << figures.statement_cache_hits << "\n"
        << "# TYPE samverka_db_statement_cache_misses_total counter\n"
        << "samverka_db_statement_cache_misses_total " << figures.statement_cache_misses << "\n"
        << "# TYPE samverka_dataset_cache_hits_total counter\nsamverka_dataset_cache_hits_total "
        << cache.hits << "\n"
        << "# TYPE samverka_dataset_cache_misses_total counter\n"
        << "samverka_dataset_cache_misses_total " << cache.misses << "\n"
        << "# TYPE samverka_dataset_cache_entries gauge\nsamverka_dataset_cache_entries "
        << cache.entries << "\n"
        << "# TYPE samverka_page_cache_hits_total counter\nsamverka_page_cache_hits_total "
        << pages.hits << "\n"
        << "# TYPE samverka_page_cache_misses_total counter\nsamverka_page_cache_misses_total "
        << pages.misses << "\n"
        << "# TYPE samverka_page_cache_entries gauge\nsamverka_page_cache_entries " << pages.entries
        << "\n";
    return out.str();
  });

  routes->api = std::make_unique<catalog::CatalogApi>(
      catalog::CatalogApi{*runtime.accounts,
                          *runtime.organizations,
                          *runtime.datasets,
                          *runtime.data_services,
                          {runtime.config.default_page_size, runtime.config.max_page_size},
                          *routes->dataset_cache,
                          runtime.search.get(),
                          runtime.indexer.get(),
                          runtime.imports.get(),
                          runtime.sessions.get(),
                          {},
                          {}});
  routes->api->preview_of =
      [datastore = runtime.datastore.get()](
          const catalog::DatasetRecord& record,
          const std::string& distribution_id) -> std::optional<boost::json::object> {
    auto found = datastore->preview(record, distribution_id, 10);
    if (!found.ok() || !*found) return std::nullopt;
    const datastore::QueryResult* page = &**found;
    boost::json::array columns;
    boost::json::array types;
    for (size_t index = 1; index < page->columns.size(); ++index) {  // without _id
      columns.push_back(boost::json::value(page->columns[index].name));
      types.push_back(boost::json::value(datastore::type_name(page->columns[index].type)));
    }
    boost::json::array rows;
    for (const auto& row : page->rows) {
      boost::json::array cells;
      for (size_t index = 1; index < row.size(); ++index)
        cells.push_back(
            boost::json::value(datastore::value_text(row[index], page->columns[index].type)));
      rows.push_back(std::move(cells));
    }
    return boost::json::object{{"columns", std::move(columns)},
                               {"types", std::move(types)},
                               {"rows", std::move(rows)},
                               {"total", page->total.value_or(0)}};
  };
  routes->api->quality_of =
      [quality = runtime.quality.get()](
          const catalog::DatasetRecord& record) -> std::optional<boost::json::object> {
    auto score = quality->score_record(record);
    if (!score.ok()) return std::nullopt;
    return std::move(score.value());
  };
  routes->organization_api = std::make_unique<catalog::OrganizationApi>(
      catalog::OrganizationApi{*runtime.accounts, *runtime.organizations});
  catalog::register_organization_routes(router, *routes->organization_api);
  catalog::register_dataset_routes(router, *routes->api);
  catalog::register_data_service_routes(router, *routes->api);
  catalog::register_vocabulary_routes(router);
  catalog::register_search_routes(router, *routes->api);
  routes->jobs_api =
      std::make_unique<jobs::JobsApi>(jobs::JobsApi{*runtime.accounts, *runtime.jobs});
  jobs::register_job_routes(router, *routes->jobs_api);
  routes->harvest_api = std::make_unique<harvest::HarvestApi>(
      harvest::HarvestApi{*runtime.accounts, *runtime.harvests});
  harvest::register_harvest_routes(router, *routes->harvest_api);
  routes->quality_api = std::make_unique<quality::QualityApi>(
      quality::QualityApi{*runtime.accounts, *runtime.quality});
  quality::register_quality_routes(router, *routes->quality_api);
  routes->datastore_api = std::make_unique<datastore::DatastoreApi>(
      datastore::DatastoreApi{*runtime.accounts, *runtime.datastore, runtime.config.base_url,
                              runtime.config.datastore_max_rows});
  datastore::register_datastore_routes(router, *routes->datastore_api);
  catalog::register_import_routes(router, *routes->api);
  ckan::register_ckan_routes(router, *routes->api, runtime.config.base_url,
                             runtime.datastore.get());
  catalog::register_dcat_routes(router, *routes->api, runtime.config.base_url);
  // The portal's pages, and the site's own routes (/, static files, the browsers' 404).
  web::set_base_url(runtime.config.base_url);
  accounts::resolve_visitors_with(*runtime.sessions);
  routes->account_pages = std::make_unique<accounts::AccountPages>(
      accounts::AccountPages{*runtime.accounts, *runtime.sessions});
  accounts::register_account_pages(router, *routes->account_pages);
  routes->quality_pages = std::make_unique<quality::QualityPagesApi>(quality::QualityPagesApi{
      runtime.sessions.get(), *runtime.quality, *runtime.organizations, *runtime.datasets});
  quality::register_quality_pages(router, *routes->quality_pages);
  routes->harvest_pages = std::make_unique<harvest::HarvestPagesApi>(harvest::HarvestPagesApi{
      runtime.sessions.get(), *runtime.harvests, *runtime.imports, *runtime.organizations});
  harvest::register_harvest_pages(router, *routes->harvest_pages);
  catalog::register_catalog_pages(router, *routes->api, routes->page_cache.get());
  web::register_web_routes(router);
  catalog::CatalogApi* api = routes->api.get();
  router.set_after([api](const http::Request& request, http::Response& response) {
    if (request.method != "GET" && request.method != "HEAD") {
      catalog::wait_for_index_if_asked(*api, request, response);
    }
  });
}

namespace {
bool is_loopback_host(std::string_view host) {
  return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

// The host of an http(s) URL, without brackets ("https://[::1]:8443/x" -> "::1").
std::string url_host(std::string_view url) {
  auto parsed = boost::urls::parse_absolute_uri(url);
  return parsed ? std::string(parsed->encoded_host_address()) : std::string();
}

// The process may keep as many files open as its hard limit allows: every connection is one.
void raise_open_files_limit() {
  rlimit files{};
  if (::getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
    files.rlim_cur = files.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &files);
  }
}
}  // namespace

Status serve(Runtime& runtime, const std::string& listen, int threads) {
  auto [host, port] = TRY(split_listen(listen));
  raise_open_files_limit();

  http::ServerOptions options;
  options.host = host;
  options.port = port;
  options.threads = threads > 0 ? threads : runtime.config.threads;
  options.body_limit = static_cast<size_t>(runtime.config.body_limit_bytes);
  options.blocking_threads = runtime.config.blocking_threads;
  options.drain_timeout_seconds = runtime.config.drain_timeout_seconds;
  options.read_budget_ms = runtime.config.read_budget_ms;
  options.blocking_budget_ms = runtime.config.blocking_budget_ms;
  options.max_connections = runtime.config.max_connections;
  options.output_buffer_limit = static_cast<size_t>(runtime.config.output_buffer_limit_bytes);
  options.max_connections_per_client = runtime.config.max_connections_per_client;
  options.request_log = runtime.config.request_log == "all"    ? http::RequestLog::kAll
                        : runtime.config.request_log == "none" ? http::RequestLog::kNone
                                                               : http::RequestLog::kErrors;
  // The drain is bounded, and so is everything after it (stopping jobs and the indexer): if a
  // request or a job is still stuck a few seconds past the drain, the process ends anyway.
  // Nothing is half-written by that: every write is one transaction, which the database rolls
  // back when its process ends.
  options.on_shutdown = [drain = options.drain_timeout_seconds] {
    std::thread([drain] {
      std::this_thread::sleep_for(std::chrono::seconds(drain + kShutdownGraceSeconds));
      log::event(log::Level::kError, "shutdown_forced",
                 {{"seconds", std::to_string(drain + kShutdownGraceSeconds)},
                  {"reason", "requests or jobs still running past the drain"}});
      std::fflush(stderr);
      std::_Exit(kForcedShutdownExitCode);
    }).detach();
  };
  // One server per data folder: a second one would start the first one's running jobs again
  // and write beside it. The lock goes with the process, however it ends.
  auto lock_path = runtime.data_directory / "serve.lock";
  int lock = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (lock < 0 || ::flock(lock, LOCK_EX | LOCK_NB) != 0) {
    if (lock >= 0) ::close(lock);
    return make_error(ErrorCode::kUnavailable, "another samverka serve is using " +
                                                   runtime.data_directory.string() +
                                                   "; one server per data folder");
  }
  // The routes are added once the port is known: the public URL (dataset IRIs, paging and
  // CKAN links) defaults to the address actually listened on.
  auto routes = std::make_unique<Routes>();
  http::Server server(options, routes->router, routes->metrics);
  auto listened = server.listen();
  if (!listened.ok()) {
    ::close(lock);
    return listened.error();
  }
  uint16_t actual = listened.value();
  std::string shown_host = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  if (!runtime.config.base_url_configured) {
    runtime.set_base_url("http://" + shown_host + ":" + std::to_string(actual));
  }
  bool listening_beyond_loopback = !is_loopback_host(host);
  if (listening_beyond_loopback &&
      (is_loopback_host(url_host(runtime.config.base_url)) || host == "0.0.0.0" || host == "::")) {
    log::event(log::Level::kWarn, "public_url_unreachable",
               {{"base_url", runtime.config.base_url},
                {"listen", shown_host + ":" + std::to_string(actual)},
                {"advice",
                 "set server.base_url in samverka.toml to the portal's public URL; "
                 "new datasets get permanent IRIs under it"}});
  }
  add_routes(runtime, *routes);
  // Whatever way this returns, the indexer and the workers stop before the runtime goes.
  struct StopOnExit {
    Runtime& runtime;
    int lock;
    ~StopOnExit() {
      runtime.harvests->stop_scheduler();
      runtime.quality->stop_scheduler();
      runtime.jobs->stop();  // a running job stops at a safe point and is queued again
      runtime.indexer->stop();
      runtime.datasets->set_change_listener({});  // the routes' caches go with serve()
      runtime.data_services->set_served_listener({});
      runtime.indexer->set_on_changes(
          [datasets = runtime.datasets.get()](const std::vector<storage::Change>& changes) {
            evict_changed(*datasets, nullptr, changes);
          });
      ::close(lock);
    }
  } stop_on_exit{runtime, lock};
  // Changed datasets leave the API's cache of serialised answers and the kept pages; the
  // listener is reset by stop_on_exit, before the routes (and the caches) go.
  runtime.datasets->set_change_listener([cache = routes->dataset_cache.get(),
                                         pages = routes->page_cache.get()](const std::string& id) {
    cache->evict(id);
    pages->evict(id);
  });
  runtime.data_services->set_served_listener(
      [pages = routes->page_cache.get()](const std::string& dataset_id) {
        pages->evict(dataset_id);
      });
  runtime.indexer->set_on_changes(
      [datasets = runtime.datasets.get(),
       pages = routes->page_cache.get()](const std::vector<storage::Change>& changes) {
        evict_changed(*datasets, pages, changes);
      });
  if (int removed = TRY(runtime.imports->sweep_uploads()); removed > 0) {
    log::event(log::Level::kInfo, "uploads_removed", {{"count", std::to_string(removed)}});
  }
  // The indexer follows the change log while the server runs, and the workers run jobs.
  TRY(runtime.indexer->start());
  TRY(runtime.jobs->start());
  runtime.harvests->start_scheduler(std::chrono::seconds(runtime.config.harvest_check_seconds));
  runtime.quality->start_scheduler(std::chrono::seconds(runtime.config.quality_check_seconds));
  runtime.datastore->remove_stale_builds();  // once per serve, not per command
  // The facet table is built beside the first requests rather than inside one of them.
  std::thread warm([&runtime] {
    Status prepared = runtime.index_reader->prepare_facets();
    if (!prepared.ok()) log::warn("facet table not prepared: " + prepared.error().message);
  });
  std::printf("listening on http://%s:%u\n", shown_host.c_str(), actual);
  std::fflush(stdout);
  server.run();
  warm.join();
  log::info("stopped");
  return {};
}

}  // namespace samverka::app
