// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace samverka::thread_priority {

// Background threads (writes, jobs, the indexer) yield the CPU to the network threads that
// answer reads when the machine is busy. Values are nice levels (1-19, lower priority as they
// grow); failing to set one only loses the preference.
inline constexpr int kWrites = 5;
inline constexpr int kBackground = 10;

// Lowers the calling thread's priority to `nice` (Linux keeps one per thread; threads it
// starts inherit it).
void lower_current_thread(int nice);

}  // namespace samverka::thread_priority
