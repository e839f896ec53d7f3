// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/result.h"
#include "storage/database.h"

namespace samverka::quality {

// What one check of a URL saw.
struct LinkCheck {
  std::string url;
  int64_t status = 0;  // HTTP status; 0 when nothing answered
  bool reachable = false;
  std::string error;      // why nothing answered
  std::string final_url;  // after redirects
  std::string content_type;
  std::optional<int64_t> content_length;
  std::string method;  // HEAD or GET
  std::string checked;
  int64_t streak = 1;  // checks in a row with the same outcome, this one included
  std::string next_check;
};

// A score of the catalogue (scope "") or of a publisher (its organisation id) at a time.
struct ScoreRecord {
  std::string scope;
  std::string scored;
  int64_t datasets = 0;
  std::string summary;  // ScoreSum::to_json
};

// A dataset's score at a time: its points in tenths and each dimension's ({name: points}, JSON).
struct DatasetScoreRecord {
  std::string dataset_id;
  std::string scored;
  int64_t tenths = 0;
  std::string dimensions;
};

namespace quality_store {

// Records a check: the URL's latest state, and its history (the last `keep` checks).
Status put_link(storage::Connection& connection, const LinkCheck& check, int keep);
// The latest check of every URL checked (a catalogue has tens of thousands, not millions).
Result<std::unordered_map<std::string, LinkCheck>> links(storage::Connection& connection);
Result<std::optional<LinkCheck>> link(storage::Connection& connection, const std::string& url);
// Newest first.
Result<std::vector<LinkCheck>> link_history(storage::Connection& connection, const std::string& url,
                                            int limit);

Status insert_score(storage::Connection& connection, const ScoreRecord& score);
Result<std::optional<ScoreRecord>> latest_score(storage::Connection& connection,
                                                const std::string& scope);
// Newest first.
Result<std::vector<ScoreRecord>> score_history(storage::Connection& connection,
                                               const std::string& scope, int limit);

// Every dataset's latest stored score: dataset id to (tenths, dimensions).
Result<std::unordered_map<std::string, std::pair<int64_t, std::string>>> latest_dataset_scores(
    storage::Connection& connection);
// Adds a dataset's score and keeps its last `keep`.
Status put_dataset_score(storage::Connection& connection, const DatasetScoreRecord& score,
                         int keep);
// Drops the scores of datasets no longer in the catalogue.
Status forget_deleted_datasets(storage::Connection& connection);
// Newest first.
Result<std::vector<DatasetScoreRecord>> dataset_score_history(storage::Connection& connection,
                                                              const std::string& dataset_id,
                                                              int limit);

}  // namespace quality_store
}  // namespace samverka::quality
