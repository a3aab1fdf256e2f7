#include "core/auth.hpp"

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <sodium.h>

#include "app/app.hpp"
#include "support/app_fixture.hpp"
#include "support/test_store.hpp"

namespace zt {
namespace {

class AuthTest : public test::AppFixture<> {
 protected:
  AuthTest()
      : AppFixture({.serve = false, .now = shanghai_time(*parse_date("2024-03-20"), 9, 0, 0)}) {}
  void on_open() override {
    auto unit = app_->org().add_unit({"测试局", UnitKind::kDepartment, {}, "", {"测试"}, ""}, {});
    ASSERT_TRUE(unit) << unit.error().message;
    unit_ = unit->id;
    auto u = app_->org().add_user(
        {"alice", "爱丽丝", unit_, {Role::kUnitReporter}, "correct-horse"}, {});
    ASSERT_TRUE(u) << u.error().message;
    // Tests guess alice's password dozens of times (PasswordsAreArgon2id... checks real hashes).
    cheapen(u->id, "correct-horse");
  }
  // A login from `client` (an office address unless told).
  Result<LoginResult> login(const std::string& user, const std::string& password,
                            const std::string& client = "10.1.1.1",
                            TokenKind kind = TokenKind::kCookie, const std::string& req = "r") {
    return app_->auth().login({user, password, kind, client, req});
  }
  // Failures counted for a name from a source ("*": every address).
  std::int64_t failures(const std::string& name, const std::string& source) {
    auto r = app_->store().query(
        "SELECT failures FROM login_failures WHERE username = $1 AND source = $2", {name, source});
    EXPECT_TRUE(r);
    return r && !r->rows.empty() ? r->rows[0].i64(0) : 0;
  }
  // A user whose hash has argon2id's smallest limits, so 40 checks at once do not need 64 MiB
  // each.
  UserId cheap_user(const std::string& name, const std::string& password) {
    auto u = app_->org().add_user({name, name, unit_, {Role::kUnitReporter}, password}, {});
    EXPECT_TRUE(u);
    cheapen(u->id, password);
    return u->id;
  }
  void cheapen(UserId id, const std::string& password) {
    char hash[crypto_pwhash_STRBYTES];
    EXPECT_EQ(
        crypto_pwhash_str_alg(hash, password.data(), password.size(), crypto_pwhash_OPSLIMIT_MIN,
                              crypto_pwhash_MEMLIMIT_MIN, crypto_pwhash_ALG_ARGON2ID13),
        0);
    EXPECT_TRUE(app_->store().query("UPDATE users SET password_hash = $1 WHERE id = $2",
                                    {std::string(hash), id.value}));
  }
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
  // A hash records its own work factors: one made at another cost verifies the same.
  auto cheap = hash_password("correct-horse", PasswordCost::minimum());
  ASSERT_TRUE(cheap);
  EXPECT_NE(*cheap, *h);
  EXPECT_TRUE(cheap->find("m=8,t=1") != std::string::npos) << *cheap;
  EXPECT_TRUE(verify_password(*cheap, "correct-horse"));
  EXPECT_FALSE(verify_password(*cheap, "wrong-horse"));
}

TEST_P(AuthTest, LoginAuthenticateLogout) {
  auto r = login("alice", "correct-horse", "10.1.1.1", TokenKind::kCookie, "r1");
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
  auto r = login("alice", "correct-horse", "10.1.1.1", TokenKind::kBearer, "r1");
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
    auto r = login("alice", "wrong-pass");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::kUnauthenticated);
  }
  // The 4th failure starts throttling: even the right password must wait.
  ASSERT_FALSE(login("alice", "wrong-pass"));
  auto throttled = login("alice", "correct-horse");
  ASSERT_FALSE(throttled);
  EXPECT_EQ(throttled.error().kind, ErrorKind::kTooMany);
  clock_.advance(std::chrono::seconds(6));
  ASSERT_TRUE(login("alice", "correct-horse"));
  // Ten failures in a row lock the account for an hour.
  for (int i = 0; i < 10; ++i) {
    clock_.advance(std::chrono::minutes(10));
    (void)login("alice", "wrong-pass");
  }
  clock_.advance(std::chrono::minutes(30));
  auto locked = login("alice", "correct-horse");
  ASSERT_FALSE(locked);
  EXPECT_EQ(locked.error().kind, ErrorKind::kTooMany);
  clock_.advance(std::chrono::minutes(31));
  EXPECT_TRUE(login("alice", "correct-horse"));
}

