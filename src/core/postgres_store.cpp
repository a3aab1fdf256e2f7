// PostgreSQL backend over libpq: a small pool of connections; each transaction takes one.
// Parameters travel as text and PostgreSQL infers their types from the statement.
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <mutex>

#include <libpq-fe.h>

#include "core/store.hpp"

namespace zt {
namespace {

using PgResult = std::unique_ptr<PGresult, decltype(&PQclear)>;

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
  PgTx(PGconn* conn, StoreStats& stats) : conn_(conn), stats_(stats) {}
  Dialect dialect() const override { return Dialect::kPostgres; }

  Result<QueryResult> query(std::string_view sql, std::span<const Param> params) override {
    auto start = std::chrono::steady_clock::now();
    auto r = run(sql, params);
    stats_.queries++;
    stats_.micros += std::uint64_t(std::chrono::duration_cast<std::chrono::microseconds>(
                                       std::chrono::steady_clock::now() - start)
                                       .count());
    if (!r) stats_.errors++;
    return r;
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
    for (std::size_t i = 0; i < params.size(); ++i) {
      std::visit(
          [&](const auto& v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::nullptr_t>) {
              values[i] = nullptr;
            } else {
              if constexpr (std::is_same_v<T, std::int64_t>)
                text[i] = std::to_string(v);
              else if constexpr (std::is_same_v<T, double>) {
                char buf[32];
                std::snprintf(buf, sizeof buf, "%.17g", v);
                text[i] = buf;
              } else
                text[i] = v;
              values[i] = text[i].c_str();
            }
          },
          params[i]);
    }
    std::string s(sql);
    PgResult res(PQexecParams(conn_, s.c_str(), int(params.size()), nullptr, values.data(), nullptr,
                              nullptr, 0),
                 &PQclear);
    auto st = PQresultStatus(res.get());
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) return fail(pg_error(conn_, res.get()));
    QueryResult out;
    int ncol = PQnfields(res.get());
    int nrow = PQntuples(res.get());
    for (int c = 0; c < ncol; ++c) out.columns.emplace_back(PQfname(res.get(), c));
    out.rows.reserve(std::size_t(nrow));
    for (int r = 0; r < nrow; ++r) {
      std::vector<std::optional<std::string>> cells;
      cells.reserve(std::size_t(ncol));
      for (int c = 0; c < ncol; ++c) {
        if (PQgetisnull(res.get(), r, c))
          cells.emplace_back(std::nullopt);
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
  StoreStats& stats_;
};

class PgStore final : public Store {
 public:
  PgStore(std::string conninfo, std::vector<PGconn*> conns)
      : conninfo_(std::move(conninfo)), free_(std::move(conns)) {
    all_ = free_;
  }
  ~PgStore() override {
    for (auto* c : all_) PQfinish(c);
  }

  Dialect dialect() const override { return Dialect::kPostgres; }
  std::string describe() const override {
    // Drop any password from the URL before it reaches a log.
    auto at = conninfo_.find('@');
    auto scheme = conninfo_.find("://");
    if (at == std::string::npos || scheme == std::string::npos) return conninfo_;
    return conninfo_.substr(0, scheme + 3) + "…" + conninfo_.substr(at);
  }

  Status transact(const std::function<Status(Tx&)>& fn) override {
    PGconn* conn = acquire();
    struct Release {
      PgStore* self;
      PGconn* c;
      ~Release() { self->release(c); }
    } release{this, conn};
    if (PQstatus(conn) != CONNECTION_OK) PQreset(conn);
    if (PQstatus(conn) != CONNECTION_OK)
      return fail(Error{ErrorKind::kUnavailable,
                        std::string("postgresql: connection lost: ") + PQerrorMessage(conn),
                        {},
                        {}});
    PgTx tx(conn, stats_);
    if (auto st = tx.exec_script("BEGIN"); !st) return st;
    auto st = fn(tx);
    if (!st) {
      (void)tx.exec_script("ROLLBACK");
      return st;
    }
    if (auto c = tx.exec_script("COMMIT"); !c) return c;
    return {};
  }

 private:
  PGconn* acquire() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return !free_.empty(); });
    PGconn* c = free_.back();
    free_.pop_back();
    return c;
  }
  void release(PGconn* c) {
    {
      std::lock_guard lock(mu_);
      free_.push_back(c);
    }
    cv_.notify_one();
  }

  std::string conninfo_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<PGconn*> free_;
  std::vector<PGconn*> all_;
};

}  // namespace

Result<std::unique_ptr<Store>> open_postgres_store(const std::string& conninfo, int pool_size) {
  std::vector<PGconn*> conns;
  for (int i = 0; i < std::max(1, pool_size); ++i) {
    PGconn* c = PQconnectdb(conninfo.c_str());
    if (PQstatus(c) != CONNECTION_OK) {
      std::string msg = PQerrorMessage(c);
      PQfinish(c);
      for (auto* o : conns) PQfinish(o);
      while (!msg.empty() && msg.back() == '\n') msg.pop_back();
      return fail(Error{ErrorKind::kUnavailable, "postgresql: cannot connect: " + msg, "db", {}});
    }
    // Keep notices (e.g. "relation already exists, skipping") out of stderr.
    PQsetNoticeProcessor(
        c, [](void*, const char*) {}, nullptr);
    conns.push_back(c);
  }
  return std::unique_ptr<Store>(new PgStore(conninfo, std::move(conns)));
}

}  // namespace zt
