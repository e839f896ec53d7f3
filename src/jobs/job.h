// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace samverka::jobs {

// queued -> running -> succeeded | failed | cancelled; a queued job may be cancelled at once.
enum class JobState { kQueued, kRunning, kSucceeded, kFailed, kCancelled };

const char* state_name(JobState state);
std::optional<JobState> state_from_name(const std::string& name);
inline bool is_final(JobState state) {
  return state == JobState::kSucceeded || state == JobState::kFailed ||
         state == JobState::kCancelled;
}

// A unit of long work (an import, a harvest run, a datastore load, a reindex), persisted so that
// it survives a restart. parameters and result are JSON texts that the job's type defines.
struct Job {
  std::string id;
  std::string type;
  JobState state = JobState::kQueued;
  std::string parameters = "{}";
  std::string organization_id;  // for whom it runs ("" when for no organisation)
  std::string created_by;       // user id ("" for the operator's command line)
  int64_t done = 0;             // progress: done of total in the current stage
  int64_t total = 0;
  std::string stage;
  std::optional<std::string> result;
  std::string message;  // why it failed or was cancelled
  bool cancel_requested = false;
  int attempts = 0;  // times it was started
  std::string created;
  std::optional<std::string> started;
  std::optional<std::string> finished;
};

struct JobLogLine {
  int64_t line = 0;
  std::string at;
  std::string level;  // info, warn, error
  std::string message;
};

}  // namespace samverka::jobs
