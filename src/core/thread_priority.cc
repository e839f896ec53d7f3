// SPDX-License-Identifier: Apache-2.0
#include "core/thread_priority.h"

#include <sys/resource.h>
#include <unistd.h>

namespace samverka::thread_priority {

void lower_current_thread(int nice) {
  if (nice > 0) (void)setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), nice);
}

}  // namespace samverka::thread_priority
