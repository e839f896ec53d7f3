// SPDX-License-Identifier: Apache-2.0
// A real runtime (SQLite catalogue, job database, Xapian index) in a temporary folder, with the
// server's route table, for the fuzz targets that go through the router. Opened once per
// process; removed at exit. No thread is started: the job workers and the indexer stay stopped,
// and the index is brought up to date on the calling thread.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <memory>

#include "app/demo.h"
#include "app/runtime.h"
#include "fuzz_support.h"

namespace samverka::fuzz {

struct FuzzRuntime {
  std::filesystem::path directory;
  std::unique_ptr<app::Runtime> runtime;
  std::unique_ptr<app::Routes> routes;
};

namespace detail {
inline FuzzRuntime*& current_runtime() {
  static FuzzRuntime* runtime = nullptr;
  return runtime;
}
inline void close_runtime() {
  FuzzRuntime* runtime = current_runtime();
  if (runtime == nullptr) return;
  current_runtime() = nullptr;
  runtime->routes.reset();  // the routes hold references into the runtime
  runtime->runtime.reset();
  remove_directory(runtime->directory);
  delete runtime;
}
}  // namespace detail

// The process's runtime, opened on first use with `demo_datasets` demo datasets (0: an empty
// catalogue) and its search index caught up.
inline FuzzRuntime& fuzz_runtime(const char* target, int demo_datasets) {
  if (FuzzRuntime* existing = detail::current_runtime()) return *existing;
  auto* fuzz = new FuzzRuntime;
  fuzz->directory = make_temp_directory(target);
  detail::current_runtime() = fuzz;
  std::atexit(detail::close_runtime);
  auto opened = app::open_runtime(fuzz->directory / "data", app::OpenMode::kCreate);
  if (!opened.ok()) {
    std::fprintf(stderr, "cannot open a runtime: %s\n", opened.error().message.c_str());
    std::abort();
  }
  fuzz->runtime = std::move(opened).value();
  fuzz->runtime->set_base_url("https://fuzz.example");
  if (demo_datasets > 0) {
    Status loaded = app::load_demo(*fuzz->runtime->organizations, *fuzz->runtime->datasets,
                                   demo_datasets, [](int, int) {});
    require(loaded.ok(), "the demo catalogue loads");
  }
  require(fuzz->runtime->indexer->catch_up().ok(), "the search index catches up");
  fuzz->routes = app::build_routes(*fuzz->runtime);
  return *fuzz;
}

}  // namespace samverka::fuzz
