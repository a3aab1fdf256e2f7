// SQLite backend: one connection in WAL mode with synchronous=FULL, so a committed transaction
// survives power loss. Writers are serialised by a mutex and BEGIN IMMEDIATE.
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <optional>
#include <unordered_map>

#include <sqlite3.h>

#include "core/store.hpp"

namespace zt {
namespace {

// Prepared statements kept per connection (SQL text -> statement): parsing and planning happen
// once. SQLite re-prepares a cached statement by itself after a schema change.
// "$1" -> "?1" outside string literals: SQLite binds "?N" at index N directly. When the
// parameters appear exactly as $1, $2, $3 ... in order (batch inserts), plain "?" is used: SQLite
// numbers those as it goes, whereas each "?N" costs a linear search of the names seen so far,
// which made preparing a 4,500-parameter insert quadratic.
std::string numbered_parameters(std::string_view sql) {
  auto convert = [&](bool plain) {
    std::string out;
    out.reserve(sql.size());
    bool quoted = false;
    for (std::size_t i = 0; i < sql.size(); ++i) {
      char c = sql[i];
      if (c == '\'') quoted = !quoted;
      if (!quoted && c == '$' && i + 1 < sql.size() && sql[i + 1] >= '0' && sql[i + 1] <= '9') {
        out += '?';
        if (plain)
          while (i + 1 < sql.size() && sql[i + 1] >= '0' && sql[i + 1] <= '9') ++i;
        continue;
      }
      out += c;
    }
    return out;
  };
  bool quoted = false;
  long expected = 1;
  for (std::size_t i = 0; i < sql.size(); ++i) {
    if (sql[i] == '\'') quoted = !quoted;
    if (quoted || sql[i] != '$' || i + 1 >= sql.size() || sql[i + 1] < '0' || sql[i + 1] > '9')
      continue;
    long n = 0;
    while (i + 1 < sql.size() && sql[i + 1] >= '0' && sql[i + 1] <= '9')
      n = n * 10 + (sql[++i] - '0');
    if (n != expected++) return convert(false);
  }
  return convert(true);
}

class StatementCache {
 public:
  ~StatementCache() {
    for (auto& [sql, st] : map_) sqlite3_finalize(st);
  }
  sqlite3_stmt* find(const std::string& sql) {
    auto it = map_.find(sql);
    return it == map_.end() ? nullptr : it->second;
  }
  void put(const std::string& sql, sqlite3_stmt* st) {
    if (map_.size() >= 512) {
      for (auto& [k, v] : map_) sqlite3_finalize(v);
      map_.clear();
    }
    map_.emplace(sql, st);
  }

 private:
  std::unordered_map<std::string, sqlite3_stmt*> map_;
};

class SqliteTx final : public Tx {
 public:
  SqliteTx(sqlite3* db, StatementCache& cache, StoreStats& stats)
      : db_(db), cache_(cache), stats_(stats) {}
  Dialect dialect() const override { return Dialect::kSqlite; }

  Result<QueryResult> query(std::string_view sql, std::span<const Param> params) override {
    return stats_.measure([&] { return run(sql, params); });
  }

  Status exec_script(std::string_view sql) override {
    char* msg = nullptr;
    std::string s(sql);
    if (int rc = sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &msg); rc != SQLITE_OK) {
      std::string m = msg ? msg : "unknown error";
      sqlite3_free(msg);
      auto e = error_of(rc);
      e.message = "sqlite: " + m;
      return fail(e);
    }
    return {};
  }

  Status lock(std::int64_t) override { return {}; }

 private:
  Error error_of(int rc) {
    std::string msg = std::string("sqlite: ") + sqlite3_errmsg(db_);
    int ext = sqlite3_extended_errcode(db_);
    if (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY)
      return Error::conflict(msg);
    if (rc == SQLITE_CONSTRAINT) return Error::invalid(msg);
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED || rc == SQLITE_IOERR || rc == SQLITE_FULL)
      return {ErrorKind::kUnavailable, msg, {}, {}};
    return Error::internal(msg);
  }

