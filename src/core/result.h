// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace samverka {

// What went wrong, in terms a client can act on. The HTTP layer maps each code to one status
// in http/problem.cc; nothing else decides statuses.
enum class ErrorCode {
  kBadRequest,       // malformed input: not JSON, wrong shape, bad query parameter
  kValidation,       // well-formed but breaks a rule; details name the fields
  kUnauthenticated,  // no valid credentials where they are needed
  kForbidden,        // authenticated but not allowed
  kNotFound,
  kMethodNotAllowed,
  kConflict,            // colliding slug, name or identifier
  kPreconditionFailed,  // If-Match no longer matches
  kPayloadTooLarge,
  kUnsupportedMediaType,
  kExpectationFailed,  // an Expect header other than 100-continue
  kNotImplemented,     // a feature of HTTP the server does not have (a transfer coding)
  kUnavailable,        // a dependency (database) cannot serve now
  kInternal,
};

struct FieldError {
  std::string field;
  std::string message;
};

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  std::vector<FieldError> details;
  // For a kConflict from storage: the unique constraint that was violated, as "table.column"
  // (columns joined by ','), so that services can tell a taken slug from a taken identifier
  // without reading a database's message text.
  std::string constraint;
};

inline Error make_error(ErrorCode code, std::string message, std::vector<FieldError> details = {}) {
  return Error{code, std::move(message), std::move(details), {}};
}

// Result<T> holds either a value or an Error. Expected failures travel as values; callers
// return early with TRY.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}      // NOLINT: implicit by design
  Result(Error error) : state_(std::move(error)) {}  // NOLINT

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(state_); }
  const T& value() const& { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() { return value(); }
  const Error& error() const& { return std::get<1>(state_); }
  Error&& error() && { return std::get<1>(std::move(state_)); }

 private:
  std::variant<T, Error> state_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  void value() const {}
  const Error& error() const& { return error_; }
  Error&& error() && { return std::move(error_); }

 private:
  Error error_;
  bool ok_ = true;
};

using Status = Result<void>;

}  // namespace samverka

// TRY(expr): evaluates a Result; on error returns the error from the enclosing function,
// otherwise yields the value. Uses a GNU statement expression (g++ and clang both have it).
#define TRY(expr)                                                 \
  ({                                                              \
    auto&& try_result_ = (expr);                                  \
    if (!try_result_.ok()) return std::move(try_result_).error(); \
    std::move(try_result_).value();                               \
  })
