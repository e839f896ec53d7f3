// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <boost/json.hpp>
#include <map>
#include <string>
#include <vector>

#include "accounts/principal.h"
#include "catalog/dcat/dcat_reader.h"
#include "core/result.h"
#include "organization/organization_service.h"
#include "storage/database.h"

namespace samverka::catalog::importing {

// The organisation a file's publisher stands for, found or created.
class PublisherResolver {
 public:
  PublisherResolver(OrganizationService& organizations, const accounts::Principal& principal,
                    const std::map<std::string, ImportedPublisher>& publishers)
      : organizations_(organizations), principal_(principal), publishers_(publishers) {}

  // The id of the organisation the file's publisher `key` stands for: the one given, one found
  // by organisation number or Swedish name, or (sysadmins only) one created from the file's
  // description of it, inside the import's transaction.
  Result<std::string> resolve(storage::Connection& connection, const std::string& key);

  // A dataset's savepoint was rolled back: forget the organisations created inside it.
  void rolled_back();
  // A dataset was stored: the organisations created for it stay.
  void kept() { created_now_.clear(); }
  // {id, slug, name} of each organisation created, for the report.
  const boost::json::array& created() const { return created_; }

 private:
  OrganizationService& organizations_;
  const accounts::Principal& principal_;
  const std::map<std::string, ImportedPublisher>& publishers_;
  std::map<std::string, std::string> resolved_;
  std::vector<std::string> created_now_;
  boost::json::array created_;
};

}  // namespace samverka::catalog::importing
