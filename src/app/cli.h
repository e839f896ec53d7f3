// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace samverka::app {

// Parses the command line and runs the command; returns the process exit code.
int run_cli(int argc, char** argv);

}  // namespace samverka::app