TEST_P(AuthTest, SessionEndedElsewhereStopsWorkingWithinTheCacheBound) {
  auto r = login("alice", "correct-horse", "10.1.1.1", TokenKind::kBearer, "r1");
  ASSERT_TRUE(r);
  ASSERT_TRUE(app_->auth().authenticate(r->token));
  // Another instance logs the session out: only the database row goes.
  ASSERT_TRUE(app_->store().query("DELETE FROM sessions"));
  clock_.advance(std::chrono::seconds(6));  // past AuthPolicy::session_cache (5 s)
  EXPECT_FALSE(app_->auth().authenticate(r->token));
}

TEST_P(AuthTest, PasswordChangeEndsCachedSessionsAtOnce) {
  auto r = login("alice", "correct-horse", "10.1.1.1", TokenKind::kBearer, "r1");
  ASSERT_TRUE(r);
  ASSERT_TRUE(app_->auth().authenticate(r->token));
  ASSERT_TRUE(app_->org().set_password(r->principal.id, "another-horse", {}));
  EXPECT_FALSE(app_->auth().authenticate(r->token));
}

TEST_P(AuthTest, UnknownDisabledAndWrongPasswordLookAlike) {
  auto carol =
      app_->org().add_user({"carol", "卡罗尔", unit_, {Role::kUnitReporter}, "carol-horse"}, {});
  ASSERT_TRUE(carol);
  ASSERT_TRUE(app_->org().set_disabled(carol->id, true, {}));
  // The first attempt of a process makes the stand-in hash and prunes old counters.
  ASSERT_FALSE(login("warm-up", "whatever-1", "10.2.0.1"));
  auto attempt = [&](const std::string& user, const std::string& client) {
    auto before = app_->store().stats().queries.load();
    auto r = login(user, "not-the-one", client);
    return std::pair{std::move(r), app_->store().stats().queries.load() - before};
  };
  auto [unknown, q_unknown] = attempt("nobody", "10.2.0.2");
  auto [wrong, q_wrong] = attempt("alice", "10.2.0.3");
  auto [disabled, q_disabled] = attempt("carol", "10.2.0.4");
  for (const auto* r : {&unknown, &wrong, &disabled}) {
    ASSERT_FALSE(*r);
    EXPECT_EQ(r->error().kind, ErrorKind::kUnauthenticated);
    EXPECT_EQ(r->error().message, "用户名或密码错误");
    EXPECT_EQ(r->error().field, "");
  }
  // The same work in the store (and an argon2id check of the same cost) on every path.
  EXPECT_EQ(q_unknown, q_wrong);
  EXPECT_EQ(q_disabled, q_wrong);
  // Only the right password learns that the account is disabled.
  auto right = login("carol", "carol-horse", "10.2.0.4");
  ASSERT_FALSE(right);
  EXPECT_EQ(right.error().kind, ErrorKind::kForbidden);
}

TEST_P(AuthTest, UnknownNamesAreThrottledLikeKnownOnes) {
  for (const std::string name : {"alice", "nobody"}) {
    for (int i = 0; i < 4; ++i) {
      auto r = login(name, "wrong-pass");
      ASSERT_FALSE(r);
      EXPECT_EQ(r.error().kind, ErrorKind::kUnauthenticated) << name << " " << i;
    }
    auto r = login(name, "wrong-pass");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::kTooMany) << name;
    EXPECT_EQ(failures(name, "10.1.1.1"), 4) << name;
  }
  // The unknown name's failures are on the record too, under the name tried.
  auto h = audit_history(app_->store(), "login", "nobody");
  ASSERT_TRUE(h);
  ASSERT_EQ(h->size(), 4u);
  EXPECT_EQ((*h)[0].action, "auth.login_failed");
}

