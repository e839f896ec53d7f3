// SPDX-License-Identifier: Apache-2.0
// The portal's harvest pages: what publishers need to see of their sources' runs.
#include "harvest/harvest_pages.h"

#include <boost/json.hpp>

#include "accounts/account_pages.h"
#include "accounts/accounts_api.h"
#include "web/page.h"
#include "web/render.h"

namespace samverka::harvest {

namespace bj = boost::json;
using http::Request;
using http::Response;

namespace {

constexpr size_t kRunsShown = 5;
constexpr size_t kDatasetsShown = 500;

std::string lang_code(web::Lang lang) { return std::string(web::code(lang)); }

std::string string_of(const bj::object& object, const char* key) {
  const bj::value* value = object.if_contains(key);
  return value && value->is_string() ? std::string(value->get_string()) : std::string();
}
int64_t count_of(const bj::object& object, const char* key) {
  const bj::value* value = object.if_contains(key);
  return value && value->is_int64() ? value->get_int64() : 0;
}
// "2026-12-01T04:00:12.345Z" -> "2026-12-01 04:00".
std::string when(const std::string& timestamp) {
  return timestamp.size() >= 16 ? timestamp.substr(0, 10) + " " + timestamp.substr(11, 5)
                                : timestamp;
}

// The run's counts in words: "12 created, 3 updated ...", the ones that are not zero.
std::string counts_of(const HarvestRun& run, web::Lang lang) {
  std::string out;
  for (const char* key :
       {"created", "updated", "unchanged", "draft", "rejected", "skipped", "withdrawn"}) {
    int64_t count = count_of(run.summary, key);
    if (count == 0) continue;
    out += (out.empty() ? "" : ", ") + std::to_string(count) + " " +
           web::text(lang, std::string("harvest.count_") + key);
  }
  return out;
}

bj::object run_view(const HarvestRun& run, web::Lang lang) {
  return bj::object{{"href", web::lang_path(lang, "/harvest/runs/" + web::url_encode(run.id))},
                    {"started", run.started},
                    {"started_text", when(run.started)},
                    {"status", web::text(lang, "harvest.status_" + run.status)},
                    {"status_code", run.status},
                    {"counts", counts_of(run, lang)},
                    {"message", run.message}};
}

Response sources_page(HarvestPagesApi& api, Request& request, web::Lang lang) {
  auto principal = accounts::page_principal(api.sessions, request);
  if (!principal.ok()) return web::error_page(request, lang, principal.error());
  auto organization = api.organizations.get(std::string(request.param("slug")));
  if (!organization.ok()) return web::error_page(request, lang, organization.error());
  auto sources = api.harvests.list();
  if (!sources.ok()) return web::error_page(request, lang, sources.error());
  std::string name = lang == web::Lang::kEn && organization->name_en ? *organization->name_en
                                                                     : organization->name_sv;
  bj::array items;
  for (const HarvestSource& source : *sources) {
    if (source.publisher_id != organization->id) continue;
    auto runs = api.harvests.runs(source.id, static_cast<int>(kRunsShown));
    if (!runs.ok()) return web::error_page(request, lang, runs.error());
    bj::array run_items;
    for (const HarvestRun& run : *runs) run_items.push_back(run_view(run, lang));
    items.push_back(bj::object{{"name", source.name},
                               {"url", source.url},
                               {"type", source.type},
                               {"schedule", source.schedule},
                               {"enabled", source.enabled},
                               {"has_runs", !run_items.empty()},
                               {"runs", std::move(run_items)}});
  }
  bj::object view{{"lang", lang_code(lang)},
                  {"name", name},
                  {"organization_href",
                   web::lang_path(lang, "/organizations/" + web::url_encode(organization->slug))},
                  {"has_sources", !items.empty()},
                  {"sources", std::move(items)}};
  web::Page page;
  page.visitor = accounts::visitor_of(principal.value(), request);
  page.lang = lang;
  page.template_name = "harvest_sources";
  page.section = "organizations";
  page.title = web::text(lang, "harvest.title") + ": " + name;
  page.path = "/organizations/" + web::url_encode(organization->slug) + "/harvest";
  page.view = std::move(view);
  return web::page_response(request, std::move(page));
}

// What a report says of one dataset, for the page.
bj::object dataset_view(const bj::object& entry, web::Lang lang) {
  bj::array problems;
  auto add = [&](const char* key, const char* kind) {
    const bj::value* list = entry.if_contains(key);
    if (list == nullptr || !list->is_array()) return;
    for (const bj::value& item : list->get_array()) {
      if (!item.is_object()) continue;
      problems.push_back(bj::object{{"kind", web::text(lang, kind)},
                                    {"field", string_of(item.get_object(), "field")},
                                    {"message", string_of(item.get_object(), "message")}});
    }
  };
  add("errors", "harvest.error");
  add("warnings", "harvest.warning");
  std::string outcome = string_of(entry, "outcome");
  bj::object out{{"title", string_of(entry, "title")},
                 {"iri", string_of(entry, "iri")},
                 {"outcome", web::text(lang, "harvest.outcome_" + outcome)},
                 {"has_problems", !problems.empty()},
                 {"problems", std::move(problems)}};
  if (std::string reason = string_of(entry, "reason"); !reason.empty()) out["reason"] = reason;
  if (std::string slug = string_of(entry, "slug"); !slug.empty())
    out["href"] = web::lang_path(lang, "/datasets/" + web::url_encode(slug));
  return out;
}

Response run_page(HarvestPagesApi& api, Request& request, web::Lang lang) {
  auto principal = accounts::page_principal(api.sessions, request);
  if (!principal.ok()) return web::error_page(request, lang, principal.error());
  auto run = api.harvests.run(std::string(request.param("id")));
  if (!run.ok()) return web::error_page(request, lang, run.error());
  auto source = api.harvests.get(run->source_id);
  if (!source.ok()) return web::error_page(request, lang, source.error());
  // The report is the publisher's: the import's own rule decides who reads it.
  auto report = api.imports.report(principal.value(), run->id);
  bool no_report = !report.ok() && report.error().code == ErrorCode::kNotFound;
  if (!report.ok() && !no_report) return web::error_page(request, lang, report.error());
  if (no_report && !principal->sysadmin &&
      (!source->publisher_id ||
       !principal->at_least(*source->publisher_id, accounts::Role::kMember))) {
    return web::error_page(request, lang, report.error());
  }
  bj::object view = run_view(run.value(), lang);
  view["lang"] = lang_code(lang);
  view["source"] = source->name;
  view["source_url"] = source->url;
  if (source->publisher_id) {
    auto organization = api.organizations.get(*source->publisher_id);
    if (organization.ok()) {
      view["sources_href"] = web::lang_path(
          lang, "/organizations/" + web::url_encode(organization->slug) + "/harvest");
    }
  }
  bj::array datasets, notes;
  size_t with_problems = 0;
  if (report.ok()) {
    if (const bj::value* entries = report->if_contains("datasets");
        entries && entries->is_array()) {
      for (const bj::value& entry : entries->get_array()) {
        if (!entry.is_object()) continue;
        bj::object item = dataset_view(entry.get_object(), lang);
        if (!item["has_problems"].as_bool() &&
            string_of(entry.get_object(), "outcome") != "rejected")
          continue;  // the page lists what needs the publisher's attention
        if (++with_problems > kDatasetsShown) continue;
        datasets.push_back(std::move(item));
      }
    }
    if (const bj::value* list = report->if_contains("notes"); list && list->is_array())
      for (const bj::value& note : list->get_array())
        if (note.is_string()) notes.push_back(note);
  }
  view["has_report"] = report.ok();
  view["has_datasets"] = !datasets.empty();
  view["datasets"] = std::move(datasets);
  if (with_problems > kDatasetsShown) {
    view["more"] = web::text(lang, "harvest.more_datasets",
                             {{"n", std::to_string(with_problems - kDatasetsShown)}});
  }
  view["has_notes"] = !notes.empty();
  view["notes"] = std::move(notes);
  view["json_href"] = "/api/v1/imports/" + web::url_encode(run->id);
  web::Page page;
  page.visitor = accounts::visitor_of(principal.value(), request);
  page.lang = lang;
  page.template_name = "harvest_run";
  page.section = "organizations";
  page.title = web::text(lang, "harvest.run_title") + ": " + source->name;
  page.path = "/harvest/runs/" + web::url_encode(run->id);
  page.noindex = true;
  page.view = std::move(view);
  return web::page_response(request, std::move(page));
}

}  // namespace

void register_harvest_pages(http::Router& router, HarvestPagesApi& api) {
  web::add_page(router, "/organizations/{slug}/harvest", [&api](Request& request, web::Lang lang) {
    return sources_page(api, request, lang);
  });
  web::add_page(router, "/harvest/runs/{id}",
                [&api](Request& request, web::Lang lang) { return run_page(api, request, lang); });
}

}  // namespace samverka::harvest
