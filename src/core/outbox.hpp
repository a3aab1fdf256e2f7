// The outbox: messages other systems must hear about (reminders, deadlines) are written in the
// same transaction as the change that causes them, then delivered at least once to a webhook
// that a deployment points at its SMS / DingTalk / WeCom gateway. Delivery retries with backoff;
// a receiver deduplicates by the message id it is sent.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/migrations.hpp"
#include "core/store.hpp"

namespace zt {

MigrationSet outbox_migrations();

struct OutboxMessage {
  std::int64_t id = 0;
  std::string topic;       // "supervision.reminder"
  std::string dedupe_key;  // the same key is never queued twice
  std::string payload;     // JSON
  Instant created_at;
  int attempts = 0;
  std::optional<Instant> delivered_at;
  Instant next_attempt_at;
  std::string last_error;
  bool dead = false;  // gave up after kMaxAttempts
};

struct WebhookConfig {
  std::string url;     // http://host:port/path ("" = no delivery; messages wait in the outbox)
  std::string secret;  // HMAC-SHA256 key for X-Zhengtong-Signature ("" = unsigned)
  std::chrono::seconds timeout{10};
};

struct DeliveryRun {
  int delivered = 0, failed = 0;
};

class Outbox {
 public:
  static constexpr int kMaxAttempts = 12;
  Outbox(Store& store, const Clock& clock) : store_(store), clock_(clock) {}

  // Queues a message inside the caller's transaction. False if the key was queued before.
  static Result<bool> enqueue(Tx& tx, const std::string& topic, const std::string& dedupe_key,
                              const std::string& payload, Instant now);

  using Sender = std::function<Status(const OutboxMessage&)>;
  // Delivers up to `batch` due messages. Each is leased first (so another instance does not send
  // it at the same time), then marked delivered or rescheduled: 1, 2, 4 … minutes, at most 6 h.
  Result<DeliveryRun> deliver_due(const Sender& send, int batch = 100);

  // Newest first; `pending_only` leaves out delivered ones.
  Result<std::vector<OutboxMessage>> list(int limit, bool pending_only);

 private:
  Store& store_;
  const Clock& clock_;
};

// POSTs the message as JSON to the webhook: headers X-Zhengtong-Message-Id, X-Zhengtong-Topic and
// (with a secret) X-Zhengtong-Signature: sha256=<hex HMAC of the body>. Any 2xx is success.
Status post_webhook(const WebhookConfig& config, const OutboxMessage& message);

// HMAC-SHA256 of `body` under `key`, lower-case hex.
std::string hmac_sha256_hex(const std::string& key, const std::string& body);

}  // namespace zt
