// SPDX-License-Identifier: Apache-2.0
#include "core/clock.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>

namespace samverka::clock {

namespace {
std::atomic<int64_t> offset_seconds{0};
}  // namespace

std::chrono::system_clock::time_point now() {
  return std::chrono::system_clock::now() + std::chrono::seconds(offset_seconds.load());
}

ScopedOffset::ScopedOffset(std::chrono::seconds offset)
    : previous_(offset_seconds.exchange(offset.count())) {}
ScopedOffset::~ScopedOffset() { offset_seconds.store(previous_); }

std::string now_iso() {
  auto milliseconds =
      std::chrono::duration_cast<std::chrono::milliseconds>(now().time_since_epoch()).count();
  std::time_t seconds = milliseconds / 1000;
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[80];  // room for any int the compiler imagines; real dates use 24 bytes
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                static_cast<int>(milliseconds % 1000));
  return buffer;
}

int64_t now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(now().time_since_epoch()).count();
}

std::string iso_from_seconds(int64_t seconds) {
  std::time_t time = seconds;
  std::tm utc{};
  gmtime_r(&time, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buffer;
}

}  // namespace samverka::clock
