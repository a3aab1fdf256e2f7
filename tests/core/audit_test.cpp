#include "core/audit.hpp"

#include <gtest/gtest.h>

#include "core/migrations.hpp"
#include "support/test_store.hpp"

namespace zt {
namespace {

class AuditTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    db_ = std::make_unique<test::TestDb>(GetParam());
    ZT_REQUIRE_DB(*db_);
    auto s = Store::open(db_->url(), 2);
    ASSERT_TRUE(s) << s.error().message;
    store_ = std::move(*s);
    auto sets = std::vector<MigrationSet>{core_migrations()};
    ASSERT_TRUE(migrate(*store_, sets));
    for (int i = 1; i <= 5; ++i) {
      auto st = store_->transact([&](Tx& tx) -> Status {
        Actor a{7, "tester", 3, "req-" + std::to_string(i)};
        auto r = append_audit(
            tx,
            a.entry("thing.update", "thing", "42", "第" + std::to_string(i) + "次修改",
                    "{\"v\":" + std::to_string(i - 1) + "}", "{\"v\":" + std::to_string(i) + "}"),
            Instant{std::chrono::seconds{1710900000 + i}});
        if (!r) return fail(r.error());
        return {};
      });
      ASSERT_TRUE(st) << st.error().message;
    }
  }

  AuditVerification verify() {
    auto v = verify_audit(*store_);
    EXPECT_TRUE(v) << v.error().message;
    return v ? *v : AuditVerification{};
  }

  std::unique_ptr<test::TestDb> db_;
  std::unique_ptr<Store> store_;
};

TEST_P(AuditTest, IntactChainVerifies) {
  auto v = verify();
  EXPECT_TRUE(v.ok()) << v.problem;
  EXPECT_EQ(v.records, 5);
  EXPECT_EQ(v.head_hash.size(), 64u);
  auto h = audit_history(*store_, "thing", "42");
  ASSERT_TRUE(h);
  ASSERT_EQ(h->size(), 5u);
  EXPECT_EQ((*h)[0].summary, "第1次修改");
  EXPECT_EQ((*h)[1].prev_hash, (*h)[0].hash);
  EXPECT_EQ((*h)[4].request_id, "req-5");
}

TEST_P(AuditTest, EditedRecordIsNamed) {
  ASSERT_TRUE(
      store_->query("UPDATE audit_log SET summary = $1 WHERE seq = 3", {std::string("篡改")}));
  auto v = verify();
  EXPECT_FALSE(v.ok());
  EXPECT_EQ(v.first_bad_seq.value_or(0), 3);
  EXPECT_NE(v.problem.find("edited"), std::string::npos) << v.problem;
}

TEST_P(AuditTest, EditedActorIsNamed) {
  ASSERT_TRUE(store_->query("UPDATE audit_log SET actor_id = 99 WHERE seq = 2"));
  auto v = verify();
  EXPECT_EQ(v.first_bad_seq.value_or(0), 2);
}

TEST_P(AuditTest, DeletedRecordIsNamed) {
  ASSERT_TRUE(store_->query("DELETE FROM audit_log WHERE seq = 3"));
  auto v = verify();
  EXPECT_FALSE(v.ok());
  EXPECT_EQ(v.first_bad_seq.value_or(0), 4);
}

TEST_P(AuditTest, DeletedTailIsCaughtByTheHead) {
  ASSERT_TRUE(store_->query("DELETE FROM audit_log WHERE seq >= 4"));
  auto v = verify();
  EXPECT_FALSE(v.ok());
  EXPECT_EQ(v.first_bad_seq.value_or(0), 4);
}

TEST_P(AuditTest, InsertedRecordIsNamed) {
  // Move records 3..5 up by one and forge a record 3 in the gap.
  ASSERT_TRUE(store_->query("UPDATE audit_log SET seq = seq + 100 WHERE seq >= 3"));
  ASSERT_TRUE(store_->query("UPDATE audit_log SET seq = seq - 99 WHERE seq >= 100"));
  ASSERT_TRUE(store_->query(
      "INSERT INTO audit_log SELECT 3, at, actor_id, actor, unit_id, action, object_type, "
      "object_id, 'forged', before_digest, after_digest, request_id, prev_hash, hash, before_text, "
      "after_text FROM "
      "audit_log WHERE seq = 2"));
  auto v = verify();
  EXPECT_FALSE(v.ok());
  EXPECT_EQ(v.first_bad_seq.value_or(0), 3);
}

// A record past the head that no append accounts for (the head did not move over it) is forged;
// the check reads the head first so a server appending beside it is not mistaken for this.
TEST_P(AuditTest, RecordPastTheHeadIsNamed) {
  ASSERT_TRUE(store_->query(
      "INSERT INTO audit_log SELECT 6, at, actor_id, actor, unit_id, action, object_type, "
      "object_id, 'forged', before_digest, after_digest, request_id, hash, hash, before_text, "
      "after_text FROM "
      "audit_log WHERE seq = 5"));
  auto v = verify();
  EXPECT_FALSE(v.ok());
  EXPECT_EQ(v.first_bad_seq.value_or(0), 6);
  EXPECT_NE(v.problem.find("past the head"), std::string::npos) << v.problem;
}

TEST_P(AuditTest, ReorderedRecordsAreNamed) {
  ASSERT_TRUE(store_->query("UPDATE audit_log SET seq = 100 WHERE seq = 2"));
  ASSERT_TRUE(store_->query("UPDATE audit_log SET seq = 2 WHERE seq = 3"));
  ASSERT_TRUE(store_->query("UPDATE audit_log SET seq = 3 WHERE seq = 100"));
  auto v = verify();
  EXPECT_FALSE(v.ok());
  EXPECT_EQ(v.first_bad_seq.value_or(0), 2);
}

INSTANTIATE_TEST_SUITE_P(Backends, AuditTest, ::testing::ValuesIn(test::backends()));

}  // namespace
}  // namespace zt
