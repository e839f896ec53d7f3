// SPDX-License-Identifier: Apache-2.0
#include "core/deadline.h"

namespace samverka::deadline {
namespace {
using Clock = std::chrono::steady_clock;
struct Current {
  Clock::time_point until = Clock::time_point::max();
  Clock::duration budget{};
  std::shared_ptr<std::atomic<bool>> gone;
};
thread_local Current current;
}  // namespace

Scope::Scope(Clock::time_point started, Clock::duration budget,
             std::shared_ptr<std::atomic<bool>> gone)
    : previous_until_(current.until),
      previous_budget_(current.budget),
      previous_gone_(std::move(current.gone)) {
  current.until = started + budget;
  current.budget = budget;
  current.gone = std::move(gone);
}

Scope::~Scope() {
  current.until = previous_until_;
  current.budget = previous_budget_;
  current.gone = std::move(previous_gone_);
}

bool client_gone() { return current.gone && current.gone->load(std::memory_order_relaxed); }

bool expired() {
  return client_gone() ||
         (current.until != Clock::time_point::max() && Clock::now() >= current.until);
}

double remaining_seconds() {
  if (client_gone()) return 0;
  if (current.until == Clock::time_point::max()) return 1e9;
  return std::max(0.0, std::chrono::duration<double>(current.until - Clock::now()).count());
}

double budget_seconds() {
  if (current.until == Clock::time_point::max()) return 0;
  return std::chrono::duration<double>(current.budget).count();
}

}  // namespace samverka::deadline
