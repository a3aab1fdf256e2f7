// PostgreSQL backend over libpq: a small pool of connections; each transaction takes one.
// Parameters travel as text and PostgreSQL infers their types from the statement.
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <unordered_map>

#include <libpq-fe.h>

#include "core/store.hpp"

namespace zt {
namespace {

constexpr Oid kByteaOid = 17;

// bytea in text output format is "\x" followed by hex digits.
std::string unhex_bytea(const char* v) {
  std::string out;
  if (v[0] != '\\' || v[1] != 'x') return v;
  auto nib = [](char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; };
  for (const char* p = v + 2; p[0] && p[1]; p += 2) out.push_back(char(nib(p[0]) << 4 | nib(p[1])));
  return out;
}

using PgResult = std::unique_ptr<PGresult, decltype(&PQclear)>;

// A pooled connection and the statements prepared on it (SQL text -> statement name), so a
// statement is parsed and planned once per connection rather than on every call.
struct PgConn {
  PGconn* pg = nullptr;
  std::unordered_map<std::string, std::string> prepared;
};
constexpr std::size_t kMaxPrepared = 512;

bool cacheable(std::string_view sql) {
  while (!sql.empty() && (sql.front() == ' ' || sql.front() == '\n')) sql.remove_prefix(1);
  auto starts = [&](std::string_view w) {
    if (sql.size() < w.size()) return false;
    for (std::size_t i = 0; i < w.size(); ++i)
      if (std::toupper(static_cast<unsigned char>(sql[i])) != w[i]) return false;
    return true;
  };
  return starts("SELECT") || starts("INSERT") || starts("UPDATE") || starts("DELETE") ||
         starts("WITH");
}

Error pg_error(PGconn* conn, PGresult* res) {
  std::string msg = "postgresql: ";
  msg += res ? PQresultErrorMessage(res) : PQerrorMessage(conn);
  while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
  const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  if (PQstatus(conn) != CONNECTION_OK) return {ErrorKind::kUnavailable, msg, {}, {}};
  if (state) {
    std::string_view s(state);
    if (s == "23505") return Error::conflict(msg);
    if (s.starts_with("23") || s.starts_with("22")) return Error::invalid(msg);
    if (s == "40001" || s == "40P01") return Error::conflict(msg);
    if (s.starts_with("08") || s.starts_with("57")) return {ErrorKind::kUnavailable, msg, {}, {}};
  }
  return Error::internal(msg);
}

class PgTx final : public Tx {
 public:
  PgTx(PgConn& conn, StoreStats& stats) : conn_(conn.pg), pc_(conn), stats_(stats) {}
  Dialect dialect() const override { return Dialect::kPostgres; }

  Result<QueryResult> query(std::string_view sql, std::span<const Param> params) override {
    return stats_.measure([&] { return run(sql, params); });
  }

  Status exec_script(std::string_view sql) override {
    std::string s(sql);
    PgResult res(PQexec(conn_, s.c_str()), &PQclear);
    auto st = PQresultStatus(res.get());
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) return fail(pg_error(conn_, res.get()));
    return {};
  }

  Status lock(std::int64_t key) override {
    Param p = key;
    auto r = query("SELECT pg_advisory_xact_lock($1::bigint)", std::span<const Param>(&p, 1));
    if (!r) return fail(r.error());
    return {};
  }

 private:
  Result<QueryResult> run(std::string_view sql, std::span<const Param> params) {
    std::vector<std::string> text(params.size());
    std::vector<const char*> values(params.size(), nullptr);
    // Blobs travel in binary format; everything else as text.
    std::vector<int> lengths(params.size(), 0), formats(params.size(), 0);
    for (std::size_t i = 0; i < params.size(); ++i) {
      std::visit(
          [&](const auto& v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::nullptr_t>) {
              values[i] = nullptr;
            } else {
              if constexpr (std::is_same_v<T, Blob>) {
                text[i] = v.bytes;
                formats[i] = 1;
              } else if constexpr (std::is_same_v<T, std::int64_t>)
                text[i] = std::to_string(v);
              else if constexpr (std::is_same_v<T, double>) {
                char buf[32];
                std::snprintf(buf, sizeof buf, "%.17g", v);
                text[i] = buf;
              } else
                text[i] = v;
              values[i] = text[i].c_str();
              lengths[i] = int(text[i].size());
            }
          },
          params[i]);
    }
    std::string s(sql);
    PgResult res(nullptr, &PQclear);
    if (cacheable(s)) {
      auto it = pc_.prepared.find(s);
      if (it == pc_.prepared.end()) {
        if (pc_.prepared.size() >= kMaxPrepared) {
          PQclear(PQexec(conn_, "DEALLOCATE ALL"));
          pc_.prepared.clear();
        }
        std::string name = "zt" + std::to_string(next_statement_++);
        PgResult prep(PQprepare(conn_, name.c_str(), s.c_str(), int(params.size()), nullptr),
                      &PQclear);
        if (PQresultStatus(prep.get()) != PGRES_COMMAND_OK)
          return fail(pg_error(conn_, prep.get()));
        it = pc_.prepared.emplace(s, name).first;
      }
      res.reset(PQexecPrepared(conn_, it->second.c_str(), int(params.size()), values.data(),
                               lengths.data(), formats.data(), 0));
    } else {
      res.reset(PQexecParams(conn_, s.c_str(), int(params.size()), nullptr, values.data(),
                             lengths.data(), formats.data(), 0));
    }
    auto st = PQresultStatus(res.get());
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) return fail(pg_error(conn_, res.get()));
    QueryResult out;
    int ncol = PQnfields(res.get());
    int nrow = PQntuples(res.get());
    std::vector<bool> bytea(std::size_t(ncol), false);
    for (int c = 0; c < ncol; ++c) {
      out.columns.emplace_back(PQfname(res.get(), c));
      bytea[std::size_t(c)] = PQftype(res.get(), c) == kByteaOid;
    }
    out.rows.reserve(std::size_t(nrow));
    for (int r = 0; r < nrow; ++r) {
      std::vector<std::optional<std::string>> cells;
      cells.reserve(std::size_t(ncol));
      for (int c = 0; c < ncol; ++c) {
        if (PQgetisnull(res.get(), r, c))
          cells.emplace_back(std::nullopt);
        else if (bytea[std::size_t(c)])
          cells.emplace_back(unhex_bytea(PQgetvalue(res.get(), r, c)));
        else
          cells.emplace_back(
              std::string(PQgetvalue(res.get(), r, c), std::size_t(PQgetlength(res.get(), r, c))));
      }
      out.rows.emplace_back(std::move(cells));
    }
    const char* tuples = PQcmdTuples(res.get());
    out.affected = (tuples && *tuples) ? std::atoll(tuples) : 0;
    return out;
  }

  PGconn* conn_;
  PgConn& pc_;
  StoreStats& stats_;
  static inline std::atomic<std::uint64_t> next_statement_{1};
};

