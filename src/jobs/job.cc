// SPDX-License-Identifier: Apache-2.0
#include "jobs/job.h"

namespace samverka::jobs {

const char* state_name(JobState state) {
  switch (state) {
    case JobState::kQueued:
      return "queued";
    case JobState::kRunning:
      return "running";
    case JobState::kSucceeded:
      return "succeeded";
    case JobState::kFailed:
      return "failed";
    case JobState::kCancelled:
      return "cancelled";
  }
  return "queued";
}

std::optional<JobState> state_from_name(const std::string& name) {
  for (JobState state : {JobState::kQueued, JobState::kRunning, JobState::kSucceeded,
                         JobState::kFailed, JobState::kCancelled}) {
    if (name == state_name(state)) return state;
  }
  return std::nullopt;
}

}  // namespace samverka::jobs
