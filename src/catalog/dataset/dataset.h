// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <boost/json.hpp>
#include <string>
#include <vector>

#include "core/result.h"

namespace samverka::catalog {

namespace bj = boost::json;

// A dataset's life: drafts may be incomplete; published ones meet every mandatory rule of
// DCAT-AP-SE 3.0.1; withdrawn ones are soft-deleted and visible only to their organisation.
enum class DatasetState { kDraft, kPublished, kWithdrawn };
const char* state_name(DatasetState state);
bool parse_state(std::string_view text, DatasetState& state);

// A stored dataset. The descriptive DCAT-AP-SE fields live in `document`, a JSON object in the
// API's snake_case shape (title, description, distributions ...), already validated and
// normalised (vocabulary values as codes, licences as IRIs). The columns beside it are what the
// catalogue itself manages.
struct DatasetRecord {
  std::string id;  // UUID
  std::string slug;
  std::string publisher_id;  // organisation id
  DatasetState state = DatasetState::kDraft;
  bool is_private = false;
  std::string created;          // RFC 3339, set once
  std::string record_modified;  // RFC 3339, every change of the record
  int64_t revision = 0;         // +1 on every change; the ETag
  bj::object document;
};

// The record in the API's JSON shape: the document's fields with id, slug, publisher, state,
// private, created, metadata_modified and revision.
boost::json::object to_json(const DatasetRecord& record);

// Fields the server manages; clients may send them back unchanged (they are ignored).
inline constexpr const char* kDatasetServerFields[] = {"id",       "created",  "metadata_modified",
                                                       "revision", "warnings", "publisher_slug"};

}  // namespace samverka::catalog
