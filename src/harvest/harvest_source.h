// SPDX-License-Identifier: Apache-2.0
// Harvest sources: a publisher's own catalogue at a URL, fetched into the national one; and the
// runs that fetched it.
#pragma once

#include <boost/json.hpp>
#include <optional>
#include <string>

#include "core/result.h"

namespace samverka::harvest {

struct HarvestSource {
  std::string id;
  std::string name;
  std::string url;
  std::string type = "dcat";  // dcat: DCAT-AP RDF in any serialisation
  // The organisation every dataset of the source is published by; none: each record's own
  // dct:publisher decides.
  std::optional<std::string> publisher_id;
  std::string schedule = "daily 04:00";  // "daily HH:MM" (UTC) or "every N hours"
  bool enabled = true;
  int64_t priority = 0;  // higher wins when two sources describe the same dataset
  std::string created;
  std::string modified;
  int64_t revision = 1;
  // The validators of the last fetch that was applied, for a conditional GET next time.
  std::string etag;
  std::string last_modified;
};

// A run: one fetch of a source and what it did. Its id is its job's and its import report's.
struct HarvestRun {
  std::string id;
  std::string source_id;
  std::string started;
  std::optional<std::string> finished;
  // queued; running; applied or partial (the import's); unchanged (the source answered 304);
  // failed; cancelled.
  std::string status = "running";
  std::string message;
  boost::json::object summary;  // the import report's counts
};

// A dataset a source brought into the catalogue. A dataset belongs to one source at a time
// (priorities decide between two that describe it).
struct HarvestedDataset {
  std::string dataset_id;
  std::string source_id;
  std::string iri;
  int64_t revision = 0;       // the dataset's revision as the last run left it
  std::string fingerprint;    // of the checked record the last run stored (the import's)
  int64_t missed_runs = 0;    // successful runs in a row that did not see it
  std::string last_seen_run;  // the last run that stored it (not one that passed it over)
};

// {id, name, url, type, publisher, schedule, enabled, priority, created, modified, revision}
boost::json::object to_json(const HarvestSource& source);
// {id, source, started, finished, status, message, summary, report}
boost::json::object to_json(const HarvestRun& run);

// A source body as the API takes it: name and url are required; type dcat; publisher an
// organisation id or slug (resolved by the service); schedule "daily HH:MM" or "every N hours"
// (1 to 168); enabled true/false; priority -1000 to 1000. Unknown fields are refused.
struct CheckedSource {
  HarvestSource source;
  std::optional<std::string> publisher;  // as given
  bool publisher_given = false;          // null clears it
};
Result<CheckedSource> check_source(const boost::json::value& body, const HarvestSource& base);

}  // namespace samverka::harvest
