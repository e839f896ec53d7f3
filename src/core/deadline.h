// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <atomic>
#include <chrono>
#include <memory>

namespace samverka::deadline {

// The time budget of the work running on this thread (a request's), and whether its client has
// gone away. The server opens a Scope around each request; loops that can run long (searching,
// paging through many records) ask expired() and stop, so one request cannot hold a thread
// without end. With no Scope open, nothing expires.
class Scope {
 public:
  // started: when the work began (a request's arrival); budget: how long it may take from then.
  Scope(std::chrono::steady_clock::time_point started, std::chrono::steady_clock::duration budget,
        std::shared_ptr<std::atomic<bool>> gone);
  ~Scope();
  Scope(const Scope&) = delete;
  Scope& operator=(const Scope&) = delete;

 private:
  std::chrono::steady_clock::time_point previous_until_;
  std::chrono::steady_clock::duration previous_budget_;
  std::shared_ptr<std::atomic<bool>> previous_gone_;
};

// True when the budget is spent or the client has gone.
bool expired();
// True when the client has gone (its connection closed), whatever the budget.
bool client_gone();
// Seconds left (0 when expired; a large number when no Scope is open).
double remaining_seconds();
// The budget the current Scope was given, in seconds, for messages (0 when none is open).
double budget_seconds();

}  // namespace samverka::deadline
