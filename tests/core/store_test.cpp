#include "core/store.hpp"

#include <thread>

#include <gtest/gtest.h>

#include "core/migrations.hpp"
#include "support/test_store.hpp"

namespace zt {
namespace {

class StoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    db_ = std::make_unique<test::TestDb>(GetParam());
    ZT_REQUIRE_DB(*db_);
    auto s = Store::open(db_->url(), 4);
    ASSERT_TRUE(s) << s.error().message;
    store_ = std::move(*s);
  }
  std::unique_ptr<test::TestDb> db_;
  std::unique_ptr<Store> store_;
};

TEST_P(StoreTest, MigrationsApplyOnceAndRecordThemselves) {
  auto sets = std::vector<MigrationSet>{core_migrations()};
  auto first = migrate(*store_, sets);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(*first, std::ssize(core_migrations().migrations));
  auto second = migrate(*store_, sets);
  ASSERT_TRUE(second);
  EXPECT_EQ(*second, 0);
  auto r = store_->query("SELECT module, number FROM schema_migrations");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->rows.size(), core_migrations().migrations.size());
  EXPECT_EQ(r->rows[0].str(0), "core");
}

TEST_P(StoreTest, ParametersRoundTripEveryType) {
  auto ddl =
      dialect_sql(store_->dialect(),
                  "CREATE TABLE t (id {{pk}}, i BIGINT, d DOUBLE PRECISION, s TEXT, n TEXT)");
  ASSERT_TRUE(store_->query(ddl));
  auto ins =
      store_->query("INSERT INTO t (i, d, s, n) VALUES ($1, $2, $3, $4) RETURNING id",
                    {std::int64_t(9007199254740993), 2.5, std::string("三门峡'\"x"), nullptr});
  ASSERT_TRUE(ins) << ins.error().message;
  EXPECT_EQ(ins->rows[0].i64(0), 1);
  // Placeholders used out of order and twice.
  auto r = store_->query("SELECT i, d, s, n FROM t WHERE s = $2 AND i = $1 AND s = $2",
                         {std::int64_t(9007199254740993), std::string("三门峡'\"x")});
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(r->rows.size(), 1u);
  EXPECT_EQ(r->rows[0].i64(0), 9007199254740993);
  EXPECT_DOUBLE_EQ(r->rows[0].f64(1), 2.5);
  EXPECT_EQ(r->rows[0].str(2), "三门峡'\"x");
  EXPECT_TRUE(r->rows[0].is_null(3));
}

TEST_P(StoreTest, BlobsRoundTripEveryByte) {
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes.push_back(char(i));
  bytes += std::string("\\x41\0tail", 9);  // looks like bytea text output; must stay raw
  auto st = store_->transact([&](Tx& tx) -> Status {
    auto c = tx.query(store_->dialect() == Dialect::kPostgres
                          ? "CREATE TABLE b (id INTEGER PRIMARY KEY, v BYTEA)"
                          : "CREATE TABLE b (id INTEGER PRIMARY KEY, v BLOB)");
    if (!c) return fail(c.error());
    auto i = tx.query("INSERT INTO b (id, v) VALUES ($1, $2)", {std::int64_t(1), Blob{bytes}});
    if (!i) return fail(i.error());
    return {};
  });
  ASSERT_TRUE(st) << st.error().message;
  auto r = store_->query("SELECT v FROM b WHERE id = $1", {std::int64_t(1)});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->rows.at(0).str(0), bytes);
}

TEST_P(StoreTest, FailedTransactionRollsBackWholly) {
  ASSERT_TRUE(
      store_->query(dialect_sql(store_->dialect(), "CREATE TABLE t (id {{pk}}, s TEXT UNIQUE)")));
  auto st = store_->transact([](Tx& tx) -> Status {
    auto a = tx.query("INSERT INTO t (s) VALUES ($1)", {std::string("a")});
    if (!a) return fail(a.error());
    return fail(Error::invalid("stop"));
  });
  EXPECT_FALSE(st);
  auto n = store_->query("SELECT COUNT(*) FROM t");
  ASSERT_TRUE(n);
  EXPECT_EQ(n->rows[0].i64(0), 0);
}

