// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "http/router.h"

namespace samverka::web {

// The routes of the site itself: / (to the visitor's language), /robots.txt, /static/{file},
// and the 404 page for browsers at any path no route has (API clients keep their JSON 404).
void register_web_routes(http::Router& router);

}  // namespace samverka::web
