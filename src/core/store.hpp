// One store interface, two backends: SQLite (embedded, default) and PostgreSQL (multi-instance).
// SQL is written once with $1, $2 ... placeholders, which both backends accept; timestamps are
// stored as integer Unix seconds so no date type differs between them.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/error.hpp"

namespace zt {

enum class Dialect { kSqlite, kPostgres };

// Bytes bound as a BLOB (SQLite) / bytea (PostgreSQL); read back raw with Row::str in both.
struct Blob {
  std::string bytes;
};
using Param = std::variant<std::nullptr_t, std::int64_t, double, std::string, Blob>;
// NULL for an absent value.
template <class T>
Param nullable(const std::optional<T>& v) {
  return v ? Param(*v) : Param(nullptr);
}

class Row {
 public:
  explicit Row(std::vector<std::optional<std::string>> cells) : cells_(std::move(cells)) {}
  std::size_t size() const { return cells_.size(); }
  bool is_null(std::size_t i) const { return !cells_.at(i).has_value(); }
  const std::string& str(std::size_t i) const;  // "" for NULL
  std::optional<std::string> opt_str(std::size_t i) const { return cells_.at(i); }
  std::int64_t i64(std::size_t i) const;  // 0 for NULL
  std::optional<std::int64_t> opt_i64(std::size_t i) const;
  double f64(std::size_t i) const;

 private:
  std::vector<std::optional<std::string>> cells_;
};

struct QueryResult {
  std::vector<std::string> columns;
  std::vector<Row> rows;
  std::int64_t affected = 0;  // rows changed by INSERT/UPDATE/DELETE
};

// A connection inside a transaction (or autocommit for Store::query).
class Tx {
 public:
  virtual ~Tx() = default;
  virtual Dialect dialect() const = 0;
  // One statement with parameters. Unique violations come back as kConflict.
  virtual Result<QueryResult> query(std::string_view sql, std::span<const Param> params = {}) = 0;
  Result<QueryResult> query(std::string_view sql, std::initializer_list<Param> params) {
    return query(sql, std::span<const Param>(params.begin(), params.size()));
  }
  // Several statements without parameters (migrations).
  virtual Status exec_script(std::string_view sql) = 0;
  // Serialises writers of one logical resource (e.g. the audit chain) across instances.
  // SQLite's BEGIN IMMEDIATE already serialises all writers, so there it is a no-op.
  virtual Status lock(std::int64_t key) = 0;
};

struct StoreStats {
  std::atomic<std::uint64_t> queries{0};
  std::atomic<std::uint64_t> micros{0};
  std::atomic<std::uint64_t> errors{0};

  // Runs one statement and counts it (for /metrics).
  template <class Run>
  Result<QueryResult> measure(Run&& run) {
    auto start = std::chrono::steady_clock::now();
    auto r = run();
    queries++;
    micros += std::uint64_t(std::chrono::duration_cast<std::chrono::microseconds>(
                                std::chrono::steady_clock::now() - start)
                                .count());
    if (!r) errors++;
    return r;
  }
};

class Store {
 public:
  virtual ~Store() = default;
  // "sqlite:PATH", "sqlite::memory:" or "postgresql://..." / "postgres://...". `pool_size` is
  // PostgreSQL's connections, SQLite's read-only connections beside its writer.
  static Result<std::unique_ptr<Store>> open(std::string_view url, int pool_size = 4);
  // A store that only reads (`audit verify`, reports on a database in use): it neither creates
  // nor migrates, and every write fails. SQLite opens the file read-only beside a running
  // server (WAL); PostgreSQL sets default_transaction_read_only on its one connection.
  static Result<std::unique_ptr<Store>> open_read_only(std::string_view url);

  virtual Dialect dialect() const = 0;
  // Runs fn in one transaction: committed if fn succeeds, rolled back otherwise. A commit that
  // returns success is durable (SQLite WAL + synchronous=FULL; PostgreSQL synchronous_commit).
  virtual Status transact(const std::function<Status(Tx&)>& fn) = 0;
  // Like transact but fn returns a value.
  template <class T>
  Result<T> transact_value(const std::function<Result<T>(Tx&)>& fn) {
    std::optional<T> out;
    auto st = transact([&](Tx& tx) -> Status {
      auto r = fn(tx);
      if (!r) return fail(r.error());
      out = std::move(*r);
      return {};
    });
    if (!st) return fail(st.error());
    return std::move(*out);
  }
  // A single statement in its own transaction (autocommit where the backend has it).
  Result<QueryResult> query(std::string_view sql, std::initializer_list<Param> params = {});
  virtual Result<QueryResult> query(std::string_view sql, std::span<const Param> params);

  // Proves the store takes writes by rewriting health_probe's row (core migration 2) in its own
  // transaction; a backend may answer at once while another writer is mid-transaction.
  virtual Status probe_write(std::int64_t now_s);

  const StoreStats& stats() const { return stats_; }
  // A description safe to log (no password).
  virtual std::string describe() const = 0;

 protected:
  StoreStats stats_;
};

// `readers`: read-only connections for lone SELECTs beside the writer (none for ":memory:").
Result<std::unique_ptr<Store>> open_sqlite_store(const std::string& path, int readers = 2);
Result<std::unique_ptr<Store>> open_sqlite_store_read_only(const std::string& path);
// The statement probe_write runs, for backends that override it.
Status write_probe_row(Tx& tx, std::int64_t now_s);
Result<std::unique_ptr<Store>> open_postgres_store(const std::string& conninfo, int pool_size);

}  // namespace zt
