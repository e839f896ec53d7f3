// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <map>
#include <string>

namespace samverka::accounts {

// Roles inside one organisation, weakest first; a stronger role can do all a weaker one can.
enum class Role { kNone = 0, kMember = 1, kEditor = 2, kAdmin = 3 };

const char* role_name(Role role);
Role role_from_name(const std::string& name);  // kNone when unknown

// Who is calling. Anonymous callers have an empty user_id. Services decide what a principal
// may do; the transport only establishes who it is.
struct Principal {
  std::string user_id;
  std::string user_name;
  bool sysadmin = false;
  std::map<std::string, Role> roles;  // organisation id -> role

  bool authenticated() const { return !user_id.empty(); }
  Role role_in(const std::string& organization_id) const {
    if (sysadmin) return Role::kAdmin;
    auto found = roles.find(organization_id);
    return found == roles.end() ? Role::kNone : found->second;
  }
  bool at_least(const std::string& organization_id, Role role) const {
    return sysadmin || role_in(organization_id) >= role;
  }
};

}  // namespace samverka::accounts
