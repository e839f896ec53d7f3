// SPDX-License-Identifier: Apache-2.0
// A CKAN portal as a harvest source: its public packages, paged through package_search with a
// stable sort, mapped for the import as CKAN's own DCAT extension maps them.
#pragma once

#include <boost/json.hpp>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "catalog/dcat/dcat_reader.h"
#include "core/result.h"
#include "net/fetch.h"

namespace samverka::harvest {

// The portal's own address from a source URL: https://ckan.example.se, given as that or with
// /api, /api/3 or /api/3/action after it (and any query left out).
std::string ckan_portal(const std::string& url);

struct CkanPackages {
  std::string portal;
  std::vector<boost::json::object> packages;
  size_t pages = 0;
  std::vector<std::string> notes;  // answers read liberally, packages left out
};

// Every public package of the portal: package_search?rows=1000&start=N&sort=id asc until a page
// comes back empty or `count` is reached, at most 10,000 pages, all pages within
// options.max_bytes. A page that cannot be fetched, or that is not CKAN's answer
// ({"success": true, "result": {"count", "results"}}), is an error that names it.
Result<CkanPackages> fetch_ckan_packages(const std::string& url, const net::FetchOptions& options,
                                         const std::function<bool()>& cancelled);

// The packages as import records (docs/harvest.md, "CKAN sources"): a package is its extra
// `uri` when that is an http(s) IRI, else the portal's page of it (PORTAL/dataset/ID); its
// organisation is its publisher. What CKAN's dict holds and the model has no place for (other
// extras, groups that are not EU data themes) is left out with a warning on the dataset.
class CkanRecords final : public catalog::ImportRecords {
 public:
  explicit CkanRecords(CkanPackages packages);
  size_t size() const override { return packages_.packages.size(); }
  catalog::ImportedDataset dataset(size_t index) override;
  size_t data_service_count() const override { return 0; }
  catalog::ImportedDataService data_service(size_t) override { return {}; }
  const std::map<std::string, catalog::ImportedPublisher>& publishers() const override {
    return publishers_;
  }
  std::vector<std::string> notes() const override { return packages_.notes; }

 private:
  CkanPackages packages_;
  std::map<std::string, catalog::ImportedPublisher> publishers_;
};

}  // namespace samverka::harvest
