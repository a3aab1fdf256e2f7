#include "core/migrations.hpp"

#include <chrono>

namespace zt {
namespace {

void replace_all(std::string& s, std::string_view from, std::string_view to) {
  for (std::size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += to.size())
    s.replace(pos, from.size(), to);
}

constexpr Migration kCore[] = {
    {1, "organisation, people, sessions, audit", R"sql(
CREATE TABLE units (
  id {{pk}},
  parent_id BIGINT REFERENCES units(id),
  name TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  division_code TEXT,
  created_at BIGINT NOT NULL
);
CREATE TABLE unit_aliases (
  alias TEXT PRIMARY KEY,
  unit_id BIGINT NOT NULL REFERENCES units(id)
);
CREATE TABLE users (
  id {{pk}},
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  unit_id BIGINT NOT NULL REFERENCES units(id),
  password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0,
  failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL
);
CREATE TABLE user_roles (
  user_id BIGINT NOT NULL REFERENCES users(id),
  role TEXT NOT NULL,
  PRIMARY KEY (user_id, role)
);
CREATE TABLE certificates (
  id {{pk}},
  user_id BIGINT NOT NULL REFERENCES users(id),
  number TEXT NOT NULL UNIQUE,
  field TEXT NOT NULL,
  valid_from TEXT NOT NULL,
  valid_to TEXT NOT NULL
);
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users(id),
  csrf TEXT NOT NULL,
  kind TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  last_seen BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);
CREATE TABLE audit_log (
  seq BIGINT PRIMARY KEY,
  at BIGINT NOT NULL,
  actor_id BIGINT,
  actor TEXT NOT NULL,
  unit_id BIGINT,
  action TEXT NOT NULL,
  object_type TEXT NOT NULL,
  object_id TEXT NOT NULL,
  summary TEXT NOT NULL,
  before_digest TEXT NOT NULL,
  after_digest TEXT NOT NULL,
  request_id TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_object ON audit_log(object_type, object_id);
CREATE TABLE audit_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq BIGINT NOT NULL,
  hash TEXT NOT NULL
);
)sql"},
    {2, "a row /healthz rewrites to prove the store takes writes", R"sql(
CREATE TABLE health_probe (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  at BIGINT NOT NULL
);
)sql"},
    {3, "login failures per (name, client) and per name; users lose their own counters", R"sql(
CREATE TABLE login_failures (
  username TEXT NOT NULL,
  source TEXT NOT NULL,
  failures INTEGER NOT NULL,
  last_failure BIGINT NOT NULL,
  PRIMARY KEY (username, source)
);
CREATE INDEX login_failures_last ON login_failures(last_failure);
ALTER TABLE users DROP COLUMN failed_logins;
ALTER TABLE users DROP COLUMN locked_until;
)sql"},
    {4, "audit texts for the viewer, its search indexes; unit credit codes; revoked certificates",
     R"sql(
ALTER TABLE audit_log ADD COLUMN before_text TEXT;
ALTER TABLE audit_log ADD COLUMN after_text TEXT;
CREATE INDEX audit_at ON audit_log(at);
CREATE INDEX audit_actor ON audit_log(actor);
CREATE INDEX audit_action ON audit_log(action);
ALTER TABLE units ADD COLUMN credit_code TEXT;
ALTER TABLE certificates ADD COLUMN revoked_on TEXT;
ALTER TABLE certificates ADD COLUMN revoke_reason TEXT;
)sql"},
};

}  // namespace

std::string dialect_sql(Dialect dialect, std::string_view sql) {
  std::string s(sql);
  if (dialect == Dialect::kSqlite) {
    replace_all(s, "{{pk}}", "INTEGER PRIMARY KEY AUTOINCREMENT");
    replace_all(s, "{{blob}}", "BLOB");
  } else {
    replace_all(s, "{{pk}}", "BIGSERIAL PRIMARY KEY");
    replace_all(s, "{{blob}}", "BYTEA");
  }
  return s;
}

MigrationSet core_migrations() { return {"core", kCore}; }

Result<int> migrate(Store& store, std::span<const MigrationSet> sets) {
  auto created = store.transact([](Tx& tx) -> Status {
    return tx.exec_script(
        "CREATE TABLE IF NOT EXISTS schema_migrations (module TEXT NOT NULL, number INTEGER NOT "
        "NULL, name TEXT NOT NULL, applied_at BIGINT NOT NULL, PRIMARY KEY (module, number))");
  });
  if (!created) return fail(created.error());
  int applied = 0;
  for (const auto& set : sets) {
    for (const auto& m : set.migrations) {
      bool ran = false;
      auto st = store.transact([&](Tx& tx) -> Status {
        // Two instances starting together on PostgreSQL must not both apply a migration.
        if (auto l = tx.lock(7411200); !l) return l;
        auto have = tx.query("SELECT 1 FROM schema_migrations WHERE module = $1 AND number = $2",
                             {std::string(set.module), std::int64_t(m.number)});
        if (!have) return fail(have.error());
        if (!have->rows.empty()) return {};
        if (auto e = tx.exec_script(dialect_sql(tx.dialect(), m.sql)); !e) {
          auto err = e.error();
          err.message = "migration " + std::string(set.module) + "/" + std::to_string(m.number) +
                        " (" + std::string(m.name) + "): " + err.message;
          return fail(err);
        }
        auto now = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
        auto rec = tx.query(
            "INSERT INTO schema_migrations (module, number, name, applied_at) VALUES ($1, $2, $3, "
            "$4)",
            {std::string(set.module), std::int64_t(m.number), std::string(m.name),
             std::int64_t(now)});
        if (!rec) return fail(rec.error());
        ran = true;
        return {};
      });
      if (!st) return fail(st.error());
      if (ran) ++applied;
    }
  }
  return applied;
}

}  // namespace zt
