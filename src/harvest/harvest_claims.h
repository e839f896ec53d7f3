// SPDX-License-Identifier: Apache-2.0
// What one run of a source may do to the catalogue's datasets: which stored datasets it may
// replace (priorities between sources), which it now holds, and which it withdraws because
// they vanished from it.
#pragma once

#include <string>
#include <unordered_map>

#include "accounts/principal.h"
#include "catalog/dataset/dataset_service.h"
#include "catalog/dcat/import/import_service.h"
#include "harvest/harvest_source.h"

namespace samverka::harvest {

struct WithdrawalRules {
  // A dataset missing from this many successful runs in a row is withdrawn.
  int after_runs = 1;
  // A run in which more than this share of the source's datasets would vanish withdraws none
  // and says so: a source that suddenly answers with an empty catalogue is broken, not empty.
  int max_vanished_percent = 50;
  // Set for a run that could not read all of its source (a sub-catalogue failed): it withdraws
  // nothing, and its notes say why.
  std::string incomplete;
};

// The import hooks of one run of `source`:
// - a stored dataset that another source holds is left as it is when that source's priority
//   is higher, or equal (the first keeps it); a lower one gives it up, and the report says so;
// - every dataset stored or found unchanged is held by this source from now on; the report
//   names the fields whose edits made here since the last run the source's values replaced;
// - datasets held by this source and missing from the file are withdrawn by the rules above;
//   the report's summary counts `vanished` and `withdrawn`, and lists those withdrawn.
// - a dataset that `stored` (harvest_store::unchanged_since_stored) holds with the same
//   fingerprint is passed over as unchanged: a run costs little for what did not change.
catalog::ImportHooks claim_hooks(const HarvestSource& source, const std::string& run_id,
                                 catalog::DatasetService& datasets,
                                 const accounts::Principal& harvester, WithdrawalRules rules,
                                 std::unordered_map<std::string, catalog::StoredDataset> stored);

}  // namespace samverka::harvest
