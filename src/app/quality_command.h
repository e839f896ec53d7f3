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
// samverka quality validate FILE [--format F] [--json] (RDF against the DCAT-AP SHACL shapes)
struct QualityCommand {
  CLI::App* run = nullptr;
  CLI::App* show = nullptr;
  CLI::App* validate = nullptr;
  std::string organization, file, format = "guess";
  bool no_links = false, json = false;

  bool parsed() const { return run->parsed() || show->parsed() || validate->parsed(); }
};

// samverka quality validate: needs no data folder. Exit 0 when the file conforms, 2 when it
// has violations, 1 when it cannot be read.
int run_validate_command(const QualityCommand& command);

void add_quality_command(CLI::App& cli, QualityCommand& command,
                         const std::function<void(CLI::App*)>& add_data_option);

// Runs the parsed command; returns the exit status: 0, or 1 on an error.
int run_quality_command(const QualityCommand& command, Runtime& runtime,
                        const std::function<void(int64_t, int64_t)>& progress);

}  // namespace samverka::app
