// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

// The wall clock, injectable: everything that stamps or compares times (token expiry,
// retention, deadlines, job and change times) reads it here, so tests can move time.
namespace samverka::clock {

// Now, shifted by the test offset (none outside tests).
std::chrono::system_clock::time_point now();

// Current UTC time as RFC 3339 with milliseconds, e.g. 2026-11-27T10:15:00.123Z. Such strings
// sort in time order, which the stores rely on.
std::string now_iso();
// Seconds since the Unix epoch.
int64_t now_seconds();
// RFC 3339 UTC for a Unix time in seconds.
std::string iso_from_seconds(int64_t seconds);

// Moves the clock by `offset` while it lives (tests only; process-wide, not nestable across
// threads that expect different times).
class ScopedOffset {
 public:
  explicit ScopedOffset(std::chrono::seconds offset);
  ~ScopedOffset();
  ScopedOffset(const ScopedOffset&) = delete;
  ScopedOffset& operator=(const ScopedOffset&) = delete;

 private:
  int64_t previous_;
};

}  // namespace samverka::clock
