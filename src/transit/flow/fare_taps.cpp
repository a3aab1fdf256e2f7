#include "transit/flow/fare_taps.hpp"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <initializer_list>
#include <iterator>
#include <optional>

#include "core/csv.hpp"
#include "core/digest.hpp"
#include "transit/flow/csv_rows.hpp"

namespace zt::transit::flow {
namespace {

std::optional<FareMedia> tides_media(std::string_view s) {
  if (s == "Cash or coins") return FareMedia::kCash;
  if (s == "Smart card or ticket" || s == "Magnetic-stripe card or ticket")
    return FareMedia::kTransitCard;
  if (s == "Bank card" || s == "Mobile NFC") return FareMedia::kUnionPay;
  if (s == "Optical scan") return FareMedia::kQrCode;
  if (s.starts_with("Button pressed") || s == "Other type" || s.empty()) return FareMedia::kOther;
  return std::nullopt;
}

bool tides_action(std::string_view s) {
  static constexpr std::string_view kActions[] = {"Unknown action type",
                                                  "Purchase",
                                                  "Enter",
                                                  "Exit",
                                                  "Transfer entrance",
                                                  "Transfer exit",
                                                  "Add",
                                                  "New",
                                                  "Capture",
                                                  "Extend",
                                                  "Combine",
                                                  "Void",
                                                  "Activate",
                                                  "Adjust",
                                                  "Other"};
  return std::find(std::begin(kActions), std::end(kActions), s) != std::end(kActions);
}

std::optional<FareMedia> clearing_media(std::string_view s) {
  if (s == "交通一卡通" || s == "一卡通" || s == "公交卡" || s == "card")
    return FareMedia::kTransitCard;
  if (s == "银联" || s == "银联卡" || s == "unionpay") return FareMedia::kUnionPay;
  if (s == "二维码" || s == "扫码" || s == "qr") return FareMedia::kQrCode;
  if (s == "现金" || s == "投币" || s == "cash") return FareMedia::kCash;
  if (s == "其他" || s == "other") return FareMedia::kOther;
  return std::nullopt;
}

}  // namespace

std::string_view media_name(FareMedia m) {
  switch (m) {
    case FareMedia::kTransitCard:
      return "交通一卡通";
    case FareMedia::kUnionPay:
      return "银联";
    case FareMedia::kQrCode:
      return "二维码";
    case FareMedia::kCash:
      return "现金";
    case FareMedia::kOther:
      break;
  }
  return "其他";
}

Result<TokenHasher> TokenHasher::make(std::string_view secret) {
  if (secret.size() < crypto_generichash_KEYBYTES_MIN ||
      secret.size() > crypto_generichash_KEYBYTES_MAX)
    return tl::unexpected(Error::invalid("token_secret 须为 16 至 64 字节", "token_secret"));
  init_crypto();
  TokenHasher h;
  h.key_ = std::string(secret);
  return h;
}

std::string TokenHasher::hash(std::string_view token) const {
  std::array<unsigned char, 16> out{};
  crypto_generichash(out.data(), out.size(), reinterpret_cast<const unsigned char*>(token.data()),
                     token.size(), reinterpret_cast<const unsigned char*>(key_.data()),
                     key_.size());
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(out.size() * 2);
  for (unsigned char b : out) hex += kHex[b >> 4], hex += kHex[b & 15];
  return hex;
}

Result<std::vector<Tap>> read_tides_fare_transactions(std::string text, const TokenHasher& hasher,
                                                      const TapReadOptions& options) {
  if (auto s = check_file_size(text, options.limits); !s) return tl::unexpected(s.error());
  auto t = CsvTable::parse(std::move(text), "fare_transactions.csv");
  if (!t) return tl::unexpected(t.error());
  if (auto s = check_row_count(*t, options.limits); !s) return tl::unexpected(s.error());
  const int id = t->column("transaction_id"), ts = t->column("event_timestamp"),
            action = t->column("fare_action"), vehicle = t->column("vehicle_id"),
            device = t->column("device_id"), trip = t->column("trip_id_performed"),
            media = t->column("fare_media_id"), token = t->column("token_id");
  for (auto [c, name] : std::initializer_list<std::pair<int, const char*>>{
           {id, "transaction_id"}, {ts, "event_timestamp"}, {action, "fare_action"}})
    if (c < 0) return tl::unexpected(Error::invalid(t->file() + "：缺少必需列 " + name, name));
  if (vehicle < 0 && device < 0)
    return tl::unexpected(
        Error::invalid(t->file() + "：缺少 vehicle_id 或 device_id 列", "vehicle_id"));
  RowErrors errors(options.limits.max_errors);
  std::vector<Tap> taps;
  taps.reserve(t->rows());
  for (std::size_t r = 0; r < t->rows(); ++r) {
    const int line = t->line(r);
    const auto act = t->at(r, action);
    // Only boardings are taps; other actions (purchases, top-ups, exits) are not passengers.
    if (act != "Enter" && act != "Transfer entrance") {
      if (!tides_action(act)) errors.add(line, "fare_action", "不是 TIDES 的 fare_action 取值");
      continue;
    }
    Tap tap;
    tap.line = line;
    tap.id = std::string(t->at(r, id));
    if (tap.id.empty()) errors.add(line, "transaction_id", "为空");
    auto at = parse_flow_time(t->at(r, ts), options.utc_offset_s);
    if (!at) errors.add(line, "event_timestamp", "不是 ISO 8601 时间");
    tap.at = at.value_or(0);
    tap.vehicle_id = std::string(t->at(r, vehicle).empty() ? t->at(r, device) : t->at(r, vehicle));
    if (tap.vehicle_id.empty()) errors.add(line, "vehicle_id", "车辆和设备均为空");
    tap.route_id = std::string(t->at(r, trip));
    auto m = tides_media(t->at(r, media));
    if (!m) errors.add(line, "fare_media_id", "不是 TIDES 的 fare_media_id 取值");
    tap.media = m.value_or(FareMedia::kOther);
    const auto tok = t->at(r, token);
    if (tap.media != FareMedia::kCash) {
      if (tok.empty())
        errors.add(line, "token_id", "非现金交易缺少卡号或账户");
      else
        tap.rider = hasher.hash(tok);
    }
    taps.push_back(std::move(tap));
  }
  if (errors.any()) return tl::unexpected(errors.error(t->file()));
  return taps;
}

Result<std::vector<Tap>> read_clearing_export(std::string text, const TokenHasher& hasher,
                                              const TapReadOptions& options) {
  if (auto s = check_file_size(text, options.limits); !s) return tl::unexpected(s.error());
  auto t = CsvTable::parse(std::move(text), "清分导出");
  if (!t) return tl::unexpected(t.error());
  if (auto s = check_row_count(*t, options.limits); !s) return tl::unexpected(s.error());
  const int id = column_of(*t, {"transaction_id", "交易流水号", "流水号"}),
            ts = column_of(*t, {"tap_time", "交易时间", "刷卡时间"}),
            vehicle = column_of(*t, {"vehicle_id", "车辆编号", "车号"}),
            terminal = column_of(*t, {"terminal_id", "终端编号", "终端号"}),
            route = column_of(*t, {"route_id", "线路", "线路编号"}),
            token = column_of(*t, {"token", "卡号", "账户"}),
            media = column_of(*t, {"fare_media", "支付方式", "介质"});
  if (ts < 0) return tl::unexpected(Error::invalid(t->file() + "：缺少 交易时间 列", "交易时间"));
  if (vehicle < 0 && terminal < 0)
    return tl::unexpected(Error::invalid(t->file() + "：缺少 车辆编号 或 终端编号 列", "车辆编号"));
  if (media < 0)
    return tl::unexpected(Error::invalid(t->file() + "：缺少 支付方式 列", "支付方式"));
  if (token < 0) return tl::unexpected(Error::invalid(t->file() + "：缺少 卡号 列", "卡号"));
  RowErrors errors(options.limits.max_errors);
  std::vector<Tap> taps;
  taps.reserve(t->rows());
  for (std::size_t r = 0; r < t->rows(); ++r) {
    Tap tap;
    tap.line = t->line(r);
    tap.id = id >= 0 && !t->at(r, id).empty() ? std::string(t->at(r, id))
                                              : "row " + std::to_string(tap.line);
    auto at = parse_flow_time(t->at(r, ts), options.utc_offset_s);
    if (!at) errors.add(tap.line, "交易时间", "应为 YYYY-MM-DD HH:MM:SS");
    tap.at = at.value_or(0);
    tap.vehicle_id = std::string(vehicle >= 0 && !t->at(r, vehicle).empty() ? t->at(r, vehicle)
                                                                            : t->at(r, terminal));
    if (tap.vehicle_id.empty()) errors.add(tap.line, "车辆编号", "车辆和终端均为空");
    if (route >= 0) tap.route_id = std::string(t->at(r, route));
    auto m = clearing_media(t->at(r, media));
    if (!m) errors.add(tap.line, "支付方式", "应为 交通一卡通、银联、二维码、现金 或 其他");
    tap.media = m.value_or(FareMedia::kOther);
    const auto tok = t->at(r, token);
    if (tap.media != FareMedia::kCash) {
      if (tok.empty())
        errors.add(tap.line, "卡号", "非现金交易缺少卡号或账户");
      else
        tap.rider = hasher.hash(tok);
    }
    taps.push_back(std::move(tap));
  }
  if (errors.any()) return tl::unexpected(errors.error(t->file()));
  return taps;
}

}  // namespace zt::transit::flow
