// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <string>

namespace samverka::clock {

// Current UTC time as RFC 3339 with milliseconds, e.g. 2026-11-27T10:15:00.123Z. Such strings
// sort in time order, which the stores rely on.
std::string now_iso();
// Seconds since the Unix epoch.
int64_t now_seconds();
// RFC 3339 UTC for a Unix time in seconds.
std::string iso_from_seconds(int64_t seconds);

}  // namespace samverka::clock
