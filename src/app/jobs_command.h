// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>

#include "accounts/principal.h"
#include "app/runtime.h"

namespace samverka::app {

// samverka jobs list [--state S] [--type T] [--limit N] [--json] | show ID [--json] | cancel ID
struct JobsCommand {
  CLI::App* list = nullptr;
  CLI::App* show = nullptr;
  CLI::App* cancel = nullptr;
  std::string state, type, id;
  int limit = 20;
  bool json = false;

  bool parsed() const { return list->parsed() || show->parsed() || cancel->parsed(); }
};

void add_jobs_command(CLI::App& cli, JobsCommand& command,
                      const std::function<void(CLI::App*)>& add_data_option);

// Runs the parsed jobs command as the operator; returns the exit status.
int run_jobs_command(const JobsCommand& command, Runtime& runtime,
                     const accounts::Principal& operator_principal);

}  // namespace samverka::app
