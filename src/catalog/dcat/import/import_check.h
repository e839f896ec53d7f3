// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <boost/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "catalog/data_service/data_service_service.h"
#include "catalog/dataset/dataset_rules.h"
#include "catalog/dcat/dcat_reader.h"
#include "core/result.h"

// Checking: each dataset and data service of an imported file against the catalogue's rules,
// before anything is stored.
namespace samverka::catalog::importing {

// One dataset of the file on its way into the catalogue.
struct Candidate {
  ImportedDataset* source = nullptr;
  std::optional<CheckedDataset> checked;
  std::vector<FieldError> errors;                // mandatory properties missing (kept as a draft)
  std::vector<FieldError> warnings;              // values left out or read liberally
  std::vector<std::string> missing_recommended;  // fields the rules recommend and the file lacks
  std::string rejected;                          // why it cannot be stored at all
  std::vector<FieldError> rejected_details;
  std::string title;
  std::string outcome;      // created, updated, unchanged, draft, skipped, rejected
  std::string skipped;      // why a stored dataset was left as it was (another source has it)
  std::string fingerprint;  // of the checked record, when the import's hooks ask for one
  std::string id;
  std::string slug;
};

// A data service of the file on its way into the catalogue.
struct ServiceCandidate {
  ImportedDataService source;
  std::string outcome;  // created, updated, unchanged, rejected
  std::string id;
  std::string reason;
  std::vector<FieldError> errors;
  std::vector<FieldError> warnings;
};

// Checks a mapped body with the catalogue's rules: as published (most datasets pass at once);
// otherwise as a draft, leaving out each value the syntax rules refuse, then as published
// again; a dataset that fails only the mandatory rules stays a draft with those failures as its
// errors. Thread-safe (the import checks on a thread of its own).
void check(Candidate& candidate);

// Checks a data service body with the catalogue's rules, leaving out each value they refuse;
// one that lacks a title or an endpoint cannot be stored (data services have no drafts).
Result<CheckedDataService> check_service(boost::json::value body,
                                         std::vector<FieldError>& warnings);

// The Swedish title of a mapped body (else any), for reports.
std::string title_of(const boost::json::object& body);
// Moves the errors into JSON (a large import's report would otherwise hold them twice).
boost::json::array to_json(std::vector<FieldError>&& errors);
// "distributions[3].license" -> "distributions[].license", to count fields across datasets.
std::string without_indexes(const std::string& field);

}  // namespace samverka::catalog::importing
