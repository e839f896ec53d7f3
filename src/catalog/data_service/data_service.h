// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <boost/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace samverka::catalog {

// A DCAT DataService: an API or endpoint that serves datasets. Public once created; its
// publisher's editors change it. The descriptive fields live in `document` in the API's
// snake_case shape, validated and normalised.
struct DataServiceRecord {
  std::string id;
  std::string publisher_id;
  std::string created;
  std::string record_modified;
  int64_t revision = 0;
  boost::json::object document;
};

// The record in the API's JSON shape: the document's fields with id, publisher, created,
// metadata_modified and revision.
boost::json::object to_json(const DataServiceRecord& record);
// The distinct dataset ids a service document lists in serves_datasets, sorted.
std::vector<std::string> served_dataset_ids(const boost::json::object& document);

struct CheckedDataService {
  boost::json::object document;
  std::string publisher;  // organisation id or slug, as given
  std::vector<FieldError> warnings;
};

// Checks a data service body: title and endpoint_url are mandatory; types, URLs and vocabulary
// values as for datasets; unknown fields refused. kValidation with field errors otherwise.
Result<CheckedDataService> check_data_service(const boost::json::value& body);

}  // namespace samverka::catalog