class PgStore final : public Store {
 public:
  PgStore(std::string conninfo, std::vector<std::unique_ptr<PgConn>> conns)
      : conninfo_(std::move(conninfo)), all_(std::move(conns)) {
    for (auto& c : all_) free_.push_back(c.get());
  }
  ~PgStore() override {
    for (auto& c : all_) PQfinish(c->pg);
  }

  Dialect dialect() const override { return Dialect::kPostgres; }
  std::string describe() const override {
    // Drop any password from the URL before it reaches a log.
    auto at = conninfo_.find('@');
    auto scheme = conninfo_.find("://");
    if (at == std::string::npos || scheme == std::string::npos) return conninfo_;
    return conninfo_.substr(0, scheme + 3) + "…" + conninfo_.substr(at);
  }

  // One round trip: PostgreSQL commits a lone statement by itself, as durably as COMMIT.
  Result<QueryResult> query(std::string_view sql, std::span<const Param> params) override {
    Lease lease(*this);
    if (auto st = lease.check(); !st) return fail(st.error());
    PgTx tx(*lease.conn, stats_);
    return tx.query(sql, params);
  }
  using Store::query;

  // The guard rolls back on every exit but a successful commit, a throw from fn included. A
  // connection whose rollback fails is reset before it returns to the pool, so no later caller
  // can COMMIT half of this transaction.
  Status transact(const std::function<Status(Tx&)>& fn) override {
    Lease lease(*this);
    if (auto st = lease.check(); !st) return st;
    PgTx tx(*lease.conn, stats_);
    if (auto st = tx.exec_script("BEGIN"); !st) return st;
    struct Guard {
      PgTx& tx;
      PgConn& conn;
      bool open = true;
      ~Guard() {
        if (!open) return;
        if (tx.exec_script("ROLLBACK") && PQtransactionStatus(conn.pg) == PQTRANS_IDLE) return;
        PQreset(conn.pg);
        conn.prepared.clear();
      }
    } guard{tx, *lease.conn};
    if (auto st = fn(tx); !st) return st;
    if (auto c = tx.exec_script("COMMIT"); !c) return c;  // the guard rolls back or resets
    guard.open = false;
    return {};
  }

 private:
  // A connection taken from the pool for one call, returned on scope exit.
  struct Lease {
    explicit Lease(PgStore& s) : store(s) {
      std::unique_lock lock(s.mu_);
      s.cv_.wait(lock, [&] { return !s.free_.empty(); });
      conn = s.free_.back();
      s.free_.pop_back();
    }
    ~Lease() {
      {
        std::lock_guard lock(store.mu_);
        store.free_.push_back(conn);
      }
      store.cv_.notify_one();
    }
    // Reconnects a broken connection; its prepared statements died with the old session.
    Status check() {
      if (PQstatus(conn->pg) == CONNECTION_OK) return {};
      PQreset(conn->pg);
      conn->prepared.clear();
      if (PQstatus(conn->pg) == CONNECTION_OK) return {};
      return fail(Error{ErrorKind::kUnavailable,
                        std::string("postgresql: connection lost: ") + PQerrorMessage(conn->pg),
                        {},
                        {}});
    }
    PgStore& store;
    PgConn* conn = nullptr;
  };

  std::string conninfo_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<PgConn>> all_;
  std::vector<PgConn*> free_;
};

}  // namespace

Result<std::unique_ptr<Store>> open_postgres_store(const std::string& conninfo, int pool_size) {
  std::vector<std::unique_ptr<PgConn>> conns;
  for (int i = 0; i < std::max(1, pool_size); ++i) {
    PGconn* c = PQconnectdb(conninfo.c_str());
    if (PQstatus(c) != CONNECTION_OK) {
      std::string msg = PQerrorMessage(c);
      PQfinish(c);
      for (auto& o : conns) PQfinish(o->pg);
      while (!msg.empty() && msg.back() == '\n') msg.pop_back();
      return fail(Error{ErrorKind::kUnavailable, "postgresql: cannot connect: " + msg, "db", {}});
    }
    // Keep notices (e.g. "relation already exists, skipping") out of stderr.
    PQsetNoticeProcessor(
        c, [](void*, const char*) {}, nullptr);
    auto pc = std::make_unique<PgConn>();
    pc->pg = c;
    conns.push_back(std::move(pc));
  }
  return std::unique_ptr<Store>(new PgStore(conninfo, std::move(conns)));
}

}  // namespace zt
