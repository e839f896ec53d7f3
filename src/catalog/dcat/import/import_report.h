// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <boost/json.hpp>
#include <string>
#include <vector>

#include "catalog/dcat/import/import_check.h"

// Reporting: what an import did, dataset by dataset, with a summary (docs/dcat-mapping.md,
// "Import").
namespace samverka::catalog::importing {

struct ReportParts {
  std::string id;
  std::string status;  // applied, partial, failed, dry_run
  std::string source;
  std::string publisher_id;  // "" unless one publisher was given for the whole file
  size_t rejected = 0;
  std::vector<Candidate>& candidates;  // emptied of their errors and warnings on the way
  std::vector<ServiceCandidate>& services;
  const boost::json::array& organizations_created;
  std::vector<std::string> notes;  // the reader's notes on the file
};

boost::json::object build_report(ReportParts parts);

}  // namespace samverka::catalog::importing
