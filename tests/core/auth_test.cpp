#include "core/auth.hpp"

#include <gtest/gtest.h>

#include "app/app.hpp"
#include "support/test_store.hpp"

namespace zt {
namespace {

class AuthTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    db_ = std::make_unique<test::TestDb>(GetParam());
    ZT_REQUIRE_DB(*db_);
    app_ = test::open_app(db_->url(), clock_);
    ASSERT_TRUE(app_);
    auto unit = app_->org().add_unit({"测试局", UnitKind::kDepartment, {}, "", {"测试"}}, {});
    ASSERT_TRUE(unit) << unit.error().message;
    unit_ = unit->id;
    auto u = app_->org().add_user(
        {"alice", "爱丽丝", unit_, {Role::kUnitReporter}, "correct-horse"}, {});
    ASSERT_TRUE(u) << u.error().message;
  }
  ManualClock clock_{shanghai_time(*parse_date("2024-03-20"), 9, 0, 0)};
  std::unique_ptr<test::TestDb> db_;
  std::unique_ptr<App> app_;
  UnitId unit_;
};

TEST_P(AuthTest, PasswordsAreArgon2idAndShortOnesRefused) {
  auto h = hash_password("correct-horse");
  ASSERT_TRUE(h);
  EXPECT_TRUE(h->starts_with("$argon2id$"));
  EXPECT_TRUE(verify_password(*h, "correct-horse"));
  EXPECT_FALSE(verify_password(*h, "wrong-horse"));
  auto s = hash_password("short");
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().field, "password");
}

TEST_P(AuthTest, LoginAuthenticateLogout) {
  auto r = app_->auth().login("alice", "correct-horse", TokenKind::kCookie, "r1");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->principal.username, "alice");
  EXPECT_TRUE(r->principal.has(Role::kUnitReporter));
  EXPECT_EQ(r->principal.unit, unit_);
  EXPECT_FALSE(r->principal.csrf.empty());
  auto p = app_->auth().authenticate(r->token);
  ASSERT_TRUE(p);
  // Only the token's digest is stored.
  auto raw = app_->store().query("SELECT COUNT(*) FROM sessions WHERE token_hash = $1", {r->token});
  ASSERT_TRUE(raw);
  EXPECT_EQ(raw->rows[0].i64(0), 0);
  ASSERT_TRUE(app_->auth().logout(r->token, "r2"));
  EXPECT_FALSE(app_->auth().authenticate(r->token));
}

TEST_P(AuthTest, SessionsExpireWhenIdle) {
  auto r = app_->auth().login("alice", "correct-horse", TokenKind::kBearer, "r1");
  ASSERT_TRUE(r);
  clock_.advance(std::chrono::hours(1));
  ASSERT_TRUE(app_->auth().authenticate(r->token));  // slides the idle window
  clock_.advance(std::chrono::minutes(119));
  ASSERT_TRUE(app_->auth().authenticate(r->token));
  clock_.advance(std::chrono::hours(3));
  auto gone = app_->auth().authenticate(r->token);
  ASSERT_FALSE(gone);
  EXPECT_EQ(gone.error().kind, ErrorKind::kUnauthenticated);
}

TEST_P(AuthTest, RepeatedFailuresSlowThenLock) {
  for (int i = 0; i < 3; ++i) {
    auto r = app_->auth().login("alice", "wrong-pass", TokenKind::kCookie, "r");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::kUnauthenticated);
  }
  // The 4th failure starts throttling: even the right password must wait.
  ASSERT_FALSE(app_->auth().login("alice", "wrong-pass", TokenKind::kCookie, "r"));
  auto throttled = app_->auth().login("alice", "correct-horse", TokenKind::kCookie, "r");
  ASSERT_FALSE(throttled);
  EXPECT_EQ(throttled.error().kind, ErrorKind::kTooMany);
  clock_.advance(std::chrono::seconds(6));
  ASSERT_TRUE(app_->auth().login("alice", "correct-horse", TokenKind::kCookie, "r"));
  // Ten failures in a row lock the account for an hour.
  for (int i = 0; i < 10; ++i) {
    clock_.advance(std::chrono::minutes(10));
    (void)app_->auth().login("alice", "wrong-pass", TokenKind::kCookie, "r");
  }
  clock_.advance(std::chrono::minutes(30));
  auto locked = app_->auth().login("alice", "correct-horse", TokenKind::kCookie, "r");
  ASSERT_FALSE(locked);
  EXPECT_EQ(locked.error().kind, ErrorKind::kTooMany);
  clock_.advance(std::chrono::minutes(31));
  EXPECT_TRUE(app_->auth().login("alice", "correct-horse", TokenKind::kCookie, "r"));
}

