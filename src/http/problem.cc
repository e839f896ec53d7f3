// SPDX-License-Identifier: Apache-2.0
#include "http/problem.h"

#include <boost/json.hpp>

#include "core/log.h"
#include "core/text.h"

namespace samverka::http {

int status_for(ErrorCode code) {
  switch (code) {
    case ErrorCode::kBadRequest:
      return 400;
    case ErrorCode::kValidation:
      return 422;
    case ErrorCode::kUnauthenticated:
      return 401;
    case ErrorCode::kForbidden:
      return 403;
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kMethodNotAllowed:
      return 405;
    case ErrorCode::kConflict:
      return 409;
    case ErrorCode::kPreconditionFailed:
      return 412;
    case ErrorCode::kPayloadTooLarge:
      return 413;
    case ErrorCode::kUnsupportedMediaType:
      return 415;
    case ErrorCode::kExpectationFailed:
      return 417;
    case ErrorCode::kNotImplemented:
      return 501;
    case ErrorCode::kUnavailable:
      return 503;
    case ErrorCode::kInternal:
      return 500;
  }
  return 500;
}

namespace {
// Messages often quote what the client sent; whatever it was, the body stays valid JSON of a
// sane size.
std::string echoable(std::string_view message) {
  return text::truncated(text::valid_utf8(message), 2048);
}

const char* title_for(int status) {
  switch (status) {
    case 400:
      return "Bad request";
    case 401:
      return "Authentication required";
    case 403:
      return "Forbidden";
    case 404:
      return "Not found";
    case 405:
      return "Method not allowed";
    case 409:
      return "Conflict";
    case 412:
      return "Precondition failed";
    case 413:
      return "Payload too large";
    case 415:
      return "Unsupported media type";
    case 417:
      return "Expectation failed";
    case 422:
      return "Validation failed";
    case 501:
      return "Not implemented";
    case 503:
      return "Service unavailable";
    default:
      return "Internal error";
  }
}
const char* slug_for(int status) {
  switch (status) {
    case 400:
      return "bad-request";
    case 401:
      return "unauthenticated";
    case 403:
      return "forbidden";
    case 404:
      return "not-found";
    case 405:
      return "method-not-allowed";
    case 409:
      return "conflict";
    case 412:
      return "precondition-failed";
    case 413:
      return "payload-too-large";
    case 415:
      return "unsupported-media-type";
    case 417:
      return "expectation-failed";
    case 422:
      return "validation";
    case 501:
      return "not-implemented";
    case 503:
      return "unavailable";
    default:
      return "internal";
  }
}
}  // namespace

Response problem(const Error& error) {
  int status = status_for(error.code);
  boost::json::object body;
  body["type"] = std::string("https://samverka.se/problems/") + slug_for(status);
  body["title"] = title_for(status);
  body["status"] = status;
  std::string request_id(current_request_id());
  if (status == 500) {
    // Internal details (SQL text and the like) are logged, not sent.
    log::event(log::Level::kError, "internal_error",
               {{"id", request_id.empty() ? "-" : request_id}, {"detail", error.message}});
    body["detail"] =
        request_id.empty()
            ? std::string("an internal error occurred; it has been logged")
            : "an internal error occurred; it has been logged with request id " + request_id;
  } else {
    body["detail"] = echoable(error.message);
  }
  if (!request_id.empty()) body["request_id"] = request_id;
  boost::json::array errors;
  constexpr size_t kMostErrors = 200;
  for (const auto& field_error : error.details) {
    if (errors.size() == kMostErrors) {
      errors.push_back(boost::json::object{
          {"field", ""},
          {"message", std::to_string(error.details.size() - kMostErrors) + " more errors"}});
      break;
    }
    errors.push_back(boost::json::object{{"field", echoable(field_error.field)},
                                         {"message", echoable(field_error.message)}});
  }
  body["errors"] = std::move(errors);
  Response response;
  response.status = status;
  response.content_type = "application/problem+json";
  response.body = boost::json::serialize(body);
  if (status == 401) response.set_header("WWW-Authenticate", "Bearer realm=\"samverka\"");
  if (status == 503) response.set_header("Retry-After", "1");
  return response;
}

namespace {
thread_local std::string request_id_of_thread;
}  // namespace

std::string_view current_request_id() { return request_id_of_thread; }

RequestScope::RequestScope(std::string id) : previous_(std::move(request_id_of_thread)) {
  request_id_of_thread = std::move(id);
}
RequestScope::~RequestScope() { request_id_of_thread = std::move(previous_); }

}  // namespace samverka::http
