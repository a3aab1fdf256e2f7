// One error type for every module boundary: a kind the HTTP layer maps to a status, a message
// for people, and where relevant the field or the rule that was broken.
#pragma once

#include <string>
#include <utility>

#include <tl/expected.hpp>

namespace zt {

enum class ErrorKind {
  kInvalidInput,     // 400: malformed or out-of-range input
  kUnauthenticated,  // 401: no or expired credentials
  kForbidden,        // 403: authenticated but not allowed
  kNotFound,         // 404
  kConflict,         // 409: duplicate or stale state
  kRuleViolation,    // 422: a domain rule refuses the change; `rule` names it
  kTooLarge,         // 413
  kTooMany,          // 429: throttled (e.g. login attempts)
  kUnavailable,      // 503: a dependency (database) is down
  kInternal,         // 500
};

struct Error {
  ErrorKind kind = ErrorKind::kInternal;
  std::string message;
  std::string field;  // the input field at fault, if any
  std::string rule;   // the rule broken, for kRuleViolation

  static Error invalid(std::string msg, std::string field = {}) {
    return {ErrorKind::kInvalidInput, std::move(msg), std::move(field), {}};
  }
  static Error not_found(std::string msg) { return {ErrorKind::kNotFound, std::move(msg), {}, {}}; }
  static Error forbidden(std::string msg) {
    return {ErrorKind::kForbidden, std::move(msg), {}, {}};
  }
  static Error unauthenticated(std::string msg) {
    return {ErrorKind::kUnauthenticated, std::move(msg), {}, {}};
  }
  static Error conflict(std::string msg) { return {ErrorKind::kConflict, std::move(msg), {}, {}}; }
  static Error rule_violation(std::string rule, std::string msg) {
    return {ErrorKind::kRuleViolation, std::move(msg), {}, std::move(rule)};
  }
  static Error internal(std::string msg) { return {ErrorKind::kInternal, std::move(msg), {}, {}}; }
};

// Stable machine-readable code for a kind ("invalid_input", "forbidden", ...).
const char* error_code(ErrorKind kind);
// HTTP status for a kind.
int http_status(ErrorKind kind);

template <class T>
using Result = tl::expected<T, Error>;
using Status = tl::expected<void, Error>;

inline tl::unexpected<Error> fail(Error e) { return tl::unexpected<Error>(std::move(e)); }

}  // namespace zt
