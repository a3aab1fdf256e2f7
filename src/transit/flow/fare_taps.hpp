// Fare taps read from a TIDES fare_transactions CSV or from the plain export of a Chinese card/QR
// clearing system (columns in docs/passenger-flow.md). Card and account tokens are personal data:
// each is replaced by a keyed hash (libsodium crypto_generichash under the deployment's secret)
// while its row is read, so no Tap and no error message ever holds a raw token.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "transit/flow/csv_rows.hpp"

namespace zt::transit::flow {

enum class FareMedia { kTransitCard, kUnionPay, kQrCode, kCash, kOther };
// 交通一卡通 / 银联 / 二维码 / 现金 / 其他.
std::string_view media_name(FareMedia m);

// One boarding a fare system saw. `rider` is empty for cash (no token to follow).
struct Tap {
  std::string id;          // the file's transaction id, or "row N" when it has none
  std::int64_t at = 0;     // unix seconds
  std::string vehicle_id;  // vehicle, or the terminal when the export names only that
  std::string route_id;    // "" when not given
  std::string rider;       // hex keyed hash of the token; "" for cash
  FareMedia media = FareMedia::kOther;
  int line = 0;  // line in the source file
};

// The secret taps are hashed under ([flow] token_secret): at least 16 bytes, at most 64.
// Same secret, same rider hash, so one day's taps chain with the next day's.
class TokenHasher {
 public:
  static Result<TokenHasher> make(std::string_view secret);
  std::string hash(std::string_view token) const;  // 32 hex characters

 private:
  std::string key_;
};

using TapLimits = FileLimits;

struct TapReadOptions {
  TapLimits limits;
  // Local times without an offset (the clearing export's) are read at this offset from UTC.
  int utc_offset_s = 8 * 3600;
};

// Every row or an error: kInvalidInput with one FieldError per bad row ("第N行 列名": the fault),
// nothing skipped silently; kTooLarge past the limits.
Result<std::vector<Tap>> read_tides_fare_transactions(std::string text, const TokenHasher& hasher,
                                                      const TapReadOptions& options = {});
Result<std::vector<Tap>> read_clearing_export(std::string text, const TokenHasher& hasher,
                                              const TapReadOptions& options = {});

}  // namespace zt::transit::flow
