// SPDX-License-Identifier: Apache-2.0
#include "http/work_pool.h"

#include "core/thread_priority.h"

namespace samverka::http {

WorkPool::WorkPool(int threads, size_t queue_limit, int nice)
    : queue_limit_(queue_limit), nice_(nice) {
  for (int index = 0; index < threads; ++index) threads_.emplace_back([this] { work(); });
}

WorkPool::~WorkPool() { stop(); }

bool WorkPool::submit(std::function<void()> task) {
  {
    MutexLock lock(mutex_);
    if (stopping_ || queue_.size() >= queue_limit_) return false;
    queue_.push_back(std::move(task));
  }
  ready_.notify_one();
  return true;
}

void WorkPool::stop(Queued queued) {
  {
    MutexLock lock(mutex_);
    if (stopping_ && threads_.empty()) return;
    stopping_ = true;
    if (queued == Queued::kDrop) queue_.clear();
  }
  ready_.notify_all();
  for (auto& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
  threads_.clear();
}

void WorkPool::work() {
  thread_priority::lower_current_thread(nice_);
  for (;;) {
    std::function<void()> task;
    {
      MutexLock lock(mutex_);
      while (!stopping_ && queue_.empty()) ready_.wait(lock);
      if (queue_.empty()) return;  // stopping, and nothing left to run
      task = std::move(queue_.front());
      queue_.pop_front();
      ++running_;
    }
    task();
    MutexLock lock(mutex_);
    --running_;
  }
}

}  // namespace samverka::http
