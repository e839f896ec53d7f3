// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "accounts/principal.h"
#include "core/result.h"
#include "storage/database.h"

namespace samverka::accounts {

struct SessionOptions {
  int64_t lifetime_seconds = 12 * 3600;  // a session ends this long after sign-in
  // Failed attempts on one login within failure_window: from slow_after on, each attempt
  // waits at least 1, 2, 4 ... (at most 60) whole seconds after the last failure was answered;
  // at lock_after the login is locked
  // for lock_seconds, whatever password comes.
  int64_t failure_window_seconds = 15 * 60;
  int slow_after = 3;
  int lock_after = 10;
  int64_t lock_seconds = 15 * 60;
};

struct SignIn {
  enum class Outcome { kSignedIn, kWrong, kSlowDown, kLocked };
  Outcome outcome = Outcome::kWrong;
  int64_t retry_after = 0;  // seconds, for kSlowDown and kLocked
  std::string secret;       // the session's cookie value, for kSignedIn; only its hash is kept
  Principal principal;
};

// The portal's sign-in sessions (the JSON API takes tokens, not sessions). Secrets are 256
// random bits; the database keeps their hashes. Attempts are counted per login (hashed) before
// the password is checked, so parallel guesses count too, and a login that names no user is
// throttled the same as one that does. Thread-safe.
class SessionService {
 public:
  explicit SessionService(storage::Database& database, SessionOptions options = {})
      : database_(database), options_(options) {}

  // login: a user name or an e-mail address.
  Result<SignIn> sign_in(std::string_view login, std::string_view password);
  // The principal of a live session; nothing for an unknown or expired one.
  Result<std::optional<Principal>> principal(std::string_view secret);
  Status sign_out(std::string_view secret);
  // Ends every session of the user (after a password change, or from the account page).
  Status sign_out_everywhere(const std::string& user_id);

  // The CSRF token of forms in a session, derived from its secret (so not stored).
  static std::string csrf_token(std::string_view secret);

 private:
  storage::Database& database_;
  SessionOptions options_;
};

}  // namespace samverka::accounts
