// SPDX-License-Identifier: Apache-2.0
#include "app/config.h"

#include <toml++/toml.h>

#include <cstdio>
#include <set>

#include "core/text.h"

namespace samverka::app {

std::string config_template() {
  return R"(# Samverka settings. Every key is shown at its default; uncomment to change.

[server]
# listen = "127.0.0.1:8080"      # host:port; port 0 picks a free port
# threads = 0                    # request threads; 0 means one per core
# body_limit_bytes = 10485760    # larger request bodies get 413
# base_url = ""                  # public URL, used to mint dataset IRIs; default http://<listen>
# blocking_threads = 4           # threads for writes and waits, apart from the request threads
# drain_timeout_seconds = 20     # on SIGTERM, in-flight requests get this long, then it exits
# read_budget_ms = 10000         # a read (a search) that runs longer stops and answers 503
# blocking_budget_ms = 120000    # the same for writes and waits, where work can stop safely
# max_connections = 2048         # open connections in all; more get 503 and are closed
# output_buffer_limit_bytes = 268435456  # large answers waiting for slow readers, in all;
#                                # past it another large answer gets 503
# max_connections_per_client = 128  # open connections from one address (raise it behind a
#                                   # proxy, whose connections all come from its address)
# request_log = "errors"         # "none", "errors" (5xx and requests over 1 s) or "all"
# metrics_token = ""             # when set (32+ characters), /metrics needs
#                                # "Authorization: Bearer <token>" (or a sysadmin's token)

[database]
# read_connections = 8           # SQLite read connections (WAL lets them run beside the writer)
# write_wait_ms = 5000           # a write that cannot start within this gets 503 + Retry-After

[jobs]
# workers = 2                    # jobs (imports, harvests, quality runs) run side by side

[harvest]
# check_seconds = 60             # how often the server looks for sources whose time has come
# withdraw_after_runs = 1        # a dataset missing from this many runs in a row is withdrawn
# max_vanished_percent = 50      # a run missing more of a source's datasets withdraws none

[quality]
# daily_at = "05:00"             # UTC: check the links that are due and score the catalogue
# check_seconds = 60             # how often the server looks whether that time has come

[links]
# concurrency = 8                # link checks at once
# per_host_per_second = 2        # checks started per second on one host (politeness)
# timeout_seconds = 10           # per check; private addresses follow fetch.allow_private_addresses

[datastore]
# error_budget = 100             # rows a load may pass over (ragged, or not of their type)
# query_ms = 5000                # a query past this stops with 503
# max_rows = 32000               # rows per page at most

[activity]
# max_per_dataset = 1000         # revision history entries kept per dataset
# retention_days = 3650          # history older than this is dropped

[api]
# default_page_size = 20
# max_page_size = 1000

[cache]
# dataset_entries = 200000       # serialised public datasets kept in memory
# page_entries = 20000           # dataset pages as signed-out visitors see them (~12 kB each)
# page_seconds = 60              # how long a kept page lives (a change of its dataset drops it)

[fetch]
# allow_private_addresses = false  # outbound fetches (samverka import URL) may reach loopback
#                                  # and private networks; keep false outside tests
# max_bytes = 536870912          # larger downloads are refused
# proxy = ""                     # http://host:port for every outbound fetch; the environment's
#                                # proxy variables are ignored. The proxy then keeps fetches
#                                # off private addresses

[search]
# swedish_lexicon = "/usr/share/hunspell/sv_SE"  # Hunspell's Swedish dictionary (.aff, .dic):
#                                # inflections and compounds; "" for Snowball's stemmer only
# dictionaries = "/usr/share/dictd"  # FreeDict's freedict-swe-eng and freedict-eng-swe: search
#                                # across Swedish and English; "" for the built-in glossary only
)";
}

