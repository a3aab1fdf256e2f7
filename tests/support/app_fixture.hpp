// The setup the integration tests share, as one fixture base: a fresh database on the backend the
// test is parameterised by (skipped when that backend is not configured) and the app opened on
// it — whole, with the demo data, its server on an ephemeral port and a client (t_, c_), or, for
// module tests, without a server on the fixture's own clock (app_, clock_).
#pragma once

#include <cstdlib>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "core/calendar.hpp"
#include "core/clock.hpp"
#include "support/test_store.hpp"

namespace zt::test {

struct AppFixtureOptions {
  // true: a TestApp (demo data, server, client); false: the App alone on the fixture's clock.
  bool serve = true;
  // Where the fixture's clock starts (a served app has TestApp's own clock).
  Instant now = shanghai_time(*parse_date("2024-03-20"), 10, 0, 0);
};

inline const std::string& backend_of(const std::string& backend) { return backend; }
inline const std::string& backend_of(const ScenarioRun& run) { return run.backend; }

// `Param` is what the tests are parameterised by: a backend's name, or a scenario run on one.
// A fixture's own setup goes in on_open(), which runs once the app is open (not when the backend
// is skipped or the app failed to open); TearDown closes the client, then the app.
template <class Param = std::string>
class AppFixture : public ::testing::TestWithParam<Param> {
 protected:
  explicit AppFixture(AppFixtureOptions options = {}) : options_(options), clock_(options.now) {}

  void SetUp() override {
    db_ = std::make_unique<TestDb>(backend_of(this->GetParam()));
    ZT_REQUIRE_DB(*db_);
    if (options_.serve) {
      t_ = std::make_unique<TestApp>(db_->url());
      c_ = std::make_unique<HttpClient>(t_->port());
    } else {
      app_ = open_app(db_->url(), clock_);
      ASSERT_TRUE(app_);
    }
    on_open();
  }
  void TearDown() override {
    c_.reset();
    t_.reset();
    app_.reset();
  }
  virtual void on_open() {}

  AppFixtureOptions options_;
  ManualClock clock_;  // the unserved app's
  std::unique_ptr<TestDb> db_;
  std::unique_ptr<App> app_;       // unserved
  std::unique_ptr<TestApp> t_;     // served
  std::unique_ptr<HttpClient> c_;  // served: a client of t_
};

}  // namespace zt::test
