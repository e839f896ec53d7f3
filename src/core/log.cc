// SPDX-License-Identifier: Apache-2.0
#include "core/log.h"

#include <cstdio>
#include <mutex>
#include <string>

#include "core/clock.h"

namespace samverka::log {
namespace {
std::mutex mutex;
void write(const char* level, std::string_view message) {
  std::string line = clock::now_iso() + " " + level + " " + std::string(message) + "\n";
  std::lock_guard lock(mutex);
  std::fwrite(line.data(), 1, line.size(), stderr);
}
}  // namespace

void info(std::string_view message) { write("INFO", message); }
void warn(std::string_view message) { write("WARN", message); }
void error(std::string_view message) { write("ERROR", message); }

}  // namespace samverka::log
