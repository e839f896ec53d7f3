// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

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
  bool submit(std::function<void()> task);
  // Tasks queued or running now.
  size_t pending() const;
  // Stops taking tasks, runs or drops the queued ones, lets the running ones finish and joins
  // the threads. Called by the owner only.
  enum class Queued { kRun, kDrop };
  void stop(Queued queued = Queued::kRun);

 private:
  void work();

  const size_t queue_limit_;
  const int nice_;
  mutable std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> queue_;  // GUARDED_BY(mutex_)
  size_t running_ = 0;                       // GUARDED_BY(mutex_)
  bool stopping_ = false;                    // GUARDED_BY(mutex_)
  std::vector<std::thread> threads_;
};

}  // namespace samverka::http
