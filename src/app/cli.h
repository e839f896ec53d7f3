// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.h"

namespace samverka::app {

// Prints "samverka: MESSAGE" and one line per detail on standard error.
void print_error(const Error& error);

// Parses the command line and runs the command; returns the process exit code.
int run_cli(int argc, char** argv);

}  // namespace samverka::app
