// Durable single-row inserts per second: our Store against a raw SQLite loop at the same
// durability (WAL, synchronous=FULL, one transaction per row), in the same run. With
// ZT_BENCH_PG_URL set, the same against raw libpq.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>

#include <libpq-fe.h>
#include <sqlite3.h>

#include "core/digest.hpp"
#include "core/migrations.hpp"
#include "core/store.hpp"
#include "timing.hpp"

namespace {

using Clock = zt::bench::Steady;
using zt::bench::seconds_since;
constexpr int kRows = 3000;

double ours(const std::string& url) {
  auto store = zt::Store::open(url, 1);
  if (!store) {
    std::fprintf(stderr, "%s\n", store.error().message.c_str());
    std::exit(1);
  }
  auto& s = **store;
  (void)s.query("DROP TABLE IF EXISTS bench_rows");
  (void)s.query(
      zt::dialect_sql(s.dialect(), "CREATE TABLE bench_rows (id {{pk}}, n BIGINT, s TEXT)"));
  auto t = Clock::now();
  for (int i = 0; i < kRows; ++i) {
    auto r = s.query("INSERT INTO bench_rows (n, s) VALUES ($1, $2)",
                     {std::int64_t(i), std::string("三门峡市重点工作进展")});
    if (!r) {
      std::fprintf(stderr, "%s\n", r.error().message.c_str());
      std::exit(1);
    }
  }
  return kRows / seconds_since(t);
}

double raw_sqlite(const std::string& path) {
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_exec(db,
               "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; DROP TABLE IF EXISTS raw_rows;"
               "CREATE TABLE raw_rows (id INTEGER PRIMARY KEY AUTOINCREMENT, n BIGINT, s TEXT)",
               nullptr, nullptr, nullptr);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, "INSERT INTO raw_rows (n, s) VALUES (?1, ?2)", -1, &st, nullptr);
  auto t = Clock::now();
  for (int i = 0; i < kRows; ++i) {
    // Autocommit: each row is its own durable transaction, as in ours().
    sqlite3_bind_int64(st, 1, i);
    sqlite3_bind_text(st, 2, "三门峡市重点工作进展", -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE) std::exit(1);
    sqlite3_reset(st);
  }
  double rate = kRows / seconds_since(t);
  sqlite3_finalize(st);
  sqlite3_close(db);
  return rate;
}

double raw_pg(const std::string& url) {
  PGconn* c = PQconnectdb(url.c_str());
  PQsetNoticeProcessor(
      c, [](void*, const char*) {}, nullptr);
  PQclear(PQexec(c,
                 "DROP TABLE IF EXISTS raw_rows; CREATE TABLE raw_rows (id BIGSERIAL PRIMARY KEY, "
                 "n BIGINT, s TEXT)"));
  PQclear(PQprepare(c, "ins", "INSERT INTO raw_rows (n, s) VALUES ($1, $2)", 2, nullptr));
  auto t = Clock::now();
  for (int i = 0; i < kRows; ++i) {
    std::string n = std::to_string(i);
    const char* v[2] = {n.c_str(), "三门峡市重点工作进展"};
    PGresult* r = PQexecPrepared(c, "ins", 2, v, nullptr, nullptr, 0);
    if (PQresultStatus(r) != PGRES_COMMAND_OK) std::exit(1);
    PQclear(r);
  }
  double rate = kRows / seconds_since(t);
  PQfinish(c);
  return rate;
}

void report(const char* backend, double ours_rate, double raw_rate, const char* peer) {
  std::printf("%-10s ours %8.0f rows/s | %-22s %8.0f rows/s | ratio %.2f (goal >= 0.80)\n", backend,
              ours_rate, peer, raw_rate, ours_rate / raw_rate);
}

}  // namespace

int main() {
  zt::init_crypto();
  auto dir = std::filesystem::temp_directory_path() / ("zt-bench-" + zt::random_hex(4));
  std::filesystem::create_directories(dir);
  std::printf("durable single-row inserts, %d rows each, one transaction per row\n", kRows);
  // Alternate and keep the better of two rounds each, so a disk hiccup hurts neither side alone.
  double o = 0, r = 0;
  for (int round = 0; round < 2; ++round) {
    r = std::max(r, raw_sqlite((dir / "raw.db").string()));
    o = std::max(o, ours("sqlite:" + (dir / "ours.db").string()));
  }
  report("sqlite", o, r, "raw sqlite3 loop");
  if (const char* pg = std::getenv("ZT_BENCH_PG_URL"); pg && *pg) {
    double po = 0, pr = 0;
    for (int round = 0; round < 2; ++round) {
      pr = std::max(pr, raw_pg(pg));
      po = std::max(po, ours(pg));
    }
    report("postgresql", po, pr, "raw libpq prepared");
  }
  std::filesystem::remove_all(dir);
}
