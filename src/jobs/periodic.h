// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace samverka::jobs {

// Calls a function at once and then every interval, on a thread of its own, until stopped: how
// serve looks whether scheduled work (harvests, quality runs) is due. Thread-safe.
class Periodic {
 public:
  Periodic() = default;
  Periodic(const Periodic&) = delete;
  Periodic& operator=(const Periodic&) = delete;
  ~Periodic() { stop(); }

  // Stops a previous start first.
  void start(std::chrono::seconds interval, std::function<void()> tick);
  // Wakes the thread and waits for it (and for a tick under way) to end.
  void stop();

 private:
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;  // by mutex_
};

// Whether work on this schedule is due at `now` (Unix seconds, UTC), given when it last started
// (RFC 3339; none: never). "every N hours": N hours after the last start. "daily HH:MM": once
// the day's HH:MM (UTC) has passed, unless it started since. An unknown schedule is never due.
bool is_due(const std::string& schedule, const std::optional<std::string>& last_started,
            int64_t now);

}  // namespace samverka::jobs