// A throw inside the callback must roll back like a returned error: before the guard, SQLite
// stayed in BEGIN IMMEDIATE (every later transaction failed) and a pooled PostgreSQL connection
// went back mid-transaction, so the next caller's COMMIT persisted the half-done insert.
TEST_P(StoreTest, ThrowInsideTransactionRollsBackAndLaterWritesWork) {
  auto one = Store::open(db_->url(), 1);  // one connection: the next caller gets the same one
  ASSERT_TRUE(one) << one.error().message;
  auto& store = **one;
  ASSERT_TRUE(store.query(dialect_sql(store.dialect(), "CREATE TABLE t (id {{pk}}, s TEXT)")));
  EXPECT_THROW((void)store.transact([](Tx& tx) -> Status {
    EXPECT_TRUE(tx.query("INSERT INTO t (s) VALUES ($1)", {std::string("half")}));
    throw std::runtime_error("thrown mid-transaction");
  }),
               std::runtime_error);
  auto st = store.transact([](Tx& tx) -> Status {
    auto a = tx.query("INSERT INTO t (s) VALUES ($1)", {std::string("whole")});
    if (!a) return fail(a.error());
    return {};
  });
  ASSERT_TRUE(st) << st.error().message;
  auto rows = store.query("SELECT s FROM t ORDER BY s");
  ASSERT_TRUE(rows) << rows.error().message;
  ASSERT_EQ(rows->rows.size(), 1u);
  EXPECT_EQ(rows->rows[0].str(0), "whole");
}

// A failed COMMIT (a deferred foreign key) leaves the connection outside any transaction.
TEST_P(StoreTest, FailedCommitLeavesTheConnectionUsable) {
  auto one = Store::open(db_->url(), 1);
  ASSERT_TRUE(one) << one.error().message;
  auto& store = **one;
  ASSERT_TRUE(store.query(dialect_sql(store.dialect(), "CREATE TABLE p (id {{pk}})")));
  ASSERT_TRUE(
      store.query("CREATE TABLE c (id BIGINT REFERENCES p(id) DEFERRABLE INITIALLY DEFERRED)"));
  auto st = store.transact([](Tx& tx) -> Status {
    auto a = tx.query("INSERT INTO c (id) VALUES (42)");
    if (!a) return fail(a.error());
    return {};
  });
  EXPECT_FALSE(st);
  auto again = store.transact([](Tx& tx) -> Status {
    auto a = tx.query("INSERT INTO p (id) VALUES (7)");
    if (!a) return fail(a.error());
    return {};
  });
  ASSERT_TRUE(again) << again.error().message;
  auto n = store.query("SELECT COUNT(*) FROM c");
  ASSERT_TRUE(n);
  EXPECT_EQ(n->rows[0].i64(0), 0);
}

TEST_P(StoreTest, UniqueViolationIsConflict) {
  ASSERT_TRUE(
      store_->query(dialect_sql(store_->dialect(), "CREATE TABLE t (id {{pk}}, s TEXT UNIQUE)")));
  ASSERT_TRUE(store_->query("INSERT INTO t (s) VALUES ($1)", {std::string("x")}));
  auto dup = store_->query("INSERT INTO t (s) VALUES ($1)", {std::string("x")});
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().kind, ErrorKind::kConflict);
  auto syntax = store_->query("SELEC nonsense");
  ASSERT_FALSE(syntax);
  EXPECT_EQ(syntax.error().kind, ErrorKind::kInternal);
}

TEST_P(StoreTest, ConcurrentWritersAllLand) {
  ASSERT_TRUE(
      store_->query(dialect_sql(store_->dialect(), "CREATE TABLE t (id {{pk}}, w BIGINT)")));
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int w = 0; w < 4; ++w)
    threads.emplace_back([&, w] {
      for (int i = 0; i < 25; ++i)
        if (!store_->query("INSERT INTO t (w) VALUES ($1)", {std::int64_t(w)})) failures++;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  auto n = store_->query("SELECT COUNT(*) FROM t");
  ASSERT_TRUE(n);
  EXPECT_EQ(n->rows[0].i64(0), 100);
}

TEST(StoreOpen, RejectsUnknownUrls) {
  auto s = Store::open("mysql://x");
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().field, "db");
  auto pg = Store::open("postgresql://nobody@127.0.0.1:1/none?connect_timeout=2");
  ASSERT_FALSE(pg);
  EXPECT_EQ(pg.error().kind, ErrorKind::kUnavailable);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest, ::testing::ValuesIn(test::backends()));

}  // namespace
}  // namespace zt