  Result<QueryResult> run(std::string_view sql, std::span<const Param> params) {
    std::string key(sql);
    sqlite3_stmt* raw = cache_.find(key);
    if (!raw) {
      const std::string numbered = numbered_parameters(sql);
      if (int rc = sqlite3_prepare_v2(db_, numbered.data(), int(numbered.size()), &raw, nullptr);
          rc != SQLITE_OK)
        return fail(error_of(rc));
      if (!raw) return QueryResult{};  // empty statement
      cache_.put(key, raw);
    }
    // Leave the cached statement reset and unbound whatever happens below.
    struct Reset {
      sqlite3_stmt* st;
      ~Reset() {
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
      }
    } reset{raw};
    // Statements were prepared with "?N" for "$N", so parameter N binds at index N (named
    // parameters are looked up linearly, which made 4,500-parameter batch inserts quadratic).
    const int count = sqlite3_bind_parameter_count(raw);
    for (std::size_t i = 0; i < params.size(); ++i) {
      const int idx = int(i + 1);
      if (idx > count) break;  // parameter not used by this statement
      int rc = std::visit(
          [&](const auto& v) -> int {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::nullptr_t>)
              return sqlite3_bind_null(raw, idx);
            else if constexpr (std::is_same_v<T, std::int64_t>)
              return sqlite3_bind_int64(raw, idx, v);
            else if constexpr (std::is_same_v<T, double>)
              return sqlite3_bind_double(raw, idx, v);
            else if constexpr (std::is_same_v<T, Blob>)
              return sqlite3_bind_blob64(raw, idx, v.bytes.data(), v.bytes.size(),
                                         SQLITE_TRANSIENT);
            else
              return sqlite3_bind_text(raw, idx, v.data(), int(v.size()), SQLITE_TRANSIENT);
          },
          params[i]);
      if (rc != SQLITE_OK) return fail(error_of(rc));
    }
    QueryResult out;
    int ncol = sqlite3_column_count(raw);
    for (int c = 0; c < ncol; ++c) out.columns.emplace_back(sqlite3_column_name(raw, c));
    for (;;) {
      int rc = sqlite3_step(raw);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) return fail(error_of(rc));
      std::vector<std::optional<std::string>> cells;
      cells.reserve(std::size_t(ncol));
      for (int c = 0; c < ncol; ++c) {
        if (sqlite3_column_type(raw, c) == SQLITE_NULL) {
          cells.emplace_back(std::nullopt);
        } else if (sqlite3_column_type(raw, c) == SQLITE_BLOB) {
          auto* bytes = static_cast<const char*>(sqlite3_column_blob(raw, c));
          cells.emplace_back(std::string(bytes, std::size_t(sqlite3_column_bytes(raw, c))));
        } else {
          auto* text = reinterpret_cast<const char*>(sqlite3_column_text(raw, c));
          cells.emplace_back(std::string(text, std::size_t(sqlite3_column_bytes(raw, c))));
        }
      }
      out.rows.emplace_back(std::move(cells));
    }
    out.affected = sqlite3_changes64(db_);
    return out;
  }

  sqlite3* db_;
  StatementCache& cache_;
  StoreStats& stats_;
};

// A connection with its own prepared statements.
struct SqliteConn {
  explicit SqliteConn(sqlite3* d) : db(d) {}
  ~SqliteConn() {
    cache.reset();  // statements before the connection
    sqlite3_close_v2(db);
  }
  SqliteConn(const SqliteConn&) = delete;
  SqliteConn& operator=(const SqliteConn&) = delete;
  sqlite3* db;
  std::optional<StatementCache> cache{std::in_place};
};

bool is_select(std::string_view sql) {
  while (!sql.empty() && (sql.front() == ' ' || sql.front() == '\n')) sql.remove_prefix(1);
  if (sql.size() < 7) return false;
  constexpr std::string_view kSelect = "SELECT ";
  for (std::size_t i = 0; i < kSelect.size(); ++i)
    if (std::toupper(static_cast<unsigned char>(sql[i])) != kSelect[i]) return false;
  return true;
}

// One writer connection (a mutex and BEGIN IMMEDIATE serialise writers) and, for a database
// file, a few read-only connections: in WAL mode a lone SELECT on one of them reads the last
// committed state without waiting for a writer's long transaction (a feed import, say).
// Thread-safe.
class SqliteStore final : public Store {
 public:
  SqliteStore(std::unique_ptr<SqliteConn> writer, std::string path,
              std::vector<std::unique_ptr<SqliteConn>> readers)
      : writer_(std::move(writer)), path_(std::move(path)), readers_(std::move(readers)) {
    for (auto& r : readers_) free_.push_back(r.get());
  }

  Dialect dialect() const override { return Dialect::kSqlite; }
  std::string describe() const override { return "sqlite:" + path_; }

  // Autocommit: a lone statement is its own transaction, as durable as BEGIN ... COMMIT.
  Result<QueryResult> query(std::string_view sql, std::span<const Param> params) override {
    if (!readers_.empty() && is_select(sql)) {
      SqliteConn* reader = nullptr;
      {
        std::unique_lock lock(readers_mu_);
        readers_cv_.wait(lock, [&] { return !free_.empty(); });
        reader = free_.back();
        free_.pop_back();
      }
      struct Return {
        SqliteStore& s;
        SqliteConn* c;
        ~Return() {
          {
            std::lock_guard lock(s.readers_mu_);
            s.free_.push_back(c);
          }
          s.readers_cv_.notify_one();
        }
      } give_back{*this, reader};
      SqliteTx tx(reader->db, *reader->cache, stats_);
      return tx.query(sql, params);
    }
    std::lock_guard lock(mu_);
    SqliteTx tx(writer_->db, *writer_->cache, stats_);
    return tx.query(sql, params);
  }
  using Store::query;

