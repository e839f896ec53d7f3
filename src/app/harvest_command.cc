// SPDX-License-Identifier: Apache-2.0
#include "app/harvest_command.h"

#include <cstdio>

#include "app/cli.h"

namespace samverka::app {

namespace bj = boost::json;

void add_harvest_command(CLI::App& cli, HarvestCommand& command,
                         const std::function<void(CLI::App*)>& add_data_option) {
  auto* harvest = cli.add_subcommand("harvest", "harvest publishers' catalogues: sources and runs");
  harvest->require_subcommand(1);
  auto* source = harvest->add_subcommand("source", "add, list, show and remove harvest sources");
  source->require_subcommand(1);
  command.add =
      source->add_subcommand("add", "add a source (DCAT-AP RDF, a CKAN portal or a data.json)");
  add_data_option(command.add);
  command.add->add_option("NAME", command.name, "what to call it")->required();
  command.add->add_option("URL", command.url, "the catalogue's http(s) URL")->required();
  command.add->add_option("--type", command.type,
                          "dcat (DCAT-AP RDF at the URL, the default), ckan (a CKAN portal's "
                          "Action API under the URL) or datajson (a DCAT-US data.json)");
  command.add->add_option("--publisher", command.publisher,
                          "the organisation (id or slug) of every dataset; default: each "
                          "record's dct:publisher");
  command.add->add_option("--schedule", command.schedule,
                          "\"daily HH:MM\" (UTC) or \"every N hours\" (default daily 04:00)");
  command.add->add_option("--priority", command.priority,
                          "higher wins when two sources describe the same dataset");
  command.add->add_flag("--disabled", command.disabled, "add it without scheduling it");
  command.list = source->add_subcommand("list", "list the sources");
  add_data_option(command.list);
  command.list->add_flag("--json", command.json, "print JSON");
  command.show = source->add_subcommand("show", "show a source and its last runs");
  add_data_option(command.show);
  command.show->add_option("ID", command.id)->required();
  command.show->add_flag("--json", command.json, "print JSON");
  command.remove = source->add_subcommand("remove", "remove a source (its datasets stay)");
  add_data_option(command.remove);
  command.remove->add_option("ID", command.id)->required();
  command.run = harvest->add_subcommand("run", "harvest sources now");
  add_data_option(command.run);
  command.run->add_option("SOURCE", command.sources, "source ids");
  command.run->add_flag("--all", command.all, "every enabled source");
  command.run->add_flag("--json", command.json, "print each run as JSON");
}

namespace {

int fail(const Error& error) {
  print_error(error);
  return 1;
}

long long count(const bj::object& summary, const char* name) {
  const bj::value* value = summary.if_contains(name);
  return value && value->is_int64() ? static_cast<long long>(value->get_int64()) : 0;
}

void print_run(const harvest::HarvestRun& run) {
  std::printf("%s  run %s: %s", run.source_id.c_str(), run.id.c_str(), run.status.c_str());
  if (!run.summary.empty()) {
    std::printf(
        " (%lld datasets: %lld created, %lld updated, %lld unchanged, %lld draft, %lld "
        "rejected)",
        count(run.summary, "datasets"), count(run.summary, "created"),
        count(run.summary, "updated"), count(run.summary, "unchanged"), count(run.summary, "draft"),
        count(run.summary, "rejected"));
  }
  std::printf("\n");
  if (!run.message.empty()) std::printf("  %s\n", run.message.c_str());
}

}  // namespace

int run_harvest_command(const HarvestCommand& command, Runtime& runtime,
                        const accounts::Principal& operator_principal,
                        const std::function<void(int64_t, int64_t)>& progress) {
  harvest::HarvestService& harvests = *runtime.harvests;
  if (command.add->parsed()) {
    bj::object body{{"name", command.name},         {"url", command.url},
                    {"type", command.type},         {"schedule", command.schedule},
                    {"enabled", !command.disabled}, {"priority", command.priority}};
    if (!command.publisher.empty()) body["publisher"] = command.publisher;
    auto created = harvests.create(operator_principal, body);
    if (!created.ok()) return fail(created.error());
    std::printf("added harvest source %s (%s)\n", created->id.c_str(), created->url.c_str());
    return 0;
  }
  if (command.list->parsed()) {
    auto sources = harvests.list();
    if (!sources.ok()) return fail(sources.error());
    if (command.json) {
      bj::array items;
      for (const auto& source : sources.value()) items.push_back(harvest::to_json(source));
      std::printf("%s\n", bj::serialize(items).c_str());
      return 0;
    }
    for (const auto& source : sources.value()) {
      std::printf("%s  %-8s %-16s %s  %s\n", source.id.c_str(),
                  source.enabled ? "enabled" : "disabled", source.schedule.c_str(),
                  source.name.c_str(), source.url.c_str());
    }
    return 0;
  }
  if (command.show->parsed()) {
    auto source = harvests.get(command.id);
    if (!source.ok()) return fail(source.error());
    auto runs = harvests.runs(command.id, 10);
    if (!runs.ok()) return fail(runs.error());
    if (command.json) {
      bj::object out = harvest::to_json(source.value());
      bj::array items;
      for (const auto& run : runs.value()) items.push_back(harvest::to_json(run));
      out["runs"] = std::move(items);
      std::printf("%s\n", bj::serialize(out).c_str());
      return 0;
    }
    std::printf("%s\n  url: %s\n  publisher: %s\n  schedule: %s (%s)\n  priority: %lld\n",
                source->name.c_str(), source->url.c_str(),
                source->publisher_id.value_or("from each record").c_str(), source->schedule.c_str(),
                source->enabled ? "enabled" : "disabled", static_cast<long long>(source->priority));
    for (const auto& run : runs.value()) print_run(run);
    return 0;
  }
  if (command.remove->parsed()) {
    Status removed = harvests.remove(operator_principal, command.id);
    if (!removed.ok()) return fail(removed.error());
    std::printf("removed harvest source %s; its datasets stay\n", command.id.c_str());
    return 0;
  }
  // run
  std::vector<std::string> ids = command.sources;
  if (command.all) {
    auto sources = harvests.list();
    if (!sources.ok()) return fail(sources.error());
    for (const auto& source : sources.value())
      if (source.enabled) ids.push_back(source.id);
  }
  if (ids.empty()) {
    return fail(make_error(ErrorCode::kBadRequest, "name the sources to run, or give --all"));
  }
  int status = 0;
  for (const std::string& id : ids) {
    auto run = harvests.run_now(id, progress);
    if (!run.ok()) {
      print_error(run.error());
      status = 1;
      continue;
    }
    if (command.json)
      std::printf("%s\n", bj::serialize(harvest::to_json(run.value())).c_str());
    else
      print_run(run.value());
    if (run->status == "failed") status = 1;
    if (run->status == "partial" && count(run->summary, "rejected") > 0 && status == 0) status = 2;
  }
  return status;
}

}  // namespace samverka::app
