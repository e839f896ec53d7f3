// SPDX-License-Identifier: Apache-2.0
#include "core/log.h"

#include <cstdio>
#include <mutex>
#include <string>

#include "core/clock.h"

namespace samverka::log {
namespace {

std::mutex mutex;

void append_value(std::string& line, std::string_view value) {
  bool plain = !value.empty() && value.find_first_of(" \"=\\\n\r\t") == std::string_view::npos;
  if (plain) {
    line.append(value);
    return;
  }
  line.push_back('"');
  for (char character : value) {
    switch (character) {
      case '"': line.append("\\\""); break;
      case '\\': line.append("\\\\"); break;
      case '\n': line.append("\\n"); break;
      case '\r': line.append("\\r"); break;
      case '\t': line.append("\\t"); break;
      default: line.push_back(character);
    }
  }
  line.push_back('"');
}

const char* level_name(Level level) {
  switch (level) {
    case Level::kInfo: return "info";
    case Level::kWarn: return "warn";
    case Level::kError: return "error";
  }
  return "info";
}

}  // namespace

void event(Level level, std::string_view name, std::initializer_list<Field> fields) {
  std::string line;
  line.reserve(160);
  line.append("ts=").append(clock::now_iso()).append(" level=").append(level_name(level));
  line.append(" event=");
  append_value(line, name);
  for (const Field& field : fields) {
    line.push_back(' ');
    line.append(field.key).push_back('=');
    append_value(line, field.value);
  }
  line.push_back('\n');
  std::lock_guard lock(mutex);
  std::fwrite(line.data(), 1, line.size(), stderr);
}

void info(std::string_view message) { event(Level::kInfo, "message", {{"msg", std::string(message)}}); }
void warn(std::string_view message) { event(Level::kWarn, "message", {{"msg", std::string(message)}}); }
void error(std::string_view message) {
  event(Level::kError, "message", {{"msg", std::string(message)}});
}

}  // namespace samverka::log
