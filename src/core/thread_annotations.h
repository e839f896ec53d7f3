// SPDX-License-Identifier: Apache-2.0
#pragma once

// Clang's thread-safety analysis (-Wthread-safety): shared state names the mutex that guards
// it, and a build with Clang proves every access holds it. Other compilers ignore the
// attributes. The test style.thread_safety runs the analysis on every file that uses them.
#if defined(__clang__)
#define SAMVERKA_THREAD_ATTRIBUTE(x) __attribute__((x))
#else
#define SAMVERKA_THREAD_ATTRIBUTE(x)
#endif

#define CAPABILITY(name) SAMVERKA_THREAD_ATTRIBUTE(capability(name))
#define SCOPED_CAPABILITY SAMVERKA_THREAD_ATTRIBUTE(scoped_lockable)
#define GUARDED_BY(mutex) SAMVERKA_THREAD_ATTRIBUTE(guarded_by(mutex))
#define PT_GUARDED_BY(mutex) SAMVERKA_THREAD_ATTRIBUTE(pt_guarded_by(mutex))
#define REQUIRES(...) SAMVERKA_THREAD_ATTRIBUTE(requires_capability(__VA_ARGS__))
#define ACQUIRE(...) SAMVERKA_THREAD_ATTRIBUTE(acquire_capability(__VA_ARGS__))
#define RELEASE(...) SAMVERKA_THREAD_ATTRIBUTE(release_capability(__VA_ARGS__))
#define TRY_ACQUIRE(...) SAMVERKA_THREAD_ATTRIBUTE(try_acquire_capability(__VA_ARGS__))
#define EXCLUDES(...) SAMVERKA_THREAD_ATTRIBUTE(locks_excluded(__VA_ARGS__))
#define NO_THREAD_SAFETY_ANALYSIS SAMVERKA_THREAD_ATTRIBUTE(no_thread_safety_analysis)
