// SPDX-License-Identifier: Apache-2.0
#include "accounts/session_service.h"

#include <algorithm>

#include "accounts/account_store.h"
#include "accounts/password.h"
#include "core/clock.h"
#include "core/ids.h"
#include "core/text.h"

namespace samverka::accounts {

namespace {
std::string login_hash(std::string_view login) {
  return ids::hash_hex("sign-in:" + text::ascii_lower(login));
}

// A hash to check a password against when the login names no user, so that the answer takes
// as long as for a real user and does not tell which logins exist.
const std::string& decoy_hash() {
  static const std::string hash = [] {
    auto made = hash_password(ids::random_hex(16));
    return made.ok() ? *made : std::string();
  }();
  return hash;
}

}  // namespace

Result<SignIn> SessionService::sign_in(std::string_view login, std::string_view password) {
  SignIn result;
  const std::string key = login_hash(login);
  const int64_t now = clock::now_seconds();
  // Count the attempt as failed before checking it; success clears the count.
  TRY(database_.write([&](storage::Connection& connection) -> Status {
    auto failures = TRY(account_store::failures_of(connection, key));
    if (failures.locked_until > now) {
      result.outcome = SignIn::Outcome::kLocked;
      result.retry_after = failures.locked_until - now;
      return {};
    }
    if (failures.last_failure + options_.failure_window_seconds <= now) failures = {};
    if (failures.failures >= options_.slow_after) {
      int64_t wait = int64_t{1} << std::min<int64_t>(failures.failures - options_.slow_after, 6);
      wait = std::min<int64_t>(wait, 60);
      // At least `wait` whole seconds: times are counted in seconds, so the second of the last
      // failure does not count.
      if (now <= failures.last_failure + wait) {
        result.outcome = SignIn::Outcome::kSlowDown;
        result.retry_after = failures.last_failure + wait + 1 - now;
        return {};
      }
    }
    TRY(account_store::delete_stale_failures(connection, now - options_.failure_window_seconds,
                                             now));
    failures.failures += 1;
    failures.last_failure = now;
    if (failures.failures >= options_.lock_after) {
      failures.locked_until = now + options_.lock_seconds;
    }
    return account_store::put_failures(connection, key, failures);
  }));
  if (result.outcome == SignIn::Outcome::kLocked || result.outcome == SignIn::Outcome::kSlowDown) {
    return result;
  }
  auto candidates = TRY(database_.read([&](storage::Connection& connection) {
    return account_store::credentials_for(connection, std::string(login));
  }));
  const User* user = nullptr;
  for (const auto& candidate : candidates) {
    if (!candidate.password_hash.empty() && verify_password(password, candidate.password_hash)) {
      user = &candidate.user;
      break;
    }
  }
  if (user == nullptr) {
    if (candidates.empty()) verify_password(password, decoy_hash());
    // The wait runs from the answer, not from the start of a check that took its time.
    TRY(database_.write([&](storage::Connection& connection) {
      return account_store::touch_failure(connection, key, clock::now_seconds());
    }));
    result.outcome = SignIn::Outcome::kWrong;
    return result;
  }
  result.secret = ids::random_hex(32);
  TRY(database_.write([&](storage::Connection& connection) -> Status {
    TRY(account_store::clear_failures(connection, key));
    TRY(account_store::delete_expired_sessions(connection, now));
    TRY(account_store::insert_session(connection, ids::hash_hex(result.secret), user->id,
                                      clock::now_iso(), now + options_.lifetime_seconds));
    result.principal = TRY(account_store::principal_of_user(connection, *user));
    return {};
  }));
  result.outcome = SignIn::Outcome::kSignedIn;
  return result;
}

Result<std::optional<Principal>> SessionService::principal(std::string_view secret) {
  if (secret.size() != 64) return std::optional<Principal>();
  std::string hash = ids::hash_hex(secret);
  return database_.read([&](storage::Connection& connection) -> Result<std::optional<Principal>> {
    auto owner = TRY(account_store::find_session_owner(connection, hash));
    if (!owner || owner->expires <= clock::now_seconds()) return std::optional<Principal>();
    return std::optional<Principal>(TRY(account_store::principal_of_user(connection, owner->user)));
  });
}

Status SessionService::sign_out(std::string_view secret) {
  std::string hash = ids::hash_hex(secret);
  return database_.write([&](storage::Connection& connection) {
    return account_store::delete_session(connection, hash);
  });
}

Status SessionService::sign_out_everywhere(const std::string& user_id) {
  return database_.write([&](storage::Connection& connection) {
    return account_store::delete_sessions_of(connection, user_id);
  });
}

std::string SessionService::csrf_token(std::string_view secret) {
  return ids::hash_hex("csrf:" + std::string(secret));
}

}  // namespace samverka::accounts
