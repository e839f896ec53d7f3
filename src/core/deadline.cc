// SPDX-License-Identifier: Apache-2.0
#include "core/deadline.h"

namespace samverka::deadline {
namespace {
using Clock = std::chrono::steady_clock;
thread_local Clock::time_point until = Clock::time_point::max();
thread_local Clock::time_point opened;
thread_local std::shared_ptr<std::atomic<bool>> gone;
}  // namespace

Scope::Scope(Clock::time_point new_until, std::shared_ptr<std::atomic<bool>> new_gone)
    : previous_until_(until), previous_gone_(std::move(gone)) {
  until = new_until;
  opened = Clock::now();
  gone = std::move(new_gone);
}

Scope::~Scope() {
  until = previous_until_;
  gone = std::move(previous_gone_);
}

bool client_gone() { return gone && gone->load(std::memory_order_relaxed); }

bool expired() {
  return client_gone() || (until != Clock::time_point::max() && Clock::now() >= until);
}

double remaining_seconds() {
  if (client_gone()) return 0;
  if (until == Clock::time_point::max()) return 1e9;
  return std::max(0.0, std::chrono::duration<double>(until - Clock::now()).count());
}

double budget_seconds() {
  if (until == Clock::time_point::max()) return 0;
  return std::chrono::duration<double>(until - opened).count();
}

}  // namespace samverka::deadline
