// SHA-256 and random tokens (libsodium).
#pragma once

#include <string>
#include <string_view>

namespace zt {

// Lower-case hex SHA-256 of the bytes.
std::string sha256_hex(std::string_view bytes);
// `bytes` random bytes from the OS CSPRNG, hex encoded.
std::string random_hex(std::size_t bytes);
// Must be called once before any other libsodium use; safe to call repeatedly.
void init_crypto();

}  // namespace zt
