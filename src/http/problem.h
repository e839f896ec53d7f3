// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"
#include "http/request.h"

namespace samverka::http {

// The one place that maps error codes to HTTP statuses.
int status_for(ErrorCode code);

// An RFC 9457 application/problem+json response:
// {"type", "title", "status", "detail", "request_id", "errors": [{"field", "message"}]}.
// A 500 hides its detail from the client and logs it with the request id instead; a 503 says
// when to try again (Retry-After).
Response problem(const Error& error);

// The id of the request the calling thread is answering, "" outside a request. The server
// holds a RequestScope while a handler runs, so problem() and log lines can name the request.
std::string_view current_request_id();
class RequestScope {
 public:
  explicit RequestScope(std::string id);
  ~RequestScope();
  RequestScope(const RequestScope&) = delete;
  RequestScope& operator=(const RequestScope&) = delete;

 private:
  std::string previous_;
};

}  // namespace samverka::http