TEST_P(AuthTest, EveryParallelFailureIsCounted) {
  // Thresholds out of reach, so every guess reaches the password check.
  AuthPolicy open;
  open.free_failures = 1000;
  open.lock_after = 1000;
  open.account_lock_after = 2000;
  Auth auth(app_->store(), clock_, open);
  auto bob = cheap_user("bob", "bob-horse-1");
  constexpr int kGuesses = 40;
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kGuesses; ++i)
    threads.emplace_back([&, i] {
      auto r = auth.login({"bob", "guess-" + std::to_string(i), TokenKind::kCookie, "10.9.9.9",
                           "g" + std::to_string(i)});
      if (!r && r.error().kind == ErrorKind::kUnauthenticated) ++wrong;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(wrong.load(), kGuesses);
  EXPECT_EQ(failures("bob", "10.9.9.9"), kGuesses);
  EXPECT_EQ(failures("bob", "*"), kGuesses);
  auto h = audit_history(app_->store(), "user", std::to_string(bob.value));
  ASSERT_TRUE(h);
  EXPECT_EQ(std::count_if(h->begin(), h->end(),
                          [](const auto& r) { return r.action == "auth.login_failed"; }),
            kGuesses);
  auto v = verify_audit(app_->store());
  ASSERT_TRUE(v);
  EXPECT_TRUE(v->ok()) << v->problem;
}

TEST_P(AuthTest, ParallelGuessesCannotSlipPastTheThrottle) {
  cheap_user("bob", "bob-horse-1");
  constexpr int kGuesses = 40;
  std::atomic<int> wrong{0}, throttled{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kGuesses; ++i)
    threads.emplace_back([&, i] {
      auto r = login("bob", "guess-" + std::to_string(i), "10.9.9.9");
      if (!r && r.error().kind == ErrorKind::kUnauthenticated) ++wrong;
      if (!r && r.error().kind == ErrorKind::kTooMany) ++throttled;
    });
  for (auto& t : threads) t.join();
  // AuthPolicy: 3 free failures, then a wait; the 4th guess is the last one checked.
  EXPECT_EQ(wrong.load(), 4);
  EXPECT_EQ(throttled.load(), kGuesses - 4);
  EXPECT_EQ(failures("bob", "10.9.9.9"), 4);
}

TEST_P(AuthTest, AnAttackerElsewhereCannotLockTheUserOut) {
  // Ten failures from one address lock that address out of the name for an hour ...
  for (int i = 0; i < 10; ++i) {
    clock_.advance(std::chrono::minutes(10));
    auto r = login("alice", "wrong-pass", "203.0.113.7");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::kUnauthenticated) << i;
  }
  auto locked = login("alice", "correct-horse", "203.0.113.7");
  ASSERT_FALSE(locked);
  EXPECT_EQ(locked.error().kind, ErrorKind::kTooMany);
  // ... its neighbours in the same IPv6 /64 and mapped forms of the address included ...
  auto mapped = login("alice", "correct-horse", "::ffff:203.0.113.7");
  ASSERT_FALSE(mapped);
  EXPECT_EQ(mapped.error().kind, ErrorKind::kTooMany);
  for (int i = 0; i < 10; ++i) {
    clock_.advance(std::chrono::minutes(10));
    (void)login("alice", "wrong-pass", "2001:db8:1:2::" + std::to_string(i + 1));
  }
  auto v6 = login("alice", "correct-horse", "2001:db8:1:2::ffff");
  ASSERT_FALSE(v6);
  EXPECT_EQ(v6.error().kind, ErrorKind::kTooMany);
  // ... while the real user at the office logs in as usual.
  auto office = login("alice", "correct-horse", "198.51.100.2");
  ASSERT_TRUE(office) << office.error().message;
  EXPECT_EQ(failures("alice", "198.51.100.2"), 0);
  EXPECT_EQ(failures("alice", "*"), 20);  // the successful attempt took its own count back
}