Result<Config> load_config(const std::filesystem::path& data_directory) {
  Config config;
  auto path = data_directory / "samverka.toml";
  if (!std::filesystem::exists(path)) return config;
  toml::table table;
  try {
    table = toml::parse_file(path.string());
  } catch (const toml::parse_error& error) {
    return make_error(ErrorCode::kBadRequest, path.string() + ": " +
                                                  std::string(error.description()) + " at line " +
                                                  std::to_string(error.source().begin.line));
  }
  static const std::set<std::string> kKnown = {"server.listen",
                                               "server.threads",
                                               "server.body_limit_bytes",
                                               "server.base_url",
                                               "server.blocking_threads",
                                               "server.drain_timeout_seconds",
                                               "server.read_budget_ms",
                                               "server.blocking_budget_ms",
                                               "server.max_connections",
                                               "server.output_buffer_limit_bytes",
                                               "server.max_connections_per_client",
                                               "server.request_log",
                                               "server.metrics_token",
                                               "database.read_connections",
                                               "database.write_wait_ms",
                                               "jobs.workers",
                                               "activity.max_per_dataset",
                                               "activity.retention_days",
                                               "api.default_page_size",
                                               "api.max_page_size",
                                               "cache.dataset_entries",
                                               "cache.page_entries",
                                               "cache.page_seconds",
                                               "harvest.check_seconds",
                                               "harvest.withdraw_after_runs",
                                               "harvest.max_vanished_percent",
                                               "quality.daily_at",
                                               "quality.check_seconds",
                                               "links.concurrency",
                                               "links.per_host_per_second",
                                               "links.timeout_seconds",
                                               "datastore.error_budget",
                                               "datastore.query_ms",
                                               "datastore.max_rows",
                                               "fetch.allow_private_addresses",
                                               "fetch.max_bytes",
                                               "fetch.proxy",
                                               "search.swedish_lexicon",
                                               "search.dictionaries"};
  for (const auto& [section, value] : table) {
    const toml::table* inner = value.as_table();
    if (inner == nullptr) {
      return make_error(ErrorCode::kBadRequest,
                        path.string() + ": unknown setting '" + std::string(section.str()) + "'");
    }
    for (const auto& [key, ignored] : *inner) {
      std::string name = std::string(section.str()) + "." + std::string(key.str());
      if (!kKnown.count(name)) {
        return make_error(ErrorCode::kBadRequest,
                          path.string() + ": unknown setting '" + name + "'");
      }
    }
  }
  std::string problem;
  auto integer = [&](const char* key, auto& target, int64_t minimum, int64_t maximum) {
    auto node = table.at_path(key);
    if (!node) return;
    auto value = node.value<int64_t>();
    if (!value || *value < minimum || *value > maximum) {
      problem = std::string(key) + " must be a whole number from " + std::to_string(minimum) +
                " to " + std::to_string(maximum);
      return;
    }
    target = static_cast<std::remove_reference_t<decltype(target)>>(*value);
  };
  auto string = [&](const char* key, std::string& target) {
    auto node = table.at_path(key);
    if (!node) return;
    auto value = node.value<std::string>();
    if (!value)
      problem = std::string(key) + " must be a string";
    else
      target = *value;
  };
  string("server.listen", config.listen);
  integer("server.threads", config.threads, 0, 256);
  integer("server.body_limit_bytes", config.body_limit_bytes, 1024, int64_t{1} << 32);
  string("server.base_url", config.base_url);
  config.base_url_configured = !config.base_url.empty();
  if (config.base_url_configured && !text::is_http_url(config.base_url)) {
    problem = "server.base_url must be an absolute http(s) URL, e.g. https://data.example.se";
  }
  integer("server.blocking_threads", config.blocking_threads, 1, 256);
  integer("server.drain_timeout_seconds", config.drain_timeout_seconds, 1, 3600);
  integer("server.read_budget_ms", config.read_budget_ms, 1, 3600000);
  integer("server.blocking_budget_ms", config.blocking_budget_ms, 1, 3600000);
  integer("server.max_connections", config.max_connections, 1, 1000000);
  integer("server.output_buffer_limit_bytes", config.output_buffer_limit_bytes, 1 << 20,
          int64_t{1} << 40);
  integer("server.max_connections_per_client", config.max_connections_per_client, 1, 1000000);
  string("server.request_log", config.request_log);
  string("server.metrics_token", config.metrics_token);
  if (!config.metrics_token.empty() && config.metrics_token.size() < 32) {
    problem = "server.metrics_token must be at least 32 characters";
  }
  if (config.request_log != "none" && config.request_log != "errors" &&
      config.request_log != "all") {
    problem = "server.request_log must be \"none\", \"errors\" or \"all\"";
  }
  integer("database.read_connections", config.read_connections, 1, 256);
  integer("database.write_wait_ms", config.write_wait_ms, 1, 600000);
  integer("jobs.workers", config.job_workers, 1, 64);
  integer("activity.max_per_dataset", config.activity_max_per_dataset, 1, 1000000);
  integer("activity.retention_days", config.activity_retention_days, 1, 100000);
  integer("api.default_page_size", config.default_page_size, 1, 1000);
  integer("api.max_page_size", config.max_page_size, 1, 10000);
  integer("cache.dataset_entries", config.dataset_cache_entries, 0, 100000000);
  integer("cache.page_entries", config.page_cache_entries, 0, 10000000);
  integer("cache.page_seconds", config.page_cache_seconds, 1, 86400);
  integer("harvest.check_seconds", config.harvest_check_seconds, 1, 3600);
  integer("harvest.withdraw_after_runs", config.harvest_withdraw_after_runs, 1, 1000);
  integer("harvest.max_vanished_percent", config.harvest_max_vanished_percent, 0, 100);
  string("quality.daily_at", config.quality_daily_at);
  if (int hours = -1, minutes = -1, used = 0;
      std::sscanf(config.quality_daily_at.c_str(), "%2d:%2d%n", &hours, &minutes, &used) != 2 ||
      used != static_cast<int>(config.quality_daily_at.size()) || hours < 0 || hours > 23 ||
      minutes < 0 || minutes > 59) {
    problem = "quality.daily_at must be a time of day as HH:MM (UTC), such as \"05:00\"";
  }
  integer("quality.check_seconds", config.quality_check_seconds, 1, 3600);
  integer("links.concurrency", config.links_concurrency, 1, 64);
  integer("links.per_host_per_second", config.links_per_host_per_second, 1, 100);
  integer("links.timeout_seconds", config.links_timeout_seconds, 1, 300);
  integer("datastore.error_budget", config.datastore_error_budget, 0, 1000000000);
  integer("datastore.query_ms", config.datastore_query_ms, 10, 600000);
  integer("datastore.max_rows", config.datastore_max_rows, 1, 1000000);
  if (auto node = table.at_path("fetch.allow_private_addresses")) {
    if (auto flag = node.value<bool>())
      config.fetch_allow_private_addresses = *flag;
    else
      problem = "fetch.allow_private_addresses must be true or false";
  }
  integer("fetch.max_bytes", config.fetch_max_bytes, 1024, int64_t{1} << 34);
  string("fetch.proxy", config.fetch_proxy);
  if (!config.fetch_proxy.empty() && !text::is_http_url(config.fetch_proxy)) {
    problem = "fetch.proxy must be an http(s) URL such as http://proxy.example.se:3128";
  }
  string("search.swedish_lexicon", config.swedish_lexicon);
  string("search.dictionaries", config.dictionaries);
  if (!problem.empty()) return make_error(ErrorCode::kBadRequest, path.string() + ": " + problem);
  return config;
}

}  // namespace samverka::app