TEST_P(AuthTest, SessionEndedElsewhereStopsWorkingWithinTheCacheBound) {
  auto r = app_->auth().login("alice", "correct-horse", TokenKind::kBearer, "r1");
  ASSERT_TRUE(r);
  ASSERT_TRUE(app_->auth().authenticate(r->token));
  // Another instance logs the session out: only the database row goes.
  ASSERT_TRUE(app_->store().query("DELETE FROM sessions"));
  clock_.advance(std::chrono::seconds(6));  // past AuthPolicy::session_cache (5 s)
  EXPECT_FALSE(app_->auth().authenticate(r->token));
}

TEST_P(AuthTest, PasswordChangeEndsCachedSessionsAtOnce) {
  auto r = app_->auth().login("alice", "correct-horse", TokenKind::kBearer, "r1");
  ASSERT_TRUE(r);
  ASSERT_TRUE(app_->auth().authenticate(r->token));
  ASSERT_TRUE(app_->org().set_password(r->principal.id, "another-horse", {}));
  EXPECT_FALSE(app_->auth().authenticate(r->token));
}

TEST_P(AuthTest, UnknownUserAndWrongPasswordLookAlike) {
  auto a = app_->auth().login("nobody", "correct-horse", TokenKind::kCookie, "r");
  auto b = app_->auth().login("alice", "not-the-one", TokenKind::kCookie, "r");
  ASSERT_FALSE(a);
  ASSERT_FALSE(b);
  EXPECT_EQ(a.error().message, b.error().message);
}

TEST_P(AuthTest, DisabledUsersCannotLogInAndLoseSessions) {
  auto r = app_->auth().login("alice", "correct-horse", TokenKind::kBearer, "r1");
  ASSERT_TRUE(r);
  auto u = app_->org().find_user("alice");
  ASSERT_TRUE(u && *u);
  ASSERT_TRUE(app_->org().set_disabled((*u)->id, true, {}));
  EXPECT_FALSE(app_->auth().authenticate(r->token));
  auto again = app_->auth().login("alice", "correct-horse", TokenKind::kBearer, "r2");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().kind, ErrorKind::kForbidden);
}

TEST_P(AuthTest, EveryChangeIsAudited) {
  ASSERT_TRUE(app_->auth().login("alice", "correct-horse", TokenKind::kCookie, "req-9"));
  auto u = app_->org().find_user("alice");
  auto h = audit_history(app_->store(), "user", std::to_string((*u)->id.value));
  ASSERT_TRUE(h);
  ASSERT_GE(h->size(), 2u);
  EXPECT_EQ((*h)[0].action, "user.create");
  EXPECT_EQ(h->back().action, "auth.login");
  EXPECT_EQ(h->back().request_id, "req-9");
  auto v = verify_audit(app_->store());
  ASSERT_TRUE(v);
  EXPECT_TRUE(v->ok()) << v->problem;
}

TEST_P(AuthTest, UnitAliasesResolve) {
  auto a = app_->org().resolve_unit("测试");
  ASSERT_TRUE(a);
  ASSERT_TRUE(*a);
  EXPECT_EQ(**a, unit_);
  auto full = app_->org().resolve_unit("测试局");
  ASSERT_TRUE(full && *full);
  auto none = app_->org().resolve_unit("不存在");
  ASSERT_TRUE(none);
  EXPECT_FALSE(*none);
  auto dup = app_->org().add_unit({"别的局", UnitKind::kDepartment, {}, "", {"测试"}}, {});
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().kind, ErrorKind::kConflict);
}

INSTANTIATE_TEST_SUITE_P(Backends, AuthTest, ::testing::ValuesIn(test::backends()));

}  // namespace
}  // namespace zt
