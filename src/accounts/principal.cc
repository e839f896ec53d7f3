// SPDX-License-Identifier: Apache-2.0
#include "accounts/principal.h"

namespace samverka::accounts {

const char* role_name(Role role) {
  switch (role) {
    case Role::kAdmin:
      return "admin";
    case Role::kEditor:
      return "editor";
    case Role::kMember:
      return "member";
    case Role::kNone:
      return "none";
  }
  return "none";
}

Role role_from_name(const std::string& name) {
  if (name == "admin") return Role::kAdmin;
  if (name == "editor") return Role::kEditor;
  if (name == "member") return Role::kMember;
  return Role::kNone;
}

}  // namespace samverka::accounts
