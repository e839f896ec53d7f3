// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>

#include "accounts/principal.h"
#include "app/runtime.h"

namespace samverka::app {

// samverka quality run [--no-links] [--json]   (checks due links, scores; in this process)
// samverka quality show [ORGANISATION] [--json] (the latest score of a publisher or the catalogue)
struct QualityCommand {
  CLI::App* run = nullptr;
  CLI::App* show = nullptr;
  std::string organization;
  bool no_links = false, json = false;

  bool parsed() const { return run->parsed() || show->parsed(); }
};

void add_quality_command(CLI::App& cli, QualityCommand& command,
                         const std::function<void(CLI::App*)>& add_data_option);

// Runs the parsed command; returns the exit status: 0, or 1 on an error.
int run_quality_command(const QualityCommand& command, Runtime& runtime,
                        const std::function<void(int64_t, int64_t)>& progress);

}  // namespace samverka::app
