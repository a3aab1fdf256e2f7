// JSON and number edges over HTTP, on both stores: a number overflow (1e400), deep nesting, the
// wrong type, a huge integer, a negative fine or a malformed query value sent to a route of each
// module, anonymous ones included, is a 400 whose body names the field — never a 500, never a
// truncated value stored.
#include <gtest/gtest.h>

#include "core/http_server.hpp"
#include "support/app_fixture.hpp"
#include "support/test_store.hpp"

namespace zt {
namespace {

using nlohmann::json;
using test::HttpClient;

struct Edge {
  const char* who;  // "" for anonymous
  const char* method;
  const char* target;
  std::string body;
  const char* field;  // the field the 400 must name
};

// Nesting far past the parser's limit; anonymous routes take bodies up to 64 KiB, so 30,000
// levels there and 100,000 where the route takes more.
std::string deep_body(std::size_t depth = 30000) {
  return std::string(depth, '[') + std::string(depth, ']');
}

class JsonEdges : public test::AppFixture<> {
 protected:
  // Sends each edge and checks the 400 and the field it names.
  void expect_all_refused(const std::vector<Edge>& edges) {
    HttpClient c(t_->port());
    std::map<std::string, std::map<std::string, std::string>> tokens;
    for (const auto& e : edges) {
      std::map<std::string, std::string> headers;
      if (*e.who) {
        if (!tokens.contains(e.who)) tokens[e.who] = t_->bearer(e.who);
        headers = tokens[e.who];
      }
      auto r = c.request(e.method, e.target, e.body, headers);
      SCOPED_TRACE(std::string(e.method) + " " + e.target + " " + e.body.substr(0, 80));
      EXPECT_EQ(r.status, 400) << r.body;
      if (r.status != 400) continue;
      auto err = r.json()["error"];
      EXPECT_EQ(err["code"], "invalid_input");
      EXPECT_EQ(err.value("field", ""), e.field) << r.body;
    }
  }
};

TEST_P(JsonEdges, AnonymousRoutes) {
  expect_all_refused({
      {"", "POST", "/api/v1/auth/login", R"({"username":"admin","password":1e400})", "body"},
      {"", "POST", "/api/v1/auth/login", deep_body(), "body"},
      {"", "POST", "/api/v1/auth/login", R"({"username":["admin"],"password":"x"})", "username"},
      {"", "POST", "/api/v1/auth/login",
       R"({"username":"admin","password":"x","token_type":"jwt"})", "token_type"},
      {"", "POST", "/api/v1/auth/login",
       json{{"username", std::string(10000, 'a')}, {"password", "x"}}.dump(), "username"},
      {"", "POST", "/api/v1/public/complaints", R"({"subject":1e400})", "body"},
      {"", "POST", "/api/v1/public/complaints", deep_body(), "body"},
      {"", "POST", "/api/v1/public/complaints",
       R"({"complainant":"赵先生","phone":"13800001111","subject":"s","content":true})", "content"},
      {"", "GET", "/api/v1/public/decisions?limit=abc", "", "limit"},
      {"", "GET", "/api/v1/public/decisions?offset=-1", "", "offset"},
      {"", "GET", "/api/v1/transit/stops?lat=abc&lon=111", "", "lat"},
      {"", "GET", "/api/v1/transit/stops?lat=34.7&lon=111.2&limit=-1", "", "limit"},
  });
}

TEST_P(JsonEdges, CoreRoutes) {
  expect_all_refused({
      {"admin", "GET", "/api/v1/calendar/working-days?from=2024-13-45&to=2024-03-01", "", "from"},
      {"admin", "GET", "/api/v1/calendar/add-working-days?date=2024-03-01&n=1e3", "", "n"},
      {"admin", "GET", "/api/v1/users?unit_id=abc", "", "unit_id"},
      {"admin", "POST", "/api/v1/units", R"({"name":"测试局","parent_id":1.5})", "parent_id"},
      {"admin", "POST", "/api/v1/units", R"({"name":"测试局","aliases":["a",2]})", "aliases[1]"},
      {"admin", "POST", "/api/v1/units", R"({"name":"测试局","parent_id":1e400})", "body"},
      {"admin", "POST", "/api/v1/users/1/certificates",
       R"({"number":"1","field":"x","valid_from":"2024-02-30","valid_to":"2025-01-01"})",
       "valid_from"},
      {"admin", "GET", "/api/v1/calendar/4294969322", "", "year"},
  });
}

TEST_P(JsonEdges, SupervisionRoutes) {
  expect_all_refused({
      {"fgw_tb", "POST", "/api/v1/supervision/slots/1/reports",
       R"({"progress":"p","percent":4294967346,"status":"正常推进"})", "percent"},
      {"fgw_tb", "POST", "/api/v1/supervision/slots/1/reports",
       R"({"progress":"p","percent":"50","status":"正常推进"})", "percent"},
      {"fgw_tb", "POST", "/api/v1/supervision/slots/1/reports",
       R"({"progress":"p","percent":50,"status":"正常推进","figures":[{"kpi_id":1,"value":"x"}]})",
       "figures[0].value"},
      {"fgw_tb", "GET", "/api/v1/supervision/todo?days=abc", "", "days"},
      {"fgw_tb", "GET", "/api/v1/supervision/dashboard?year=99999", "", "year"},
      {"fgw_tb", "GET", "/api/v1/supervision/inspections?task_id=1x", "", "task_id"},
      {"ducha", "POST", "/api/v1/supervision/plan", R"({"doc_no":"x","year":"2024"})", "year"},
      {"ducha", "POST", "/api/v1/supervision/gazette/preview",
       R"({"text":"x","create_missing_units":"yes"})", "create_missing_units"},
  });
}

TEST_P(JsonEdges, EnforcementRoutes) {
  expect_all_refused({
      {"scjg_fz", "POST", "/api/v1/enforcement/devices",
       R"({"code":"D1","location":"路口","reviewed":"yes"})", "reviewed"},
      {"scjg_fz", "POST", "/api/v1/enforcement/catalogue",
       R"({"violation_code":"SC-03","min_fine":-5,"description":"d"})", "min_fine"},
      {"scjg_fz", "POST", "/api/v1/enforcement/benchmarks",
       R"({"violation_code":"SC-03","name":"n","basis":"b","fine_min":-1,"fine_max":10})",
       "fine_min"},
      {"sfj_jd", "POST", "/api/v1/enforcement/reviews/sample", R"({"count":"x"})", "count"},
      {"sfj_jd", "GET", "/api/v1/enforcement/stats?from=2024-13-45", "", "from"},
      {"scjg_zf1", "POST", "/api/v1/enforcement/draws",
       R"({"matter":"食品安全检查","percent":{"A":4294967346}})", "percent.A"},
      {"scjg_zf1", "POST", "/api/v1/enforcement/cases", R"({"harms_safety":"yes"})",
       "harms_safety"},
      {"scjg_zf1", "GET", "/api/v1/enforcement/cases?unit_id=abc", "", "unit_id"},
      {"scjg_zf1", "GET", "/api/v1/enforcement/entities?limit=0", "", "limit"},
      // from_chars reads "nan" and "inf": a threshold must still be a finite amount.
      {"scjg_fz", "PUT", "/api/v1/enforcement/settings/hearing_fine_individual",
       R"({"value":"nan"})", "value"},
      {"scjg_fz", "PUT", "/api/v1/enforcement/settings/hearing_fine_individual",
       R"({"value":"inf"})", "value"},
  });
}

TEST_P(JsonEdges, TransitRoutes) {
  expect_all_refused({
      {"gj_dd", "POST", "/api/v1/transit/avl", R"([{"vehicle":"1","lat":1e400,"lon":111}])",
       "body"},
      {"gj_dd", "POST", "/api/v1/transit/avl", deep_body(100000), "body"},
      {"gj_dd", "GET", "/api/v1/transit/vehicles/1/trajectory?from=abc", "", "from"},
  });
}

TEST_P(JsonEdges, A4294967346PercentDrawIsNotStoredAs50) {
  HttpClient c(t_->port());
  auto zf1 = t_->bearer("scjg_zf1");
  auto before = c.request("GET", "/api/v1/enforcement/draws", "", zf1).json().size();
  auto r = c.request("POST", "/api/v1/enforcement/draws",
                     R"({"matter":"食品安全检查","percent":{"A":4294967346,"B":50}})", zf1);
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(c.request("GET", "/api/v1/enforcement/draws", "", zf1).json().size(), before);
}

INSTANTIATE_TEST_SUITE_P(Stores, JsonEdges, ::testing::ValuesIn(test::backends()));

// The last line of defence: a handler that reads request JSON with nlohmann's own accessors
// (a type_error on a wrong type) answers 400, not 500.
TEST(JsonExceptionInHandler, Is400) {
  http::Router router;
  router.add("POST", "/raw", Permission::kPublic, "test",
             [](http::Request& req) -> Result<http::Response> {
               auto j = nlohmann::json::parse(req.body);
               return http::Response::json({{"flag", j.at("flag").get<bool>()}});
             });
  http::ServerConfig config;
  config.port = 0;
  http::Server server(config, router, nullptr);
  auto port = server.start();
  ASSERT_TRUE(port);
  server.run_in_background();
  {
    HttpClient c(*port);
    EXPECT_EQ(c.request("POST", "/raw", R"({"flag":true})").status, 200);
    auto wrong = c.request("POST", "/raw", R"({"flag":"yes"})");
    EXPECT_EQ(wrong.status, 400) << wrong.body;
    EXPECT_EQ(wrong.json()["error"]["code"], "invalid_input");
    EXPECT_EQ(c.request("POST", "/raw", R"({"flag":1e400})").status, 400);
  }
  server.stop();
}

}  // namespace
}  // namespace zt
