// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>

#include "accounts/principal.h"
#include "app/runtime.h"

namespace samverka::app {

// samverka harvest source add NAME URL [--type dcat|ckan|datajson] [--publisher ORG] [--schedule S]
//                                       [--priority N] [--disabled]
//                  [--priority N] | source list [--json] | source show ID [--json] |
//                  source remove ID
// samverka harvest run SOURCE... | run --all   (runs now, in this process, with a progress bar)
struct HarvestCommand {
  CLI::App* add = nullptr;
  CLI::App* list = nullptr;
  CLI::App* show = nullptr;
  CLI::App* remove = nullptr;
  CLI::App* run = nullptr;
  std::string name, url, type = "dcat", publisher, schedule = "daily 04:00", id;
  std::vector<std::string> sources;
  bool disabled = false, json = false, all = false;
  int priority = 0;

  bool parsed() const {
    return add->parsed() || list->parsed() || show->parsed() || remove->parsed() || run->parsed();
  }
};

void add_harvest_command(CLI::App& cli, HarvestCommand& command,
                         const std::function<void(CLI::App*)>& add_data_option);

// Runs the parsed harvest command as the operator; returns the exit status: 0, or 1 when a
// source could not be harvested (or not found), 2 when a run kept some datasets and rejected
// others.
int run_harvest_command(const HarvestCommand& command, Runtime& runtime,
                        const accounts::Principal& operator_principal,
                        const std::function<void(int64_t, int64_t)>& progress);

}  // namespace samverka::app
