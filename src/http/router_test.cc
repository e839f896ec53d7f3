// SPDX-License-Identifier: Apache-2.0
#include "http/router.h"

#include <gtest/gtest.h>

#include "http/problem.h"

namespace samverka::http {
namespace {

Response named(const char* name) {
  Response response;
  response.body = name;
  return response;
}

TEST(Router, MatchesLiteralAndParameterSegments) {
  Router router;
  router.add("GET", "/api/v1/datasets", [](Request&) { return named("list"); });
  router.add("GET", "/api/v1/datasets/{id}", [](Request&) { return named("show"); });
  router.add("GET", "/api/v1/datasets/{id}/activity", [](Request&) { return named("activity"); });
  router.add("DELETE", "/api/v1/datasets/{id}", [](Request&) { return named("delete"); });

  struct Case {
    const char* method;
    const char* path;
    const char* body;
    const char* id;
  };
  const Case cases[] = {
      {"GET", "/api/v1/datasets", "list", ""},
      {"GET", "/api/v1/datasets/abc", "show", "abc"},
      {"HEAD", "/api/v1/datasets/abc", "show", "abc"},
      {"DELETE", "/api/v1/datasets/abc", "delete", "abc"},
      {"GET", "/api/v1/datasets/abc/activity", "activity", "abc"},
  };
  for (const auto& test_case : cases) {
    Request request;
    request.method = test_case.method;
    request.path = test_case.path;
    auto handler = router.match(request);
    ASSERT_TRUE(handler.ok()) << test_case.path;
    EXPECT_EQ((*handler.value())(request).body, test_case.body);
    EXPECT_EQ(request.param("id"), test_case.id);
  }
}

TEST(Router, DistinguishesNotFoundFromMethodNotAllowed) {
  Router router;
  router.add("GET", "/a/{id}", [](Request&) { return named("a"); });
  Request request;
  request.method = "GET";
  request.path = "/b/1";
  EXPECT_EQ(router.match(request).error().code, ErrorCode::kNotFound);
  request.path = "/a/";
  EXPECT_EQ(router.match(request).error().code, ErrorCode::kNotFound);
  request.method = "PUT";
  request.path = "/a/1";
  auto result = router.match(request);
  EXPECT_EQ(result.error().code, ErrorCode::kMethodNotAllowed);
  EXPECT_NE(result.error().message.find("GET"), std::string::npos);
}

TEST(Router, AnEncodedSlashStaysInsideItsSegment) {
  Router router;
  router.add("GET", "/api/v1/datasets/{id}", [](Request&) { return named("show"); });
  router.add("GET", "/api/v1/datasets/{id}/activity", [](Request&) { return named("activity"); });
  Request request;
  request.method = "GET";
  request.path = "/api/v1/datasets/a/activity";  // decoded from /api/v1/datasets/a%2Factivity
  request.segments = {"api", "v1", "datasets", "a/activity"};
  auto handler = router.match(request);
  ASSERT_TRUE(handler.ok());
  EXPECT_EQ((*handler.value())(request).body, "show");
  EXPECT_EQ(request.param("id"), "a/activity");
}

TEST(Problem, EchoedInputStaysValidUtf8AndBounded) {
  Response response = problem(
      make_error(ErrorCode::kNotFound, "no resource at /\xff\xfe" + std::string(100000, 'x')));
  EXPECT_EQ(response.body.find('\xff'), std::string::npos);
  EXPECT_NE(response.body.find("\xEF\xBF\xBD"), std::string::npos);
  EXPECT_LT(response.body.size(), 4000u);
  EXPECT_NE(response.body.find("more bytes)"), std::string::npos);
}

TEST(Problem, MapsEveryCodeToA4xxOr5xx) {
  struct Case {
    ErrorCode code;
    int status;
  };
  const Case cases[] = {{ErrorCode::kBadRequest, 400},
                        {ErrorCode::kValidation, 422},
                        {ErrorCode::kUnauthenticated, 401},
                        {ErrorCode::kForbidden, 403},
                        {ErrorCode::kNotFound, 404},
                        {ErrorCode::kConflict, 409},
                        {ErrorCode::kPreconditionFailed, 412},
                        {ErrorCode::kPayloadTooLarge, 413},
                        {ErrorCode::kExpectationFailed, 417},
                        {ErrorCode::kNotImplemented, 501},
                        {ErrorCode::kInternal, 500}};
  for (const auto& test_case : cases) {
    Response response = problem(make_error(test_case.code, "x", {{"title", "missing"}}));
    EXPECT_EQ(response.status, test_case.status);
    EXPECT_EQ(response.content_type, "application/problem+json");
    EXPECT_NE(response.body.find("\"field\":\"title\""), std::string::npos);
  }
}

}  // namespace
}  // namespace samverka::http
