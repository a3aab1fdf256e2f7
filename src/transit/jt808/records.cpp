#include "transit/jt808/records.hpp"

#include <fmt/format.h>

#include "core/digest.hpp"

namespace zt::transit::jt808 {
namespace {

constexpr const char* kTerminalColumns =
    "phone, plate, terminal_id, maker, model, protocol, auth_digest, registered_at, last_seen";

Terminal terminal_from(const Row& r) {
  return {r.str(0),      r.str(1), r.str(2), r.str(3), r.str(4),
          int(r.i64(5)), r.str(6), r.i64(7), r.i64(8)};
}

nlohmann::json terminal_json(const Terminal& t) {
  return {{"phone", t.phone}, {"plate", t.plate}, {"terminal_id", t.terminal_id},
          {"maker", t.maker}, {"model", t.model}, {"protocol", t.protocol}};
}

constexpr const char* kMessageColumns =
    "id, vehicle_id, phone, text, status, serial, created_by, created_at, updated_at, sent_at, "
    "delivered_at, note";

MessageStatus status_from(std::string_view code) {
  for (auto s : {MessageStatus::kQueued, MessageStatus::kSent, MessageStatus::kDelivered,
                 MessageStatus::kTimedOut, MessageStatus::kFailed})
    if (status_code(s) == code) return s;
  return MessageStatus::kFailed;
}

DispatchMessage message_from(const Row& r) {
  DispatchMessage m;
  m.id = r.i64(0);
  m.vehicle_id = r.str(1);
  m.phone = r.str(2);
  m.text = r.str(3);
  m.status = status_from(r.str(4));
  if (auto s = r.opt_i64(5)) m.serial = int(*s);
  m.created_by = r.str(6);
  m.created_at = r.i64(7);
  m.updated_at = r.i64(8);
  m.sent_at = r.opt_i64(9);
  m.delivered_at = r.opt_i64(10);
  m.note = r.str(11);
  return m;
}

Result<DispatchMessage> load_message(Tx& tx, std::int64_t id) {
  auto r = tx.query(
      fmt::format("SELECT {} FROM tr_dispatch_messages WHERE id = $1", kMessageColumns), {id});
  if (!r) return fail(r.error());
  if (r->rows.empty()) return fail(Error::not_found("没有这条调度消息：" + std::to_string(id)));
  return message_from(r->rows[0]);
}

}  // namespace

Result<std::string> register_terminal(Store& store, Terminal t, Instant at) {
  const std::string code = random_hex(12);
  t.auth_digest = sha256_hex(code);
  t.registered_at = t.last_seen = unix_seconds(at);
  auto st = store.transact([&](Tx& tx) -> Status {
    auto before = tx.query(fmt::format("SELECT {} FROM tr_jt808_terminals WHERE phone = $1 OR "
                                       "plate = $2 ORDER BY phone",
                                       kTerminalColumns),
                           {t.phone, t.plate});
    if (!before) return fail(before.error());
    std::string before_text;
    for (const auto& row : before->rows) {
      auto old = terminal_from(row);
      if (old.phone == t.phone) before_text = terminal_json(old).dump();
    }
    // One terminal per plate: another terminal on this bus is unlinked (its registration ends).
    auto gone = tx.query("DELETE FROM tr_jt808_terminals WHERE plate = $1 AND phone <> $2",
                         {t.plate, t.phone});
    if (!gone) return fail(gone.error());
    auto r = tx.query(
        "INSERT INTO tr_jt808_terminals (phone, plate, terminal_id, maker, model, protocol, "
        "auth_digest, registered_at, last_seen) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) "
        "ON CONFLICT (phone) DO UPDATE SET plate = excluded.plate, terminal_id = "
        "excluded.terminal_id, maker = excluded.maker, model = excluded.model, protocol = "
        "excluded.protocol, auth_digest = excluded.auth_digest, registered_at = "
        "excluded.registered_at, last_seen = excluded.last_seen",
        {t.phone, t.plate, t.terminal_id, t.maker, t.model, std::int64_t(t.protocol), t.auth_digest,
         t.registered_at, t.last_seen});
    if (!r) return fail(r.error());
    Actor system;
    auto audit = append_audit(
        tx,
        system.entry(
            "transit.jt808.register", "transit_jt808_terminal", t.phone,
            fmt::format("车载终端注册：{}（终端 {}，JT/T 808-{}）", t.plate, t.phone, t.protocol),
            before_text, terminal_json(t).dump()),
        at);
    if (!audit) return fail(audit.error());
    return {};
  });
  if (!st) return fail(st.error());
  return code;
}

Result<std::optional<Terminal>> find_terminal(Store& store, const std::string& phone) {
  auto r = store.query(
      fmt::format("SELECT {} FROM tr_jt808_terminals WHERE phone = $1", kTerminalColumns), {phone});
  if (!r) return fail(r.error());
  if (r->rows.empty()) return std::optional<Terminal>{};
  return std::optional<Terminal>(terminal_from(r->rows[0]));
}

Result<std::optional<Terminal>> terminal_of_vehicle(Store& store, const std::string& plate) {
  auto r = store.query(
      fmt::format("SELECT {} FROM tr_jt808_terminals WHERE plate = $1", kTerminalColumns), {plate});
  if (!r) return fail(r.error());
  if (r->rows.empty()) return std::optional<Terminal>{};
  return std::optional<Terminal>(terminal_from(r->rows[0]));
}

Status touch_terminal(Store& store, const std::string& phone, Instant at) {
  auto r = store.query("UPDATE tr_jt808_terminals SET last_seen = $1 WHERE phone = $2",
                       {unix_seconds(at), phone});
  if (!r) return fail(r.error());
  return {};
}

Result<bool> plate_registered(Store& store, const std::string& plate) {
  auto r = store.query("SELECT 1 FROM tr_vehicles WHERE plate = $1", {plate});
  if (!r) return fail(r.error());
  return !r->rows.empty();
}

std::string_view status_code(MessageStatus s) {
  switch (s) {
    case MessageStatus::kQueued:
      return "queued";
    case MessageStatus::kSent:
      return "sent";
    case MessageStatus::kDelivered:
      return "delivered";
    case MessageStatus::kTimedOut:
      return "timed_out";
    case MessageStatus::kFailed:
      return "failed";
  }
  return "failed";
}

std::string_view status_label(MessageStatus s) {
  switch (s) {
    case MessageStatus::kQueued:
      return "待发送";
    case MessageStatus::kSent:
      return "已发送";
    case MessageStatus::kDelivered:
      return "已送达";
    case MessageStatus::kTimedOut:
      return "超时未确认";
    case MessageStatus::kFailed:
      return "发送失败";
  }
  return "发送失败";
}

nlohmann::json DispatchMessage::to_json() const {
  nlohmann::json j = {{"id", id},
                      {"vehicle_id", vehicle_id},
                      {"text", text},
                      {"status", status_code(status)},
                      {"status_label", status_label(status)},
                      {"created_by", created_by},
                      {"created_at", created_at},
                      {"updated_at", updated_at},
                      {"note", note}};
  j["terminal"] = phone.empty() ? nlohmann::json(nullptr) : nlohmann::json(phone);
  j["serial"] = serial ? nlohmann::json(*serial) : nlohmann::json(nullptr);
  j["sent_at"] = sent_at ? nlohmann::json(*sent_at) : nlohmann::json(nullptr);
  j["delivered_at"] = delivered_at ? nlohmann::json(*delivered_at) : nlohmann::json(nullptr);
  return j;
}

Result<DispatchMessage> queue_message(Store& store, const std::string& vehicle_id,
                                      const std::string& text, Instant at, const Actor& who) {
  DispatchMessage m;
  auto st = store.transact([&](Tx& tx) -> Status {
    auto r = tx.query(
        "INSERT INTO tr_dispatch_messages (vehicle_id, phone, text, status, created_by, "
        "created_at, updated_at, note) VALUES ($1, '', $2, 'queued', $3, $4, $4, '') RETURNING id",
        {vehicle_id, text, who.name, unix_seconds(at)});
    if (!r) return fail(r.error());
    auto loaded = load_message(tx, r->rows.at(0).i64(0));
    if (!loaded) return fail(loaded.error());
    m = std::move(*loaded);
    auto audit = append_audit(
        tx,
        who.entry("transit.message.send", "transit_dispatch_message", std::to_string(m.id),
                  fmt::format("向 {} 下发调度消息：{}", vehicle_id, text), "", m.to_json().dump()),
        at);
    if (!audit) return fail(audit.error());
    return {};
  });
  if (!st) return fail(st.error());
  return m;
}

Result<DispatchMessage> set_message_status(Store& store, std::int64_t id, MessageStatus status,
                                           Instant at, std::optional<int> serial,
                                           const std::string& phone, const std::string& note) {
  DispatchMessage m;
  auto st = store.transact([&](Tx& tx) -> Status {
    auto before = load_message(tx, id);
    if (!before) return fail(before.error());
    const auto now = unix_seconds(at);
    auto r = tx.query(
        "UPDATE tr_dispatch_messages SET status = $1, updated_at = $2, "
        "serial = COALESCE($3, serial), phone = CASE WHEN $4 = '' THEN phone ELSE $4 END, "
        "sent_at = CASE WHEN $1 = 'sent' THEN $2 ELSE sent_at END, "
        "delivered_at = CASE WHEN $1 = 'delivered' THEN $2 ELSE delivered_at END, "
        "note = $5 WHERE id = $6",
        {std::string(status_code(status)), now,
         serial ? Param(std::int64_t(*serial)) : Param(nullptr), phone, note, id});
    if (!r) return fail(r.error());
    auto after = load_message(tx, id);
    if (!after) return fail(after.error());
    m = std::move(*after);
    Actor system;
    auto audit = append_audit(
        tx,
        system.entry("transit.message." + std::string(status_code(status)),
                     "transit_dispatch_message", std::to_string(id),
                     fmt::format("调度消息 {}（{}）：{}", id, m.vehicle_id, status_label(status)),
                     before->to_json().dump(), m.to_json().dump()),
        at);
    if (!audit) return fail(audit.error());
    return {};
  });
  if (!st) return fail(st.error());
  return m;
}

Result<MessagePage> list_messages(Store& store, const std::string& vehicle_id, std::int64_t limit,
                                  std::int64_t offset) {
  const std::string where = vehicle_id.empty() ? "" : " WHERE vehicle_id = $3";
  std::vector<Param> params{limit, offset};
  if (!vehicle_id.empty()) params.emplace_back(vehicle_id);
  auto r = store.query(fmt::format("SELECT {} FROM tr_dispatch_messages{} ORDER BY id DESC "
                                   "LIMIT $1 OFFSET $2",
                                   kMessageColumns, where),
                       params);
  if (!r) return fail(r.error());
  MessagePage page;
  for (const auto& row : r->rows) page.messages.push_back(message_from(row));
  std::vector<Param> count_params;
  if (!vehicle_id.empty()) count_params.emplace_back(vehicle_id);
  auto n = store.query(vehicle_id.empty()
                           ? "SELECT COUNT(*) FROM tr_dispatch_messages"
                           : "SELECT COUNT(*) FROM tr_dispatch_messages WHERE vehicle_id = $1",
                       count_params);
  if (!n) return fail(n.error());
  page.total = n->rows.at(0).i64(0);
  return page;
}

Result<std::vector<DispatchMessage>> open_messages(Store& store) {
  auto r =
      store.query(fmt::format("SELECT {} FROM tr_dispatch_messages WHERE status IN "
                              "('queued', 'sent') ORDER BY id",
                              kMessageColumns));
  if (!r) return fail(r.error());
  std::vector<DispatchMessage> out;
  for (const auto& row : r->rows) out.push_back(message_from(row));
  return out;
}

}  // namespace zt::transit::jt808