TEST_P(AuthTest, ANameCeilingStopsGuessingSpreadOverAddresses) {
  AuthPolicy p;
  p.lock_after = 3;
  p.account_lock_after = 6;
  p.account_lock_duration = std::chrono::minutes(15);
  Auth auth(app_->store(), clock_, p);
  auto from = [&](const std::string& client, const std::string& pw) {
    return auth.login({"alice", pw, TokenKind::kCookie, client, "r"});
  };
  for (int i = 0; i < 6; ++i) ASSERT_FALSE(from("192.0.2." + std::to_string(i + 1), "wrong-pass"));
  auto ceiling = from("198.51.100.2", "correct-horse");
  ASSERT_FALSE(ceiling);
  EXPECT_EQ(ceiling.error().kind, ErrorKind::kTooMany);
  clock_.advance(std::chrono::minutes(16));
  EXPECT_TRUE(from("198.51.100.2", "correct-horse"));
}

TEST_P(AuthTest, AdminUnlockClearsEveryCounterAndIsAudited) {
  for (int i = 0; i < 10; ++i) {
    clock_.advance(std::chrono::minutes(10));
    for (const char* client : {"203.0.113.7", "203.0.113.8"})
      (void)login("alice", "wrong-pass", client);
  }
  for (const char* client : {"203.0.113.7", "203.0.113.8"}) {
    auto locked = login("alice", "correct-horse", client);
    ASSERT_FALSE(locked);
    ASSERT_EQ(locked.error().kind, ErrorKind::kTooMany);
  }
  auto alice = app_->org().find_user("alice");
  ASSERT_TRUE(alice && *alice);
  Actor admin{1, "admin", unit_.value, "req-unlock"};
  auto n = app_->auth().unlock((*alice)->id, admin);
  ASSERT_TRUE(n) << n.error().message;
  EXPECT_EQ(*n, 3);  // two addresses and the name's own counter
  EXPECT_TRUE(login("alice", "correct-horse", "203.0.113.7"));
  EXPECT_TRUE(login("alice", "correct-horse", "203.0.113.8"));
  auto h = audit_history(app_->store(), "user", std::to_string((*alice)->id.value));
  ASSERT_TRUE(h);
  auto it =
      std::find_if(h->begin(), h->end(), [](const auto& r) { return r.action == "user.unlock"; });
  ASSERT_NE(it, h->end());
  EXPECT_EQ(it->actor, "admin");
  EXPECT_EQ(it->request_id, "req-unlock");
  // A new password lifts a lock too (the guesses were at the old one).
  for (int i = 0; i < 10; ++i) {
    clock_.advance(std::chrono::minutes(10));
    (void)login("alice", "wrong-pass", "203.0.113.9");
  }
  auto locked = login("alice", "correct-horse", "203.0.113.9");
  ASSERT_FALSE(locked);
  ASSERT_EQ(locked.error().kind, ErrorKind::kTooMany);
  ASSERT_TRUE(app_->org().set_password((*alice)->id, "brand-new-horse", admin));
  EXPECT_TRUE(login("alice", "brand-new-horse", "203.0.113.9"));
  auto missing = app_->auth().unlock(UserId{999999}, admin);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().kind, ErrorKind::kNotFound);
}

TEST_P(AuthTest, CountersAreForgottenAfterAQuietDay) {
  for (int i = 0; i < 3; ++i) ASSERT_FALSE(login("nobody", "wrong-pass"));
  EXPECT_EQ(failures("nobody", "10.1.1.1"), 3);
  clock_.advance(std::chrono::hours(25));
  ASSERT_FALSE(login("someone-else", "wrong-pass"));  // prunes
  EXPECT_EQ(failures("nobody", "10.1.1.1"), 0);
  ASSERT_FALSE(login("nobody", "wrong-pass"));
  EXPECT_EQ(failures("nobody", "10.1.1.1"), 1);
}

