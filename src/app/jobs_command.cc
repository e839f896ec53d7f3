// SPDX-License-Identifier: Apache-2.0
#include "app/jobs_command.h"

#include <cstdio>

#include "app/cli.h"
#include "jobs/jobs_api.h"

namespace samverka::app {

void add_jobs_command(CLI::App& cli, JobsCommand& command,
                      const std::function<void(CLI::App*)>& add_data_option) {
  auto* jobs = cli.add_subcommand("jobs", "list, show and cancel jobs (queued imports, ...)");
  jobs->require_subcommand(1);
  command.list = jobs->add_subcommand("list", "list jobs, newest first");
  add_data_option(command.list);
  command.list
      ->add_option("--state", command.state, "queued, running, succeeded, failed or cancelled")
      ->check(CLI::IsMember({"queued", "running", "succeeded", "failed", "cancelled"}));
  command.list->add_option("--type", command.type, "only jobs of this type, e.g. import");
  command.list->add_option("--limit", command.limit, "at most this many")
      ->check(CLI::Range(1, 100));
  command.list->add_flag("--json", command.json, "print JSON");
  command.show = jobs->add_subcommand("show", "show a job with its log");
  add_data_option(command.show);
  command.show->add_option("ID", command.id)->required();
  command.show->add_flag("--json", command.json, "print JSON");
  command.cancel =
      jobs->add_subcommand("cancel", "cancel a queued job, or ask a running one to stop");
  add_data_option(command.cancel);
  command.cancel->add_option("ID", command.id)->required();
}

namespace {

std::string progress_of(const jobs::Job& job) {
  if (job.total <= 0) return job.stage;
  return std::to_string(job.done) + "/" + std::to_string(job.total) +
         (job.stage.empty() ? "" : " " + job.stage);
}

}  // namespace

int run_jobs_command(const JobsCommand& command, Runtime& runtime,
                     const accounts::Principal& operator_principal) {
  jobs::JobService& service = *runtime.jobs;
  if (command.list->parsed()) {
    jobs::JobQuery query;
    if (!command.state.empty()) query.state = jobs::state_from_name(command.state);
    if (!command.type.empty()) query.type = command.type;
    query.limit = command.limit;
    auto page = service.list(operator_principal, query);
    if (!page.ok()) {
      print_error(page.error());
      return 1;
    }
    if (command.json) {
      boost::json::array items;
      for (const auto& job : page->items) items.push_back(jobs::to_json(job));
      std::printf("%s\n", boost::json::serialize(items).c_str());
      return 0;
    }
    std::printf("%-36s  %-8s  %-9s  %-24s  %s\n", "ID", "TYPE", "STATE", "CREATED", "PROGRESS");
    for (const auto& job : page->items) {
      std::printf("%-36s  %-8s  %-9s  %-24s  %s\n", job.id.c_str(), job.type.c_str(),
                  jobs::state_name(job.state), job.created.c_str(), progress_of(job).c_str());
    }
    return 0;
  }
  if (command.show->parsed()) {
    auto job = service.get(operator_principal, command.id);
    if (!job.ok()) {
      print_error(job.error());
      return 1;
    }
    auto lines = service.log(operator_principal, command.id);
    if (command.json) {
      boost::json::object body = jobs::to_json(job.value());
      boost::json::array log;
      if (lines.ok()) {
        for (const auto& line : lines.value()) {
          log.push_back(jobs::to_json(line));
        }
      }
      body["log"] = std::move(log);
      std::printf("%s\n", boost::json::serialize(body).c_str());
      return 0;
    }
    std::printf("job %s (%s): %s\n", job->id.c_str(), job->type.c_str(),
                jobs::state_name(job->state));
    std::printf("  created %s, attempts %d\n", job->created.c_str(), job->attempts);
    if (!progress_of(*job).empty()) std::printf("  progress %s\n", progress_of(*job).c_str());
    if (!job->message.empty()) std::printf("  message %s\n", job->message.c_str());
    if (job->result) std::printf("  result %s\n", job->result->c_str());
    if (lines.ok()) {
      for (const auto& line : lines.value()) {
        std::printf("  %s %-5s %s\n", line.at.c_str(), line.level.c_str(), line.message.c_str());
      }
    }
    return 0;
  }
  auto cancelled = service.cancel(operator_principal, command.id);
  if (!cancelled.ok()) {
    print_error(cancelled.error());
    return 1;
  }
  std::printf("%s\n", cancelled->state == jobs::JobState::kCancelled
                          ? "cancelled"
                          : "cancel requested; the job stops at its next check");
  return 0;
}

}  // namespace samverka::app
