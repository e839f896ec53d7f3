// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.h"
#include "http/request.h"

namespace samverka::http {

// The one place that maps error codes to HTTP statuses.
int status_for(ErrorCode code);

// An RFC 9457 application/problem+json response:
// {"type", "title", "status", "detail", "errors": [{"field", "message"}]}.
Response problem(const Error& error);

}  // namespace samverka::http
