// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>

#include "accounts/principal.h"
#include "app/runtime.h"

namespace samverka::app {

// samverka datastore load DISTRIBUTION FILE [--delimiter D] [--encoding E] [--header yes|no]
//   [--types name:type,...] [--json]   (loads a CSV or TSV file into the distribution's table)
// samverka datastore show DISTRIBUTION [--json]   (the table's columns, rows and source)
struct DatastoreCommand {
  CLI::App* load = nullptr;
  CLI::App* show = nullptr;
  std::string distribution, file, delimiter, encoding, header, types;
  bool json = false;

  bool parsed() const { return load->parsed() || show->parsed(); }
};

void add_datastore_command(CLI::App& cli, DatastoreCommand& command,
                           const std::function<void(CLI::App*)>& add_data_option);

// Runs the parsed command as the operator; returns the exit status: 0, or 1 on an error.
int run_datastore_command(const DatastoreCommand& command, Runtime& runtime,
                          const accounts::Principal& principal,
                          const std::function<void(int64_t, int64_t)>& progress);

}  // namespace samverka::app
