// What the JT/T 808 gateway keeps (transit migration 10): terminals by phone number with the
// plate they are on, the digest of their auth code and when last heard; and the dispatch text
// messages sent down to buses with their status (queued → sent → delivered, or timed out /
// failed). Every change of a terminal's registration and of a message's status is audited.
// Thread-safety: as the Store.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/audit.hpp"
#include "core/clock.hpp"
#include "core/store.hpp"

namespace zt::transit::jt808 {

struct Terminal {
  std::string phone;  // phone_key(): without the BCD padding zeros
  std::string plate;  // the vehicle register's plate; the fleet's vehicle id
  std::string terminal_id, maker, model;
  int protocol = 2013;      // 2013 or 2019
  std::string auth_digest;  // sha256 of the auth code
  std::int64_t registered_at = 0, last_seen = 0;
};

// Registers (or re-registers) `t` with a fresh auth code, which is returned; one plate has one
// terminal, so another terminal on the plate is unlinked. Audited as the system.
Result<std::string> register_terminal(Store& store, Terminal t, Instant at);
Result<std::optional<Terminal>> find_terminal(Store& store, const std::string& phone);
Result<std::optional<Terminal>> terminal_of_vehicle(Store& store, const std::string& plate);
Status touch_terminal(Store& store, const std::string& phone, Instant at);
// Whether the plate is in the vehicle register (一车一档).
Result<bool> plate_registered(Store& store, const std::string& plate);

enum class MessageStatus { kQueued, kSent, kDelivered, kTimedOut, kFailed };
std::string_view status_code(MessageStatus s);   // "queued", "sent", "delivered", …
std::string_view status_label(MessageStatus s);  // "待发送", "已发送", "已送达", …

struct DispatchMessage {
  std::int64_t id = 0;
  std::string vehicle_id, phone, text;
  MessageStatus status = MessageStatus::kQueued;
  std::optional<int> serial;  // the 0x8300's serial once sent
  std::string created_by;
  std::int64_t created_at = 0, updated_at = 0;
  std::optional<std::int64_t> sent_at, delivered_at;
  std::string note;  // why it failed or timed out, for people
  nlohmann::json to_json() const;
};

// Stores a queued message (audited as `who`).
Result<DispatchMessage> queue_message(Store& store, const std::string& vehicle_id,
                                      const std::string& text, Instant at, const Actor& who);
// Moves a message on (audited as the system): `serial` and `phone` when sent, `note` on failure.
Result<DispatchMessage> set_message_status(Store& store, std::int64_t id, MessageStatus status,
                                           Instant at, std::optional<int> serial = {},
                                           const std::string& phone = {},
                                           const std::string& note = {});
// Newest first; `vehicle_id` empty: every vehicle. `total` is the count over all pages.
struct MessagePage {
  std::vector<DispatchMessage> messages;
  std::int64_t total = 0;
};
Result<MessagePage> list_messages(Store& store, const std::string& vehicle_id, std::int64_t limit,
                                  std::int64_t offset);
// Messages still queued or sent (after a restart nothing will answer those sent before it).
Result<std::vector<DispatchMessage>> open_messages(Store& store);

}  // namespace zt::transit::jt808
