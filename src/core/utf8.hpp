// UTF-8 well-formedness (RFC 3629: no overlongs, no surrogates, nothing past U+10FFFF). Text
// that reaches the store, the audit trail and JSON must be valid: nlohmann's dump throws on
// anything else, which once wedged a transaction.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace zt {

// The offset of the first byte that does not begin a well-formed sequence, or nullopt.
std::optional<std::size_t> first_invalid_utf8(std::string_view s);
inline bool valid_utf8(std::string_view s) { return !first_invalid_utf8(s); }

}  // namespace zt
