// SPDX-License-Identifier: Apache-2.0
// A DCAT-US data.json catalogue (versions 1.1 and 3.0) as a harvest source: one JSON document
// whose `dataset` array is mapped for the import.
#pragma once

#include <boost/json.hpp>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/dcat/dcat_reader.h"
#include "core/result.h"

namespace samverka::harvest {

struct DataJsonCatalog {
  std::string url;      // where it was read, for the IRIs of datasets that name none
  std::string version;  // "1.1" or "3.0"
  std::vector<boost::json::object> datasets;
  std::vector<std::string> notes;  // read liberally, left out
};

// Reads a data.json document: an object with a `dataset` array (or, as DCAT-US 1.0 had it, the
// array alone). Not JSON, or no dataset array: an error that says so.
Result<DataJsonCatalog> read_datajson(std::string_view body, const std::string& url);

// The datasets as import records (docs/harvest.md, "data.json sources"): a dataset is its
// `@id`, else its `identifier` when that is an http(s) IRI, else the source URL with
// "#identifier"; its publisher is its `publisher`'s name. Values DCAT-AP-SE has no place for
// (bureauCode, programCode ...) are left out with a warning on the dataset.
class DataJsonRecords final : public catalog::ImportRecords {
 public:
  explicit DataJsonRecords(DataJsonCatalog catalog);
  size_t size() const override { return catalog_.datasets.size(); }
  catalog::ImportedDataset dataset(size_t index) override;
  size_t data_service_count() const override { return 0; }
  catalog::ImportedDataService data_service(size_t) override { return {}; }
  const std::map<std::string, catalog::ImportedPublisher>& publishers() const override {
    return publishers_;
  }
  std::vector<std::string> notes() const override { return catalog_.notes; }

 private:
  DataJsonCatalog catalog_;
  std::map<std::string, catalog::ImportedPublisher> publishers_;
};

}  // namespace samverka::harvest
