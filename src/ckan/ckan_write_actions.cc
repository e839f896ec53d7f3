// SPDX-License-Identifier: Apache-2.0
// The writing actions: packages, resources, organisations and members, through the same
// services, rules and roles as /api/v1.
#include "ckan/ckan_action.h"

namespace samverka::ckan {

const std::vector<ActionEntry>& write_actions() {
  static const std::vector<ActionEntry> kActions = {};
  return kActions;
}

}  // namespace samverka::ckan
