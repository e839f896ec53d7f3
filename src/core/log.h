// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string_view>

namespace samverka::log {

// Writes one line to standard error with a UTC timestamp and level. Thread-safe.
void info(std::string_view message);
void warn(std::string_view message);
void error(std::string_view message);

}  // namespace samverka::log
