// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "core/result.h"

namespace samverka::app {

// Everything samverka.toml can set, with its default. The file in a data folder lists every
// key, commented out at its default.
struct Config {
  std::string listen = "127.0.0.1:8080";
  int threads = 0;  // 0: one per core
  int64_t body_limit_bytes = 10 * 1024 * 1024;
  std::string base_url;              // default: http://<listen>, after a --listen given to serve
  bool base_url_configured = false;  // set in samverka.toml rather than derived
  std::string metrics_token;         // when set, /metrics needs it (or a sysadmin's token)
  int blocking_threads = 4;
  int drain_timeout_seconds = 20;
  int read_budget_ms = 10000;
  int blocking_budget_ms = 120000;
  int64_t output_buffer_limit_bytes = int64_t{256} << 20;
  int max_connections = 2048;
  int max_connections_per_client = 128;
  std::string request_log = "errors";  // none, errors, all
  int read_connections = 8;
  int write_wait_ms = 5000;
  int job_workers = 2;
  int activity_max_per_dataset = 1000;
  int activity_retention_days = 3650;
  int default_page_size = 20;
  int max_page_size = 1000;
  int64_t dataset_cache_entries = 200000;
  // Dataset pages as signed-out visitors see them (about 12 kB each, plain and gzip): 20,000
  // take about 250 MB at most; they expire after page_seconds so that a publisher's new name
  // or a new API of another node shows within that time.
  int64_t page_cache_entries = 20000;
  int page_cache_seconds = 60;
  int harvest_check_seconds = 60;          // how often serve looks for harvest sources that are due
  int harvest_withdraw_after_runs = 1;     // runs in a row a dataset may be missing from its source
  int harvest_max_vanished_percent = 50;   // more missing at once: nothing withdrawn, reported
  std::string quality_daily_at = "05:00";  // UTC: links checked and the catalogue scored
  int quality_check_seconds = 60;          // how often serve looks whether a run is due
  int links_concurrency = 8;               // link checks at once
  int links_per_host_per_second = 2;       // link checks started per second on one host
  int links_timeout_seconds = 10;          // per link check
  int64_t datastore_error_budget = 100;    // rows a datastore load may pass over
  int64_t datastore_query_ms = 5000;       // a datastore query's time
  int64_t datastore_max_rows = 32000;      // rows per datastore page at most
  bool fetch_allow_private_addresses = false;
  int64_t fetch_max_bytes = int64_t{512} << 20;
  std::string fetch_proxy;  // http://host:port for outbound fetches; proxy variables are ignored
  std::string swedish_lexicon = "/usr/share/hunspell/sv_SE";  // "": Snowball only
  std::string dictionaries = "/usr/share/dictd";              // "": the glossary only
};

// Reads DIR/samverka.toml (absent: defaults). Unknown keys and wrong types are errors.
Result<Config> load_config(const std::filesystem::path& data_directory);

// The commented template that `samverka init` writes.
std::string config_template();

}  // namespace samverka::app
