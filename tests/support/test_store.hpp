// Test helpers: a fresh database per test on either backend, an in-process app on an ephemeral
// port, and a small synchronous HTTP client.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "app/app.hpp"
#include "core/clock.hpp"
#include "core/store.hpp"

namespace zt::test {

// A throwaway database: a temp SQLite file, or a fresh schema in the PostgreSQL server named by
// ZT_TEST_PG_URL. Dropped on destruction.
class TestDb {
 public:
  explicit TestDb(const std::string& backend);
  ~TestDb();
  // Empty when the backend is not available (PostgreSQL without ZT_TEST_PG_URL).
  const std::string& url() const { return url_; }
  bool available() const { return !url_.empty(); }

 private:
  std::string backend_, url_, schema_, admin_url_;
  std::filesystem::path dir_;
};

// Skips (or, with ZT_REQUIRE_PG=1, fails) when PostgreSQL is not configured.
#define ZT_REQUIRE_DB(db)                                                      \
  do {                                                                         \
    if (!(db).available()) {                                                   \
      if (std::getenv("ZT_REQUIRE_PG")) FAIL() << "ZT_TEST_PG_URL is not set"; \
      GTEST_SKIP() << "PostgreSQL not configured (set ZT_TEST_PG_URL)";        \
    }                                                                          \
  } while (0)

struct HttpReply {
  int status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // lower-case names
  nlohmann::json json() const;
};

// One keep-alive connection to 127.0.0.1:port.
class HttpClient {
 public:
  explicit HttpClient(std::uint16_t port);
  ~HttpClient();
  HttpReply request(const std::string& method, const std::string& target,
                    const std::string& body = "",
                    const std::map<std::string, std::string>& headers = {});
  // Sends raw bytes and reads one reply (for malformed requests).
  HttpReply raw(const std::string& bytes);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::uint16_t port_;
};

// The whole app in-process on an ephemeral port, with a manual clock and the demo data.
class TestApp {
 public:
  // `configure` adjusts the test configuration before the app opens (limits under test).
  explicit TestApp(const std::string& db_url, bool with_demo = true,
                   const std::function<void(Config&)>& configure = {});
  // The app on a store the caller opened (a FaultyStore, say).
  TestApp(std::unique_ptr<Store> store, bool with_demo);
  ~TestApp();
  App& app() { return *app_; }
  ManualClock& clock() { return clock_; }
  std::uint16_t port() const { return port_; }
  // Logs in with a bearer token and returns the Authorization header.
  std::map<std::string, std::string> bearer(const std::string& username,
                                            const std::string& password = "Zhengtong@2024");

 private:
  void start(const std::string& db_url, std::unique_ptr<Store> store, bool with_demo,
             const std::function<void(Config&)>& configure = {});
  ManualClock clock_;
  std::unique_ptr<App> app_;
  std::uint16_t port_ = 0;
};

// The app on a test database without a server (for module tests); null on failure, reported.
std::unique_ptr<App> open_app(const std::string& db_url, const Clock& clock);

inline std::vector<std::string> backends() { return {"sqlite", "postgres"}; }

// A scenario file run on one backend; the scenario runners are parameterised by these.
struct ScenarioRun {
  std::string file, backend;
};
void PrintTo(const ScenarioRun& r, std::ostream* os);
// Every `.scenario` file in `dir`, sorted, each on every backend.
std::vector<ScenarioRun> scenario_runs(const std::string& dir);

// The principal of a stored user, as if logged in.
Principal principal_of(App& app, const std::string& username);

}  // namespace zt::test
