// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <filesystem>
#include <memory>

#include "accounts/account_pages.h"
#include "accounts/account_service.h"
#include "accounts/session_service.h"
#include "app/config.h"
#include "catalog/catalog_api.h"
#include "catalog/data_service/data_service_service.h"
#include "catalog/dataset/dataset_service.h"
#include "catalog/dcat/import/import_service.h"
#include "catalog/search/catalog_documents.h"
#include "core/result.h"
#include "datastore/datastore_api.h"
#include "datastore/datastore_service.h"
#include "harvest/harvest_api.h"
#include "harvest/harvest_pages.h"
#include "harvest/harvest_service.h"
#include "http/metrics.h"
#include "http/router.h"
#include "jobs/job_service.h"
#include "jobs/jobs_api.h"
#include "organization/organization_api.h"
#include "organization/organization_service.h"
#include "quality/quality_api.h"
#include "quality/quality_pages.h"
#include "quality/quality_service.h"
#include "search/change_indexer.h"
#include "storage/database.h"
#include "web/page_cache.h"

namespace samverka::app {

// The composition root: one data folder opened, migrated and wired to its services. The CLI
// and the server both work through a Runtime, so they share every rule.
struct Runtime {
  std::filesystem::path data_directory;
  Config config;
  std::unique_ptr<storage::Database> database;
  std::unique_ptr<accounts::AccountService> accounts;
  std::unique_ptr<accounts::SessionService> sessions;  // the portal's sign-in
  std::unique_ptr<catalog::OrganizationService> organizations;
  std::unique_ptr<catalog::DatasetService> datasets;
  std::unique_ptr<catalog::DataServiceService> data_services;
  std::unique_ptr<catalog::ImportService> imports;
  std::unique_ptr<harvest::HarvestService> harvests;
  std::unique_ptr<quality::QualityService> quality;
  // What each domain puts in the search index; the indexer follows the change log for them all.
  std::unique_ptr<catalog::CatalogDocuments> catalog_documents;
  std::vector<search::DocumentSource*> document_sources() const {
    return {catalog_documents.get()};
  }
  std::unique_ptr<search::ChangeIndexer> indexer;
  std::unique_ptr<search::IndexReader> index_reader;
  std::unique_ptr<catalog::SearchService> search;
  std::unique_ptr<datastore::DatastoreService> datastore;
  // Declared last: destroyed first, so no job runs on a service that is gone.
  std::unique_ptr<storage::Database> jobs_database;
  std::unique_ptr<jobs::JobService> jobs;

  std::filesystem::path search_directory() const { return data_directory / "search"; }
  // The public URL: new datasets and data services get IRIs under it, and links use it.
  void set_base_url(std::string url);
};

// The bounds of every outbound fetch (imports of URLs, harvests), from samverka.toml.
net::FetchOptions outbound_fetch_options(const Config& config);

enum class OpenMode { kExisting, kCreate };

// Opens DIR (creating it with kCreate), applies pending migrations and wires the services.
// A folder without a database is refused with kExisting; a newer schema is always refused.
Result<std::unique_ptr<Runtime>> open_runtime(const std::filesystem::path& data_directory,
                                              OpenMode mode);

// Every HTTP route of the program, wired to the runtime's services. The server and
// `samverka routes` (which the OpenAPI test compares with docs/openapi.yaml) both use it.
struct Routes {
  http::Router router;
  http::Metrics metrics;
  std::unique_ptr<catalog::DatasetResponseCache> dataset_cache;
  std::unique_ptr<web::PageCache> page_cache;  // dataset pages as signed-out visitors see them
  std::unique_ptr<catalog::OrganizationApi> organization_api;
  std::unique_ptr<jobs::JobsApi> jobs_api;
  std::unique_ptr<harvest::HarvestApi> harvest_api;
  std::unique_ptr<harvest::HarvestPagesApi> harvest_pages;
  std::unique_ptr<quality::QualityApi> quality_api;
  std::unique_ptr<quality::QualityPagesApi> quality_pages;
  std::unique_ptr<datastore::DatastoreApi> datastore_api;
  std::unique_ptr<catalog::CatalogApi> api;
  std::unique_ptr<accounts::AccountPages> account_pages;
};
std::unique_ptr<Routes> build_routes(Runtime& runtime);
void add_routes(Runtime& runtime, Routes& routes);

// SIGTERM lets in-flight requests finish within server.drain_timeout_seconds; stopping jobs and
// the indexer then gets this many more seconds. A process still not done exits with
// kForcedShutdownExitCode.
inline constexpr int kShutdownGraceSeconds = 3;
inline constexpr int kForcedShutdownExitCode = 3;

// Serves HTTP until SIGTERM/SIGINT. Prints "listening on http://HOST:PORT" when ready.
Status serve(Runtime& runtime, const std::string& listen, int threads);

}  // namespace samverka::app
