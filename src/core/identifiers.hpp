// Validators for Chinese official identifiers: unified social credit code (GB 32100-2015),
// resident identity number (GB 11643-1999) and administrative division codes (GB/T 2260).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/calendar.hpp"
#include "core/error.hpp"

namespace zt {

// Validates an 18-character unified social credit code: alphabet, registration-authority and
// type digits, the embedded organisation code's check character, and the GB 32100 check
// character. Lower-case letters are rejected (the standard uses upper case only).
Status validate_uscc(std::string_view code);

struct ResidentId {
  std::string division;  // first six digits (GB/T 2260 code at time of issue)
  Date birth_date;
  bool male = false;  // odd sequence digit
};
// Validates an 18-character resident ID: digits, real birth date not in the future relative to
// `today`, and the ISO 7064 MOD 11-2 check character ('X' for 10).
Result<ResidentId> parse_resident_id(std::string_view id, Date today);

// The name of a GB/T 2260 division known to the product (Henan province, Sanmenxia city and its
// county-level units, including the pre-2015 陕县 411222), or nullopt.
std::optional<std::string> division_name(std::string_view code);
// Whether `code` is a six-digit division code whose province part is plausible (11..82).
Status validate_division_code(std::string_view code);

}  // namespace zt
