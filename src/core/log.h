// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

namespace samverka::log {

// One event per line on standard error, as key=value pairs that log tools parse:
//   ts=2026-11-30T21:40:00.123Z level=error event=request id=3f2a... route=/api/v1/datasets/{id}
//   status=500 ms=1.25 detail="no such table: datasets"
// Values with spaces, quotes or '=' are quoted, with '"' and '\' escaped and line breaks
// written as \n, so one event is always one line. Thread-safe. Personal data (e-mail
// addresses, tokens, request bodies) must never be passed in.
struct Field {
  std::string_view key;
  std::string value;
};

enum class Level { kInfo, kWarn, kError };

void event(Level level, std::string_view name, std::initializer_list<Field> fields);
// The line event() writes, without the timestamp and the line break (for tests).
std::string format(Level level, std::string_view name, std::initializer_list<Field> fields);

// A free-text event: event=message msg="...".
void info(std::string_view message);
void warn(std::string_view message);
void error(std::string_view message);

}  // namespace samverka::log
