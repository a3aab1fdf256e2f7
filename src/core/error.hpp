// One error type for every module boundary: a kind the HTTP layer maps to a status, a message
// for people, and where relevant the field or the rule that was broken.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

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

// One field's complaint, when a form is checked whole (every error at once, not the first).
struct FieldError {
  std::string field, message;
};

struct Error {
  ErrorKind kind = ErrorKind::kInternal;
  std::string message;
  std::string field;  // the input field at fault, if any
  std::string rule;   // the rule broken, for kRuleViolation
  // Every field at fault, in the form's order, when a whole form was checked (FieldErrors);
  // `field` and `message` then repeat the first.
  std::vector<FieldError> fields = {};

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

// Collects a form's field errors so a caller checks every field before refusing; the HTTP body
// lists them all ({"error":{…,"fields":[{"field","message"}]}}) and a form shows each by its field.
class FieldErrors {
 public:
  void add(std::string field, std::string message) {
    errors_.push_back({std::move(field), std::move(message)});
  }
  bool has(std::string_view field) const {
    for (const auto& e : errors_)
      if (e.field == field) return true;
    return false;
  }
  bool empty() const { return errors_.empty(); }
  // kInvalidInput carrying every field's error, or success when there is none.
  tl::expected<void, Error> status() const {
    if (errors_.empty()) return {};
    Error e = Error::invalid(
        errors_.size() == 1
            ? errors_[0].message
            : errors_[0].message + "（共 " + std::to_string(errors_.size()) + " 项需修改）",
        errors_[0].field);
    e.fields = errors_;
    return tl::unexpected<Error>(std::move(e));
  }

 private:
  std::vector<FieldError> errors_;
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
