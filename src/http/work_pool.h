// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <thread>
#include <vector>

#include "core/mutex.h"

namespace samverka::http {

// A fixed set of threads for work that may block (database writes, waiting for the search
// index), so that the network threads stay free for reads. The queue is bounded: when it is
// full, submit() refuses the task and the caller answers 503 instead of queuing without end.
// Safe to use from many threads.
class WorkPool {
 public:
  // `nice` lowers the threads' CPU priority (0: as the caller; 1-19: lower), so that on a busy
  // machine the network threads answering reads go first.
  WorkPool(int threads, size_t queue_limit, int nice = 0);
  ~WorkPool();  // runs what is queued, then joins
  WorkPool(const WorkPool&) = delete;
  WorkPool& operator=(const WorkPool&) = delete;

  // False when the queue is full or the pool is stopping; the task is then not run.
  bool submit(std::function<void()> task) EXCLUDES(mutex_);
  // Stops taking tasks, runs or drops the queued ones, lets the running ones finish and joins
  // the threads. Called by the owner only.
  enum class Queued { kRun, kDrop };
  void stop(Queued queued = Queued::kRun) EXCLUDES(mutex_);

 private:
  void work() EXCLUDES(mutex_);

  const size_t queue_limit_;
  const int nice_;
  mutable Mutex mutex_;
  std::condition_variable_any ready_;
  std::deque<std::function<void()>> queue_ GUARDED_BY(mutex_);
  size_t running_ GUARDED_BY(mutex_) = 0;
  bool stopping_ GUARDED_BY(mutex_) = false;
  std::vector<std::thread> threads_;  // started by the constructor, joined by stop()
};

}  // namespace samverka::http
