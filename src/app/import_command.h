// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <functional>
#include <string>

#include "accounts/principal.h"
#include "app/runtime.h"

namespace samverka::app {

// `samverka import FILE-or-URL`: reads the file (or fetches the URL with the outbound-fetch
// bounds), imports it and prints the report: a line per dataset with its errors (and warnings
// when verbose) and a summary, or the whole JSON report. Exit status: 0 when every dataset was
// imported (or a dry run found nothing to reject), 2 when --partial kept some and rejected others,
// 1 otherwise (nothing written).
int run_import(Runtime& runtime, const accounts::Principal& principal, const std::string& source,
               const std::string& format, const std::string& publisher, bool dry_run, bool partial,
               bool json, bool verbose, const std::function<void(int64_t, int64_t)>& progress);

}  // namespace samverka::app
