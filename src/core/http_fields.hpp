// Typed fields of request bodies and query strings. Every handler reads its input through these,
// so a wrong type, a number out of range or a malformed date is a 400 that names the field
// (`Error::field`), never an exception from nlohmann's accessors or a silent truncation.
//
// Body functions read a member of a JSON object: `require_*` refuse absence and null, `optional_*`
// give nullopt for both. `as_*` check a value already found (array items, nested members) and use
// `field` only to name it. Query functions read `?name=`; an empty value counts as absent, since
// forms send `?x=` for an unset control.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/calendar.hpp"
#include "core/error.hpp"

namespace zt::http {

struct Request;

inline constexpr std::int64_t kIntMin = std::numeric_limits<std::int64_t>::min();
inline constexpr std::int64_t kIntMax = std::numeric_limits<std::int64_t>::max();
// A free-text field's default cap; longer texts (a notice's full text) pass their own.
inline constexpr std::size_t kMaxText = 64 * 1024;
// A short name or code (a username, a seed, a phone number).
inline constexpr std::size_t kMaxName = 200;
// JSON nesting beyond this is refused before parsing: no request needs it, and nlohmann's dump
// and comparison recurse.
inline constexpr int kMaxJsonDepth = 64;

// Parses a JSON document of any type (object, array, ...). Syntax errors, number overflow
// (1e400), invalid UTF-8 and nesting deeper than `max_depth` (a format of known shape passes its
// own, smaller limit) are a 400 naming `field`.
Result<nlohmann::json> parse_json_document(std::string_view text, const std::string& field = "body",
                                           int max_depth = kMaxJsonDepth);

// Integers: JSON integers, or floats without a fraction (5.0); strings, fractions, and values
// outside [min, max] are refused.
Result<std::int64_t> as_int(const nlohmann::json& v, const std::string& field,
                            std::int64_t min = kIntMin, std::int64_t max = kIntMax);
Result<std::int64_t> require_int(const nlohmann::json& body, const std::string& field,
                                 std::int64_t min = kIntMin, std::int64_t max = kIntMax);
Result<std::optional<std::int64_t>> optional_int(const nlohmann::json& body,
                                                 const std::string& field,
                                                 std::int64_t min = kIntMin,
                                                 std::int64_t max = kIntMax);

// Finite numbers in [min, max].
Result<double> as_number(const nlohmann::json& v, const std::string& field, double min, double max);
Result<double> require_number(const nlohmann::json& body, const std::string& field, double min,
                              double max);
Result<std::optional<double>> optional_number(const nlohmann::json& body, const std::string& field,
                                              double min, double max);

// true or false only ("yes", 1 and "true" are refused).
Result<bool> as_bool(const nlohmann::json& v, const std::string& field);
Result<std::optional<bool>> optional_bool(const nlohmann::json& body, const std::string& field);

// Strings of at most `max_bytes` bytes without NUL (it ends strings in C APIs and logs).
Result<std::string> as_string(const nlohmann::json& v, const std::string& field,
                              std::size_t max_bytes = kMaxText);
Result<std::string> require_string(const nlohmann::json& body, const std::string& field,
                                   bool allow_empty = false, std::size_t max_bytes = kMaxText);
Result<std::optional<std::string>> optional_string(const nlohmann::json& body,
                                                   const std::string& field,
                                                   std::size_t max_bytes = kMaxText);
// An array of at most `max_items` strings of at most `max_bytes` each; absent or null is empty.
Result<std::vector<std::string>> string_array(const nlohmann::json& body, const std::string& field,
                                              std::size_t max_items, std::size_t max_bytes);

// Dates as "YYYY-MM-DD", validated (2024-02-30 is refused).
Result<Date> require_date(const nlohmann::json& body, const std::string& field);
Result<std::optional<Date>> optional_date(const nlohmann::json& body, const std::string& field);

// One of `allowed`.
Result<std::string> require_enum(const nlohmann::json& body, const std::string& field,
                                 std::initializer_list<std::string_view> allowed);
Result<std::optional<std::string>> optional_enum(const nlohmann::json& body,
                                                 const std::string& field,
                                                 std::initializer_list<std::string_view> allowed);

// Decimal integer text in [min, max] ("12", "-3"; not "12abc", "1.0", " 1" or "").
Result<std::int64_t> parse_int(std::string_view text, const std::string& field,
                               std::int64_t min = kIntMin, std::int64_t max = kIntMax);

// Query parameters.
Result<std::optional<std::int64_t>> query_int(const Request& req, const std::string& name,
                                              std::int64_t min = kIntMin,
                                              std::int64_t max = kIntMax);
Result<std::int64_t> query_int_or(const Request& req, const std::string& name,
                                  std::int64_t fallback, std::int64_t min, std::int64_t max);
Result<std::optional<double>> query_number(const Request& req, const std::string& name, double min,
                                           double max);
// "1"/"true" or "0"/"false"; absent is false.
Result<bool> query_flag(const Request& req, const std::string& name);
Result<std::optional<std::string>> query_string(const Request& req, const std::string& name,
                                                std::size_t max_bytes = kMaxName);
Result<std::optional<Date>> query_date(const Request& req, const std::string& name);
Result<Date> require_query_date(const Request& req, const std::string& name);
Result<std::optional<std::string>> query_enum(const Request& req, const std::string& name,
                                              std::initializer_list<std::string_view> allowed);

}  // namespace zt::http
