// SPDX-License-Identifier: Apache-2.0
#include "jobs/periodic.h"

#include <cstdio>

#include "core/clock.h"

namespace samverka::jobs {

void Periodic::start(std::chrono::seconds interval, std::function<void()> tick) {
  stop();
  {
    std::lock_guard lock(mutex_);
    stopping_ = false;
  }
  thread_ = std::thread([this, interval, tick = std::move(tick)] {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
      lock.unlock();
      tick();
      lock.lock();
      wake_.wait_for(lock, interval, [this] { return stopping_; });
    }
  });
}

void Periodic::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool is_due(const std::string& schedule, const std::optional<std::string>& last_started,
            int64_t now) {
  int hours = 0, minutes = 0;
  if (std::sscanf(schedule.c_str(), "every %d hour", &hours) == 1 && hours > 0) {
    if (!last_started) return true;
    return *last_started <= clock::iso_from_seconds(now - int64_t{hours} * 3600);
  }
  if (std::sscanf(schedule.c_str(), "daily %d:%d", &hours, &minutes) == 2) {
    int64_t slot = now - now % 86400 + int64_t{hours} * 3600 + int64_t{minutes} * 60;
    if (slot > now) slot -= 86400;  // today's time has not come yet: yesterday's
    return !last_started || *last_started < clock::iso_from_seconds(slot);
  }
  return false;
}

}  // namespace samverka::jobs
