#include "core/outbox.hpp"

#include "core/http_client.hpp"

#include <sodium.h>

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace zt {
namespace {

constexpr Migration kOutbox[] = {
    {1, "outbox", R"sql(
CREATE TABLE outbox (
  id {{pk}},
  topic TEXT NOT NULL,
  dedupe_key TEXT NOT NULL UNIQUE,
  payload TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL,
  delivered_at BIGINT,
  last_error TEXT NOT NULL DEFAULT '',
  dead INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX outbox_due ON outbox(delivered_at, dead, next_attempt_at);
)sql"},
};

constexpr std::int64_t kLeaseSeconds = 300;
constexpr const char* kColumns =
    "SELECT id, topic, dedupe_key, payload, created_at, attempts, delivered_at, next_attempt_at, "
    "last_error, dead FROM outbox";

OutboxMessage message_of(const Row& r) {
  OutboxMessage m;
  m.id = r.i64(0);
  m.topic = r.str(1);
  m.dedupe_key = r.str(2);
  m.payload = r.str(3);
  m.created_at = Instant{std::chrono::seconds{r.i64(4)}};
  m.attempts = int(r.i64(5));
  if (auto d = r.opt_i64(6)) m.delivered_at = Instant{std::chrono::seconds{*d}};
  m.next_attempt_at = Instant{std::chrono::seconds{r.i64(7)}};
  m.last_error = r.str(8);
  m.dead = r.i64(9) != 0;
  return m;
}

std::int64_t backoff_seconds(int attempts) {
  return std::min<std::int64_t>(60LL << std::min(attempts - 1, 10), 6 * 3600);
}

}  // namespace

MigrationSet outbox_migrations() { return {"outbox", kOutbox}; }

Result<bool> Outbox::enqueue(Tx& tx, const std::string& topic, const std::string& dedupe_key,
                             const std::string& payload, Instant now) {
  auto t = unix_seconds(now);
  auto r = tx.query(
      "INSERT INTO outbox (topic, dedupe_key, payload, created_at, next_attempt_at) VALUES ($1, "
      "$2, $3, $4, $5) ON CONFLICT (dedupe_key) DO NOTHING",
      {topic, dedupe_key, payload, t, t});
  if (!r) return fail(r.error());
  return r->affected > 0;
}

Result<DeliveryRun> Outbox::deliver_due(const Sender& send, int batch) {
  const auto now = unix_seconds(clock_.now());
  // Lease a batch: one instance at a time picks, and a leased message is not due for others.
  auto leased = store_.transact_value<std::vector<OutboxMessage>>(
      [&](Tx& tx) -> Result<std::vector<OutboxMessage>> {
        if (auto l = tx.lock(0x6f7574626f78); !l) return fail(l.error());  // "outbox"
        auto rows = tx.query(std::string(kColumns) +
                                 " WHERE delivered_at IS NULL AND dead = 0 AND next_attempt_at <= "
                                 "$1 ORDER BY next_attempt_at, id LIMIT $2",
                             {now, std::int64_t(batch)});
        if (!rows) return fail(rows.error());
        std::vector<OutboxMessage> out;
        for (const auto& r : rows->rows) {
          out.push_back(message_of(r));
          auto u = tx.query("UPDATE outbox SET next_attempt_at = $1 WHERE id = $2",
                            {now + kLeaseSeconds, out.back().id});
          if (!u) return fail(u.error());
        }
        return out;
      });
  if (!leased) return fail(leased.error());
  DeliveryRun run;
  for (auto& m : *leased) {
    auto st = send(m);
    const int attempts = m.attempts + 1;
    Result<QueryResult> u;
    if (st) {
      run.delivered++;
      u = store_.query(
          "UPDATE outbox SET attempts = $1, delivered_at = $2, last_error = '' WHERE "
          "id = $3",
          {std::int64_t(attempts), unix_seconds(clock_.now()), m.id});
    } else {
      run.failed++;
      u = store_.query(
          "UPDATE outbox SET attempts = $1, next_attempt_at = $2, last_error = $3, dead = $4 "
          "WHERE id = $5",
          {std::int64_t(attempts), unix_seconds(clock_.now()) + backoff_seconds(attempts),
           st.error().message, std::int64_t(attempts >= kMaxAttempts ? 1 : 0), m.id});
    }
    if (!u) return fail(u.error());
  }
  return run;
}

Result<std::vector<OutboxMessage>> Outbox::list(int limit, bool pending_only) {
  auto rows =
      store_.query(std::string(kColumns) + (pending_only ? " WHERE delivered_at IS NULL" : "") +
                       " ORDER BY id DESC LIMIT $1",
                   {std::int64_t(limit)});
  if (!rows) return fail(rows.error());
  std::vector<OutboxMessage> out;
  for (const auto& r : rows->rows) out.push_back(message_of(r));
  return out;
}

std::string hmac_sha256_hex(const std::string& key, const std::string& body) {
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(&st, reinterpret_cast<const unsigned char*>(key.data()), key.size());
  crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(body.data()),
                                body.size());
  crypto_auth_hmacsha256_final(&st, mac);
  std::string out;
  for (unsigned char c : mac) out += fmt::format("{:02x}", c);
  return out;
}

Status post_webhook(const WebhookConfig& config, const OutboxMessage& message) {
  nlohmann::json body_json{{"id", message.id},
                           {"topic", message.topic},
                           {"created_at", unix_seconds(message.created_at)},
                           {"payload", nlohmann::json::parse(message.payload, nullptr, false)}};
  HttpClientRequest req;
  req.method = "POST";
  req.url = config.url;
  req.body = body_json.dump();
  req.timeout = config.timeout;
  req.headers = {{"Content-Type", "application/json; charset=utf-8"},
                 {"X-Zhengtong-Message-Id", std::to_string(message.id)},
                 {"X-Zhengtong-Topic", message.topic}};
  if (!config.secret.empty())
    req.headers.push_back(
        {"X-Zhengtong-Signature", "sha256=" + hmac_sha256_hex(config.secret, req.body)});
  auto res = http_request(req);
  if (!res) {
    auto e = res.error();
    if (e.kind == ErrorKind::kInvalidInput)
      e.message = "webhook " + e.message;
    else
      e = Error::internal("webhook " + e.message);
    return fail(e);
  }
  if (res->status < 200 || res->status >= 300)
    return fail(Error::internal("webhook " + config.url + " 返回 " + std::to_string(res->status)));
  return {};
}

}  // namespace zt
