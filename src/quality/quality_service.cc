// SPDX-License-Identifier: Apache-2.0
#include "quality/quality_service.h"

#include <boost/json.hpp>
#include <cmath>
#include <map>
#include <set>

#include "catalog/dataset/dataset_store.h"
#include "catalog/dcat/dcat_writer.h"
#include "core/clock.h"
#include "core/json.h"
#include "core/log.h"
#include "quality/mqa.h"
#include "quality/shacl.h"
#include "rdf/graph.h"

namespace samverka::quality {

namespace bj = boost::json;
using accounts::Principal;
using catalog::DatasetRecord;

namespace {

constexpr int kPage = 500;
constexpr size_t kBrokenListed = 100;  // broken links listed per score
constexpr int kDatasetHistory = 30;    // a dataset's score changes kept
constexpr int kHistoryShown = 12;      // of those, shown with its score

// Every access and download URL of a dataset.
std::vector<std::string> urls_of(const bj::object& document) {
  std::vector<std::string> urls;
  const bj::value* distributions = document.if_contains("distributions");
  if (distributions == nullptr || !distributions->is_array()) return urls;
  for (const bj::value& item : distributions->get_array()) {
    if (!item.is_object()) continue;
    const bj::object& distribution = item.get_object();
    if (const bj::value* access = distribution.if_contains("access_url");
        access && access->is_string())
      urls.emplace_back(access->get_string());
    if (const bj::value* downloads = distribution.if_contains("download_urls");
        downloads && downloads->is_array()) {
      for (const bj::value& url : downloads->get_array())
        if (url.is_string()) urls.emplace_back(url.get_string());
    }
  }
  return urls;
}

// The dataset's own RDF document, as /datasets/{id}.ttl serves it (without its quality
// measurements), against the SEMIC DCAT-AP shapes.
std::vector<ShaclResult> shacl_of(const DatasetRecord& record,
                                  const catalog::Organization* publisher,
                                  const std::string& base_url) {
  catalog::DcatWriter writer(base_url);
  writer.dataset(record, publisher);
  rdf::Graph graph;
  for (const rdf::Triple& triple : writer.triples())
    graph.add(triple.subject, triple.predicate, triple.object);
  graph.index();
  return ShapesGraph::dcat_ap().validate(graph);
}

bool conforms(const std::vector<ShaclResult>& results) {
  for (const ShaclResult& result : results)
    if (result.severity == "Violation") return false;
  return true;
}

bj::object link_json(const LinkCheck& check) {
  bj::object out{{"url", check.url},
                 {"reachable", check.reachable},
                 {"status", check.status},
                 {"checked", check.checked},
                 {"next_check", check.next_check}};
  if (!check.error.empty()) out["error"] = check.error;
  if (!check.final_url.empty()) out["redirected_to"] = check.final_url;
  if (!check.content_type.empty()) out["content_type"] = check.content_type;
  if (check.content_length) out["content_length"] = *check.content_length;
  return out;
}

// Calls `each` for every published, public dataset, page by page.
Status each_public_dataset(storage::Database& database,
                           const std::function<Status(DatasetRecord&)>& each) {
  int64_t position = 0;
  while (true) {
    auto page = TRY(database.read([&](storage::Connection& connection) {
      return catalog::dataset_store::all_after(connection, position, kPage);
    }));
    for (auto& [at, record] : page) {
      position = at;
      if (record.state == catalog::DatasetState::kPublished && !record.is_private)
        TRY(each(record));
    }
    if (page.size() < static_cast<size_t>(kPage)) return {};
  }
}

struct ScopeTally {
  ScoreSum sum;
  bj::array broken;
  int64_t broken_total = 0;
};

}  // namespace

void QualityService::run_jobs_on(jobs::JobService& jobs) {
  jobs_ = &jobs;
  jobs.register_type("quality",
                     jobs::JobType{[this](jobs::JobContext& context) { return run_job(context); },
                                   /*restartable=*/true});
}

Result<jobs::Job> QualityService::start(const Principal& principal, bool check_links) {
  if (!principal.authenticated() && !principal.sysadmin)
    return make_error(ErrorCode::kUnauthenticated, "sign in (a sysadmin) to start quality runs");
  if (!principal.sysadmin)
    return make_error(ErrorCode::kForbidden, "only sysadmins start quality runs");
  if (jobs_ == nullptr)
    return make_error(ErrorCode::kUnavailable, "quality runs are not available");
  jobs::NewJob job;
  job.type = "quality";
  job.parameters = bj::serialize(bj::object{{"links", check_links}});
  return jobs_->submit(principal, std::move(job));
}

Result<std::string> QualityService::run_job(jobs::JobContext& context) {
  auto parameters = TRY(json::parse(context.job().parameters));
  const bj::value* links =
      parameters.is_object() ? parameters.as_object().if_contains("links") : nullptr;
  auto result = run(
      links == nullptr || !links->is_bool() || links->get_bool(),
      [&context](int64_t done, int64_t total, const std::string& stage) {
        context.progress(done, total, stage);
      },
      [&context] { return context.cancelled() || context.stopping(); });
  // Stopped with the server: the checks made so far are kept, and the run starts again after
  // the next start (the URLs it checked are then no longer due).
  if (context.stopping() && !context.cancelled()) context.requeue("the server stopped");
  if (!result.ok()) return std::move(result).error();
  return bj::serialize(result.value());
}

Result<bj::object> QualityService::run(bool check_links, const Progress& progress,
                                       const std::function<bool()>& cancelled) {
  bj::object result;
  if (check_links) {
    std::set<std::string> urls;
    TRY(each_public_dataset(database_, [&](DatasetRecord& record) -> Status {
      for (std::string& url : urls_of(record.document)) urls.insert(std::move(url));
      return {};
    }));
    auto known = TRY(database_.read(
        [](storage::Connection& connection) { return quality_store::links(connection); }));
    std::string now = clock::now_iso();
    std::vector<std::string> due;
    for (const std::string& url : urls) {
      auto found = known.find(url);
      if (found == known.end() || found->second.next_check <= now) due.push_back(url);
    }
    std::vector<LinkCheck> checks;
    int64_t reachable = 0;
    auto write = [&]() -> Status {
      if (checks.empty()) return {};
      TRY(database_.write([&](storage::Connection& connection) -> Status {
        for (const LinkCheck& check : checks)
          TRY(quality_store::put_link(connection, check, settings_.links.keep_history));
        return {};
      }));
      checks.clear();
      return {};
    };
    int64_t done = 0;
    Status written;
    if (progress) progress(0, static_cast<int64_t>(due.size()), "links");
    auto previous = [&known](const std::string& url) -> std::optional<LinkCheck> {
      auto found = known.find(url);
      return found == known.end() ? std::nullopt : std::optional<LinkCheck>(found->second);
    };
    quality::check_links(
        due, settings_.links, previous,
        [&](LinkCheck check) {
          if (check.reachable) ++reachable;
          checks.push_back(std::move(check));
          ++done;
          if (progress) progress(done, static_cast<int64_t>(due.size()), "links");
          if (checks.size() >= 200 && written.ok()) written = write();
        },
        cancelled);
    TRY(written);
    TRY(write());
    result["links"] = bj::object{{"urls", static_cast<int64_t>(urls.size())},
                                 {"checked", done},
                                 {"reachable", reachable},
                                 {"broken", done - reachable}};
    if (cancelled && cancelled())
      return make_error(ErrorCode::kUnavailable, "the quality run was cancelled after " +
                                                     std::to_string(done) + " link checks");
  }

  auto links = TRY(database_.read(
      [](storage::Connection& connection) { return quality_store::links(connection); }));
  LinkLookup lookup = [&links](std::string_view url) -> std::optional<bool> {
    auto found = links.find(std::string(url));
    if (found == links.end()) return std::nullopt;
    return found->second.reachable;
  };
  int64_t total = TRY(database_.read([](storage::Connection& connection) {
    return catalog::dataset_store::count_all(connection);
  }));
  std::map<std::string, ScopeTally> scopes;  // "" the catalogue, else a publisher's id
  std::vector<DatasetScoreRecord> dataset_scores;
  std::map<std::string, std::optional<catalog::Organization>> publishers;
  int64_t seen = 0;
  TRY(each_public_dataset(database_, [&](DatasetRecord& record) -> Status {
    if (cancelled && cancelled())
      return make_error(ErrorCode::kUnavailable, "the quality run was cancelled");
    auto [known, fresh] = publishers.try_emplace(record.publisher_id);
    if (fresh) {
      auto found = organizations_.get(record.publisher_id);
      if (found.ok()) known->second = std::move(found.value());
    }
    const catalog::Organization* publisher = known->second ? &*known->second : nullptr;
    bj::object body = catalog::to_json(record);  // the document with its publisher
    DatasetScore score =
        score_dataset(body, lookup, conforms(shacl_of(record, publisher, settings_.base_url)));
    dataset_scores.push_back(DatasetScoreRecord{record.id, "", std::lround(score.points() * 10),
                                                bj::serialize(dimensions_of(score))});
    for (const std::string& scope : {std::string(), record.publisher_id}) {
      ScopeTally& tally = scopes[scope];
      tally.sum.add(score);
      for (const std::string& url : urls_of(record.document)) {
        auto found = links.find(url);
        if (found == links.end() || found->second.reachable) continue;
        ++tally.broken_total;
        if (tally.broken.size() < kBrokenListed) {
          bj::object item = link_json(found->second);
          item["dataset"] = record.id;
          item["slug"] = record.slug;
          tally.broken.push_back(std::move(item));
        }
      }
    }
    if (progress && ++seen % 100 == 0) progress(seen, total, "score");
    return {};
  }));
  if (progress) progress(seen, seen, "score");
  std::string scored = clock::now_iso();
  scopes[""];  // the catalogue is scored even when empty
  int64_t changed = 0;
  TRY(database_.write([&](storage::Connection& connection) -> Status {
    // A dataset's history gains a row when its score changed (or it was never scored); the
    // rows of datasets that are gone go with them.
    auto latest = TRY(quality_store::latest_dataset_scores(connection));
    for (DatasetScoreRecord& dataset : dataset_scores) {
      auto found = latest.find(dataset.dataset_id);
      if (found != latest.end() && found->second.first == dataset.tenths &&
          found->second.second == dataset.dimensions)
        continue;
      dataset.scored = scored;
      TRY(quality_store::put_dataset_score(connection, dataset, kDatasetHistory));
      ++changed;
    }
    TRY(quality_store::forget_deleted_datasets(connection));
    for (auto& [scope, tally] : scopes) {
      bj::object summary = tally.sum.to_json();
      summary["broken_links"] = tally.broken;
      summary["broken_links_total"] = tally.broken_total;
      TRY(quality_store::insert_score(
          connection, ScoreRecord{scope, scored, tally.sum.datasets(), bj::serialize(summary)}));
    }
    return {};
  }));
  const ScoreSum& catalogue = scopes[""].sum;
  result["scored"] = scored;
  result["datasets"] = catalogue.datasets();
  result["points"] = std::round(catalogue.points() * 10) / 10;
  result["rating"] = rating_of(catalogue.points());
  result["publishers"] = static_cast<int64_t>(scopes.size()) - 1;
  result["datasets_changed"] = changed;
  return result;
}

Result<bj::object> QualityService::dataset_quality(const Principal& principal,
                                                   const std::string& id_or_slug) {
  catalog::DatasetView view = TRY(datasets_.get(principal, id_or_slug));
  return score_record(view.record, {.score = true, .links = true});
}

Result<bj::object> QualityService::score_record(const DatasetRecord& record,
                                                ScoreHistories histories) {
  std::vector<std::string> urls = urls_of(record.document);
  std::map<std::string, LinkCheck> seen;
  std::map<std::string, std::vector<LinkCheck>> link_histories;  // newest first
  std::vector<DatasetScoreRecord> past;                          // the dataset's, newest first
  TRY(database_.read([&](storage::Connection& connection) -> Status {
    if (histories.score)
      past = TRY(quality_store::dataset_score_history(connection, record.id, kHistoryShown));
    for (const std::string& url : urls) {
      if (auto check = TRY(quality_store::link(connection, url))) {
        seen.emplace(url, *check);
        if (histories.links)
          link_histories[url] = TRY(quality_store::link_history(connection, url, 5));
      }
    }
    return {};
  }));
  LinkLookup lookup = [&seen](std::string_view url) -> std::optional<bool> {
    auto found = seen.find(std::string(url));
    if (found == seen.end()) return std::nullopt;
    return found->second.reachable;
  };
  auto publisher = organizations_.get(record.publisher_id);
  std::vector<ShaclResult> shacl =
      shacl_of(record, publisher.ok() ? &publisher.value() : nullptr, settings_.base_url);
  bj::object body = catalog::to_json(record);
  bj::object out = to_json(score_dataset(body, lookup, conforms(shacl)));
  bj::array violations;
  for (const ShaclResult& result : shacl) {
    if (result.severity != "Violation" || violations.size() == 20) continue;
    violations.push_back(
        bj::object{{"focus", result.focus}, {"path", result.path}, {"message", result.message}});
  }
  out["shacl"] = bj::object{{"conforms", conforms(shacl)},
                            {"shapes", "DCAT-AP 3.0.1 (SEMIC)"},
                            {"violations", std::move(violations)}};
  bj::array links;
  std::set<std::string> listed;
  for (const std::string& url : urls) {
    if (!listed.insert(url).second) continue;
    auto found = seen.find(url);
    if (found == seen.end()) {
      links.push_back(bj::object{{"url", url}, {"checked", nullptr}});
      continue;
    }
    bj::object link = link_json(found->second);
    if (histories.links) {
      bj::array history;
      for (const LinkCheck& past : link_histories[url]) {
        history.push_back(bj::object{
            {"checked", past.checked}, {"status", past.status}, {"reachable", past.reachable}});
      }
      link["history"] = std::move(history);
    }
    links.push_back(std::move(link));
  }
  bj::object result{{"dataset", record.id}, {"slug", record.slug}};
  for (auto& [key, value] : out) result[key] = std::move(value);
  result["links"] = std::move(links);
  if (histories.score) {
    // Oldest first, as the scopes' trends: what quality runs recorded when the score changed.
    bj::array trend;
    for (auto it = past.rbegin(); it != past.rend(); ++it) {
      bj::object entry{{"scored", it->scored}, {"points", static_cast<double>(it->tenths) / 10}};
      if (auto dimensions = json::parse(it->dimensions); dimensions.ok())
        entry["dimensions"] = std::move(dimensions.value());
      trend.push_back(std::move(entry));
    }
    result["history"] = std::move(trend);
  }
  return result;
}

Result<bj::object> QualityService::scope_quality(const std::string& organization, int history) {
  std::string scope;
  bj::object result;
  if (!organization.empty()) {
    catalog::Organization found = TRY(organizations_.get(organization));
    scope = found.id;
    result["organization"] = found.id;
    result["slug"] = found.slug;
  }
  auto [latest, past] = TRY(database_.read(
      [&](storage::Connection& connection)
          -> Result<std::pair<std::optional<ScoreRecord>, std::vector<ScoreRecord>>> {
        return std::make_pair(TRY(quality_store::latest_score(connection, scope)),
                              TRY(quality_store::score_history(connection, scope, history)));
      }));
  if (!latest) {
    return make_error(ErrorCode::kNotFound,
                      std::string(scope.empty() ? "the catalogue" : "this publisher") +
                          " has not been scored yet: a quality run scores published, public "
                          "datasets every day at " +
                          settings_.daily_at +
                          " UTC, and sysadmins can start one (POST /api/v1/quality/runs)");
  }
  bj::value summary = TRY(json::parse(latest->summary));
  result["scored"] = latest->scored;
  for (auto& [key, value] : summary.as_object()) result[key] = std::move(value);
  bj::array trend;
  for (auto it = past.rbegin(); it != past.rend(); ++it) {
    auto parsed = json::parse(it->summary);
    const bj::value* points =
        parsed.ok() && parsed->is_object() ? parsed->as_object().if_contains("points") : nullptr;
    trend.push_back(bj::object{{"scored", it->scored},
                               {"datasets", it->datasets},
                               {"points", points ? *points : bj::value(nullptr)}});
  }
  result["history"] = std::move(trend);
  return result;
}

Result<bool> QualityService::due_now(int64_t since) {
  auto latest = TRY(database_.read(
      [](storage::Connection& connection) { return quality_store::latest_score(connection, ""); }));
  // Never scored: as if scored when this process started looking, so the first daily time
  // after the start runs it.
  return jobs::is_due("daily " + settings_.daily_at,
                      latest ? latest->scored : clock::iso_from_seconds(since),
                      clock::now_seconds());
}

void QualityService::start_scheduler(std::chrono::seconds check_interval) {
  // A catalogue never scored waits for the first daily time too: a new server (or a test's)
  // does not start checking links the moment it starts.
  int64_t since = clock::now_seconds();
  scheduler_.start(check_interval, [this, since] {
    Principal system;
    system.sysadmin = true;
    auto due = due_now(since);
    if (!due.ok()) log::warn("quality schedule: " + due.error().message);
    if (!due.ok() || !*due || jobs_ == nullptr) return;
    for (jobs::JobState state : {jobs::JobState::kQueued, jobs::JobState::kRunning}) {
      jobs::JobQuery query;
      query.type = "quality";
      query.state = state;
      query.limit = 1;
      auto page = jobs_->list(system, query);
      if (!page.ok() || !page->items.empty()) return;  // one is waiting or going
    }
    auto started = start(system, true);
    if (!started.ok()) log::warn("quality schedule: " + started.error().message);
  });
}

void QualityService::stop_scheduler() { scheduler_.stop(); }

}  // namespace samverka::quality