TEST_P(AuthTest, TheLastEnabledAdminCannotBeDisabled) {
  auto add_admin = [&](const std::string& name) {
    auto u = app_->org().add_user({name, "管理员", unit_, {Role::kAdmin}, "admin-horse"}, {});
    EXPECT_TRUE(u) << u.error().message;
    return u->id;
  };
  auto root1 = add_admin("root1");
  auto alone = app_->org().set_disabled(root1, true, {});
  ASSERT_FALSE(alone);
  EXPECT_EQ(alone.error().kind, ErrorKind::kConflict);
  EXPECT_NE(alone.error().message.find("最后一个"), std::string::npos);
  auto root2 = add_admin("root2");
  ASSERT_TRUE(app_->org().set_disabled(root1, true, {}));
  // A disabled admin does not count as the other one.
  ASSERT_FALSE(app_->org().set_disabled(root2, true, {}));
  ASSERT_TRUE(app_->org().set_disabled(root1, false, {}));
  EXPECT_TRUE(app_->org().set_disabled(root2, true, {}));
  // Users without the role are disabled as before.
  auto alice = app_->org().find_user("alice");
  EXPECT_TRUE(app_->org().set_disabled((*alice)->id, true, {}));
}

TEST_P(AuthTest, UsernamesAreBoundedPlainText) {
  const std::string bad[] = {
      std::string("ali\0ce", 6), "tab\tname", "bell\x07",    "\xc3\x28", "c1\xc2\x85",
      std::string(65, 'a'),      "",          "\xed\xa0\x80"};
  for (const auto& name : bad) {
    auto u = app_->org().add_user({name, "某某", unit_, {Role::kUnitReporter}, "long-enough"}, {});
    ASSERT_FALSE(u);
    EXPECT_EQ(u.error().kind, ErrorKind::kInvalidInput);
    EXPECT_EQ(u.error().field, "username");
    auto l = login(name, "long-enough");
    ASSERT_FALSE(l);
    EXPECT_EQ(l.error().field, "username");
  }
  EXPECT_TRUE(app_->org().add_user(
      {std::string(64, 'a'), "某某", unit_, {Role::kUnitReporter}, "long-enough"}, {}));
  EXPECT_TRUE(
      app_->org().add_user({"张三", "张三", unit_, {Role::kUnitReporter}, "long-enough"}, {}));
  EXPECT_TRUE(login("张三", "long-enough"));
  auto name = app_->org().add_user(
      {"zhang", std::string(200, 'x'), unit_, {Role::kUnitReporter}, "long-enough"}, {});
  ASSERT_FALSE(name);
  EXPECT_EQ(name.error().field, "display_name");
  auto nul = app_->org().add_user(
      {"zhang", std::string("张\0三", 7), unit_, {Role::kUnitReporter}, "long-enough"}, {});
  ASSERT_FALSE(nul);
  EXPECT_EQ(nul.error().field, "display_name");
}

TEST_P(AuthTest, DisabledUsersCannotLogInAndLoseSessions) {
  auto r = login("alice", "correct-horse", "10.1.1.1", TokenKind::kBearer, "r1");
  ASSERT_TRUE(r);
  auto u = app_->org().find_user("alice");
  ASSERT_TRUE(u && *u);
  ASSERT_TRUE(app_->org().set_disabled((*u)->id, true, {}));
  EXPECT_FALSE(app_->auth().authenticate(r->token));
  auto again = login("alice", "correct-horse", "10.1.1.1", TokenKind::kBearer, "r2");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().kind, ErrorKind::kForbidden);
}

TEST_P(AuthTest, EveryChangeIsAudited) {
  ASSERT_TRUE(login("alice", "correct-horse", "10.1.1.1", TokenKind::kCookie, "req-9"));
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
  auto dup = app_->org().add_unit({"别的局", UnitKind::kDepartment, {}, "", {"测试"}, ""}, {});
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().kind, ErrorKind::kConflict);
}

INSTANTIATE_TEST_SUITE_P(Backends, AuthTest, ::testing::ValuesIn(test::backends()));

}  // namespace
}  // namespace zt