  // The guard rolls back on every exit but an explicit commit, a throw from fn included, so
  // the one connection is never left inside BEGIN for the next caller.
  Status transact(const std::function<Status(Tx&)>& fn) override {
    std::lock_guard lock(mu_);
    return transact_locked(fn);
  }

  // A writer busy in its transaction proves the store takes writes; the probe does not queue
  // behind it (a feed import may hold the lock for seconds).
  Status probe_write(std::int64_t now_s) override {
    std::unique_lock lock(mu_, std::try_to_lock);
    if (!lock.owns_lock()) return {};
    return transact_locked([&](Tx& tx) { return write_probe_row(tx, now_s); });
  }

 private:
  Status transact_locked(const std::function<Status(Tx&)>& fn) {
    SqliteTx tx(writer_->db, *writer_->cache, stats_);
    if (auto st = tx.exec_script("BEGIN IMMEDIATE"); !st) return st;
    struct Guard {
      SqliteTx& tx;
      bool open = true;
      ~Guard() {
        if (open) (void)tx.exec_script("ROLLBACK");
      }
    } guard{tx};
    if (auto st = fn(tx); !st) return st;
    if (auto c = tx.exec_script("COMMIT"); !c) return c;  // the guard rolls back
    guard.open = false;
    return {};
  }

  std::mutex mu_;  // the writer
  std::unique_ptr<SqliteConn> writer_;
  std::string path_;
  std::vector<std::unique_ptr<SqliteConn>> readers_;
  std::mutex readers_mu_;
  std::condition_variable readers_cv_;
  std::vector<SqliteConn*> free_;  // under readers_mu_
};

}  // namespace

namespace {

Result<sqlite3*> open_connection(const std::string& path, int flags) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags | SQLITE_OPEN_FULLMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close_v2(db);
    return fail(
        Error{ErrorKind::kUnavailable, "sqlite: cannot open " + path + ": " + msg, "db", {}});
  }
  return db;
}

Status exec_pragmas(sqlite3* db, const char* pragmas) {
  char* msg = nullptr;
  if (sqlite3_exec(db, pragmas, nullptr, nullptr, &msg) != SQLITE_OK) {
    std::string m = msg ? msg : "";
    sqlite3_free(msg);
    return fail(Error::internal("sqlite: " + m));
  }
  return {};
}

}  // namespace

Result<std::unique_ptr<Store>> open_sqlite_store(const std::string& path, int readers) {
  if (path.empty()) return fail(Error::invalid("sqlite: empty database path", "db"));
  const bool memory = path == ":memory:";
  if (!memory) {
    auto parent = std::filesystem::path(path).parent_path();
    std::error_code ec;
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  }
  auto db = open_connection(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  if (!db) return fail(db.error());
  auto writer = std::make_unique<SqliteConn>(*db);  // closes it on every return below
  // WAL lets readers run beside the writer; FULL syncs the WAL on every commit, so an
  // acknowledged write survives a crash or power loss.
  if (auto st = exec_pragmas(*db,
                             "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
                             "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000;");
      !st)
    return fail(st.error());
  // An in-memory database is private to its connection: no readers beside the writer.
  std::vector<std::unique_ptr<SqliteConn>> pool;
  for (int i = 0; !memory && i < readers; ++i) {
    auto r = open_connection(path, SQLITE_OPEN_READONLY);
    if (!r) return fail(r.error());
    pool.push_back(std::make_unique<SqliteConn>(*r));
    if (auto st = exec_pragmas(*r, "PRAGMA busy_timeout=5000;"); !st) return fail(st.error());
  }
  return std::unique_ptr<Store>(new SqliteStore(std::move(writer), path, std::move(pool)));
}

Result<std::unique_ptr<Store>> open_sqlite_store_read_only(const std::string& path) {
  std::error_code ec;
  if (path == ":memory:" || !std::filesystem::is_regular_file(path, ec))
    return fail(Error::not_found("sqlite: no database at " + path));
  auto db = open_connection(path, SQLITE_OPEN_READONLY);
  if (!db) return fail(db.error());
  auto conn = std::make_unique<SqliteConn>(*db);
  if (auto st = exec_pragmas(*db, "PRAGMA busy_timeout=5000; PRAGMA query_only=ON;"); !st)
    return fail(st.error());
  return std::unique_ptr<Store>(new SqliteStore(std::move(conn), path, {}));
}

}  // namespace zt
