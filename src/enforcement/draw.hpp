// 双随机、一公开: the draw itself, a pure function of its recorded input so anyone holding the
// snapshot and the seed reruns it and gets the same entities and inspectors.
//
// Algorithm "zt-draw-1": key = SHA-256("zt-draw-1\n" + seed + "\n" + SHA-256(snapshot)); random
// bytes are the ChaCha20 keystream under that key (libsodium crypto_stream_chacha20, 64 KiB
// blocks, nonce = block number little-endian); a uniform integer below n takes 8 bytes as a
// little-endian u64 and rejects values at or above the largest multiple of n. Entities, sorted
// by credit code, are drawn per credit class (A, B, C, D in that order) by a partial
// Fisher–Yates shuffle of ceil(n × percent / 100); each drawn entity then gets `per_entity`
// distinct inspectors drawn from the eligible list (sorted by id) minus those conflicted with it.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace zt::enforcement {

inline constexpr std::string_view kDrawAlgorithm = "zt-draw-1";
inline constexpr std::string_view kCreditClasses = "ABCD";

struct DrawEntity {
  std::string uscc, name;
  char credit_class = 'B';
};
struct DrawInspector {
  std::int64_t id = 0;
  std::string cert_no, name;
  std::vector<std::string> conflicts;  // credit codes, sorted
};
struct DrawInput {
  std::string seed;
  std::array<int, 4> percent{5, 20, 60, 100};  // per class A-D, 0..100
  int per_entity = 2;
  std::vector<DrawEntity> entities;       // sorted by uscc, unique
  std::vector<DrawInspector> inspectors;  // eligible ones only, sorted by id
};
struct DrawPick {
  std::uint32_t entity = 0;               // index into entities
  std::vector<std::uint32_t> inspectors;  // indices into inspectors
};

// The canonical text of an input (what is stored and hashed), and back.
std::string snapshot_text(const DrawInput& in);
Result<DrawInput> parse_snapshot(std::string_view text);
// Runs the draw; refuses (rule "draw-inspectors") when an entity has too few eligible inspectors.
// `snapshot_digest` is sha256_hex(snapshot_text(in)), passed when the caller already has it.
Result<std::vector<DrawPick>> run_draw(const DrawInput& in, std::string_view snapshot_digest);
Result<std::vector<DrawPick>> run_draw(const DrawInput& in);
// k of n indices drawn with the same generator, keyed by SHA-256(algorithm + "\n" + seed + "\n" +
// context): used to sample archived cases for review (案卷评查).
std::vector<std::size_t> sample_indices(std::string_view seed, std::string_view context,
                                        std::size_t n, std::size_t k);
// SHA-256 over "uscc:cert,cert\n" per pick, in order: the draw's fingerprint.
std::string result_digest(const DrawInput& in, const std::vector<DrawPick>& picks);

}  // namespace zt::enforcement
