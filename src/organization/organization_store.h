// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "organization/organization.h"
#include "storage/database.h"

namespace samverka::catalog::organization_store {

Status insert(storage::Connection& connection, const Organization& organization);
Status update(storage::Connection& connection, const Organization& organization);
Status remove(storage::Connection& connection, const std::string& id);
Result<std::optional<Organization>> find(storage::Connection& connection,
                                         const std::string& id_or_slug);
// Import matching: by Swedish organisation number (ten digits), or by exact Swedish name.
Result<std::optional<Organization>> find_by_org_number(storage::Connection& connection,
                                                       const std::string& org_number);
Result<std::optional<Organization>> find_by_name(storage::Connection& connection,
                                                 const std::string& name_sv);
Result<std::vector<Organization>> list(storage::Connection& connection);
// The id of the organisation named by id or slug; kValidation on the publisher field otherwise.
Result<std::string> resolve_publisher(storage::Connection& connection, const std::string& given);
Result<int64_t> count_datasets(storage::Connection& connection, const std::string& id);

}  // namespace samverka::catalog::organization_store
