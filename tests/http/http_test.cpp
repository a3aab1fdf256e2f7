// The HTTP layer end to end, in-process on an ephemeral port, on both stores.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>
#include <boost/asio.hpp>
#include <boost/beast.hpp>

#include "core/html.hpp"
#include "core/http_server.hpp"
#include "support/app_fixture.hpp"
#include "support/faulty_store.hpp"
#include "support/test_store.hpp"

namespace zt {
namespace {

using nlohmann::json;
using test::HttpClient;

class HttpTest : public test::AppFixture<> {};

TEST_P(HttpTest, HealthzAndMetrics) {
  HttpClient c(t_->port());
  auto h = c.request("GET", "/healthz");
  EXPECT_EQ(h.status, 200);
  EXPECT_EQ(h.json()["db"], "ok");
  EXPECT_FALSE(h.headers["x-request-id"].empty());
  auto m = c.request("GET", "/metrics");
  EXPECT_EQ(m.status, 200);
  EXPECT_NE(m.body.find("zt_http_requests_total{route=\"/healthz\",code=\"2xx\"} 1"),
            std::string::npos)
      << m.body;
  EXPECT_NE(m.body.find("zt_db_queries_total"), std::string::npos);
  EXPECT_NE(m.body.find("zt_http_request_duration_seconds_bucket"), std::string::npos);
}

// A store that reads but cannot write (a full disk) is reported, writes are refused with 503
// and nothing half-done is kept; when space returns, both recover without a restart.
TEST_P(HttpTest, HealthzAndWritesAre503WhileTheStoreCannotWrite) {
  t_.reset();
  auto inner = Store::open(db_->url(), 2);
  ASSERT_TRUE(inner) << inner.error().message;
  auto faulty = std::make_unique<test::FaultyStore>(std::move(*inner));
  auto* disk = faulty.get();
  test::TestApp app(std::move(faulty), true);
  HttpClient c(app.port());
  auto auth = app.bearer("admin");
  EXPECT_EQ(c.request("GET", "/healthz").status, 200);
  disk->fail_writes(true);
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // past the probe's second
  auto h = c.request("GET", "/healthz");
  EXPECT_EQ(h.status, 503) << h.body;
  EXPECT_EQ(h.json()["db"], "not writable");
  auto w = c.request("POST", "/api/v1/units", json{{"name", "故障期间的单位"}}.dump(), auth);
  EXPECT_EQ(w.status, 503) << w.body;
  disk->fail_writes(false);
  EXPECT_EQ(c.request("GET", "/healthz").status, 200);
  auto again = c.request("POST", "/api/v1/units", json{{"name", "恢复后的单位"}}.dump(), auth);
  EXPECT_EQ(again.status, 201) << again.body;
  auto units = c.request("GET", "/api/v1/units", "", auth);
  EXPECT_EQ(units.body.find("故障期间的单位"), std::string::npos);
  EXPECT_NE(units.body.find("恢复后的单位"), std::string::npos);
}

TEST_P(HttpTest, RequestIdIsEchoedWhenSane) {
  HttpClient c(t_->port());
  auto r = c.request("GET", "/healthz", "", {{"X-Request-Id", "abc-123"}});
  EXPECT_EQ(r.headers["x-request-id"], "abc-123");
  auto bad = c.request("GET", "/healthz", "", {{"X-Request-Id", "a b<script>"}});
  EXPECT_NE(bad.headers["x-request-id"], "a b<script>");
}

TEST_P(HttpTest, CookieLoginNeedsCsrfForWrites) {
  HttpClient c(t_->port());
  auto login = c.request("POST", "/api/v1/auth/login",
                         json{{"username", "admin"}, {"password", "Zhengtong@2024"}}.dump());
  ASSERT_EQ(login.status, 200) << login.body;
  auto cookie = login.headers["set-cookie"];
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  EXPECT_FALSE(login.json().contains("token"));  // the cookie is the only carrier
  std::string session = cookie.substr(0, cookie.find(';'));
  std::string csrf = login.json()["csrf_token"];

  auto me = c.request("GET", "/api/v1/auth/me", "", {{"Cookie", session}});
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(me.json()["username"], "admin");
  EXPECT_EQ(me.json()["unit"]["name"], "三门峡市人民政府办公室");

  json unit{{"name", "三门峡市测试局"}, {"aliases", {"市测试局"}}};
  auto no_csrf = c.request("POST", "/api/v1/units", unit.dump(), {{"Cookie", session}});
  EXPECT_EQ(no_csrf.status, 403);
  EXPECT_NE(no_csrf.body.find("CSRF"), std::string::npos);
  auto ok = c.request("POST", "/api/v1/units", unit.dump(),
                      {{"Cookie", session}, {"X-CSRF-Token", csrf}});
  EXPECT_EQ(ok.status, 201) << ok.body;

  auto out =
      c.request("POST", "/api/v1/auth/logout", "", {{"Cookie", session}, {"X-CSRF-Token", csrf}});
  EXPECT_EQ(out.status, 200);
  auto after = c.request("GET", "/api/v1/auth/me", "", {{"Cookie", session}});
  EXPECT_EQ(after.status, 401);
}

TEST_P(HttpTest, RenamedUnitKeepsItsOldNameAsAlias) {
  HttpClient c(t_->port());
  auto auth = t_->bearer("admin");
  auto fgw = **t_->app().org().resolve_unit("市发展改革委");
  auto r = c.request("PATCH", "/api/v1/units/" + std::to_string(fgw.value),
                     json{{"name", "三门峡市发改委（新名）"}}.dump(), auth);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["name"], "三门峡市发改委（新名）");
  auto old = t_->app().org().resolve_unit("三门峡市发展和改革委员会");
  ASSERT_TRUE(old && *old);
  EXPECT_EQ(**old, fgw);
  auto taken = c.request("PATCH", "/api/v1/units/" + std::to_string(fgw.value),
                         json{{"name", "三门峡市司法局"}}.dump(), auth);
  EXPECT_EQ(taken.status, 409);
  EXPECT_EQ(c.request("PATCH", "/api/v1/units/" + std::to_string(fgw.value),
                      json{{"name", "x"}}.dump(), t_->bearer("ducha"))
                .status,
            403);
}

TEST_P(HttpTest, WrongPasswordIsAChineseError) {
  HttpClient c(t_->port());
  auto r = c.request("POST", "/api/v1/auth/login",
                     json{{"username", "admin"}, {"password", "nope-nope"}}.dump());
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.json()["error"]["code"], "unauthenticated");
  EXPECT_EQ(r.json()["error"]["message"], "用户名或密码错误");
}

TEST_P(HttpTest, MalformedInputGets4xxNamingTheFault) {
  HttpClient c(t_->port());
  auto auth = t_->bearer("admin");
  auto broken = c.request("POST", "/api/v1/units", "{\"name\": ", auth);
  EXPECT_EQ(broken.status, 400);
  EXPECT_NE(broken.json()["error"]["message"].get<std::string>().find("JSON"), std::string::npos);
  auto wrong_type = c.request("POST", "/api/v1/units", json{{"name", 42}}.dump(), auth);
  EXPECT_EQ(wrong_type.status, 400);
  EXPECT_EQ(wrong_type.json()["error"]["field"], "name");
  auto array = c.request("POST", "/api/v1/units", "[1,2]", auth);
  EXPECT_EQ(array.status, 400);
  auto missing = c.request("POST", "/api/v1/users", json{{"username", "x"}}.dump(), auth);
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(missing.json()["error"]["field"], "display_name");
  auto bad_role = c.request("POST", "/api/v1/users",
                            json{{"username", "x"},
                                 {"display_name", "某"},
                                 {"password", "12345678"},
                                 {"unit_id", 1},
                                 {"roles", {"king"}}}
                                .dump(),
                            auth);
  EXPECT_EQ(bad_role.status, 400);
  EXPECT_EQ(bad_role.json()["error"]["field"], "roles");
  auto bad_id = c.request("GET", "/api/v1/users/abc", "", auth);
  EXPECT_EQ(bad_id.status, 400);
  auto missing_user = c.request("GET", "/api/v1/users/99999", "", auth);
  EXPECT_EQ(missing_user.status, 404);
  auto bad_date =
      c.request("GET", "/api/v1/calendar/working-days?from=2024-02-30&to=2024-03-01", "", auth);
  EXPECT_EQ(bad_date.status, 400);
  EXPECT_EQ(bad_date.json()["error"]["field"], "from");
  auto dup = c.request("POST", "/api/v1/units", json{{"name", "三门峡市司法局"}}.dump(), auth);
  EXPECT_EQ(dup.status, 409);
}

TEST_P(HttpTest, OversizeBodyIs413AndGarbageIs400) {
  HttpClient c(t_->port());
  auto auth = t_->bearer("admin");
  std::string big(70 * 1024, 'x');
  auto r = c.request("POST", "/api/v1/units", "{\"name\":\"" + big + "\"}", auth);
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(r.json()["error"]["code"], "too_large");
  auto garbage = c.raw("NOT HTTP AT ALL\r\n\r\n");
  EXPECT_EQ(garbage.status, 400);
}

TEST_P(HttpTest, UnknownRoutesAndMethods) {
  HttpClient c(t_->port());
  EXPECT_EQ(c.request("GET", "/api/v1/nothing").status, 404);
  EXPECT_EQ(c.request("DELETE", "/healthz").status, 405);
  EXPECT_EQ(c.request("GET", "/api/v1/units").status, 401);
}

TEST_P(HttpTest, CalendarAndIdentifierEndpoints) {
  HttpClient c(t_->port());
  auto auth = t_->bearer("ducha");
  auto wd = c.request("GET", "/api/v1/calendar/add-working-days?date=2024-02-08&n=7", "", auth);
  ASSERT_EQ(wd.status, 200);
  EXPECT_EQ(wd.json()["result"], "2024-02-23");
  auto year = c.request("GET", "/api/v1/calendar/2024", "", auth);
  ASSERT_EQ(year.status, 200);
  EXPECT_FALSE(year.json()["sources"].empty());
  auto uscc =
      c.request("GET", "/api/v1/identifiers/check?type=uscc&value=91110000600037341L", "", auth);
  EXPECT_EQ(uscc.json()["valid"], true);
  auto id = c.request("GET", "/api/v1/identifiers/check?type=resident_id&value=11010519491231002X",
                      "", auth);
  EXPECT_EQ(id.json()["birth_date"], "1949-12-31");
}

TEST_P(HttpTest, AuditHistoryOfAUser) {
  HttpClient c(t_->port());
  auto auth = t_->bearer("admin");
  auto created = c.request("POST", "/api/v1/users",
                           json{{"username", "newbie"},
                                {"display_name", "新人"},
                                {"password", "abcdefgh1"},
                                {"unit_id", 3},
                                {"roles", {"unit_reporter"}}}
                               .dump(),
                           auth);
  ASSERT_EQ(created.status, 201) << created.body;
  auto id = created.json()["id"].get<std::int64_t>();
  auto hist = c.request("GET", "/api/v1/audit?object=user:" + std::to_string(id), "", auth);
  ASSERT_EQ(hist.status, 200);
  auto records = hist.json()["records"];
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0]["action"], "user.create");
  EXPECT_EQ(records[0]["actor"], "admin");
  EXPECT_FALSE(records[0]["request_id"].get<std::string>().empty());
  // A reporter of another unit may not read it.
  auto other = c.request("GET", "/api/v1/audit?object=user:" + std::to_string(id), "",
                         t_->bearer("scjg_zf1"));
  EXPECT_EQ(other.status, 403);
}

TEST_P(HttpTest, WebSocketReceivesPublishedMessages) {
  namespace asio = boost::asio;
  namespace beast = boost::beast;
  auto auth = t_->bearer("gj_dd");
  asio::io_context ioc;
  beast::websocket::stream<beast::tcp_stream> ws(ioc);
  beast::get_lowest_layer(ws).connect(
      asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), t_->port()));
  ws.set_option(beast::websocket::stream_base::decorator([&](beast::websocket::request_type& req) {
    req.set(beast::http::field::authorization, auth["Authorization"]);
  }));
  ws.handshake("127.0.0.1", "/api/v1/ws/notifications");
  auto me = HttpClient(t_->port()).request("GET", "/api/v1/auth/me", "", auth).json();
  std::string topic = "user:" + std::to_string(me["id"].get<std::int64_t>());
  // The subscription lands on the server's strand shortly after the handshake.
  beast::flat_buffer buf;
  std::thread pub([&] {
    for (int i = 0; i < 50; ++i) {
      t_->app().server().publish(topic, "{\"hello\":\"站牌\"}");
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  });
  ws.read(buf);
  pub.join();
  EXPECT_EQ(beast::buffers_to_string(buf.data()), "{\"hello\":\"站牌\"}");
  ws.close(beast::websocket::close_code::normal);
}

TEST_P(HttpTest, WebSocketRefusesAnonymous) {
  namespace asio = boost::asio;
  namespace beast = boost::beast;
  asio::io_context ioc;
  beast::websocket::stream<beast::tcp_stream> ws(ioc);
  beast::get_lowest_layer(ws).connect(
      asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), t_->port()));
  beast::websocket::response_type res;
  beast::error_code ec;
  ws.handshake(res, "127.0.0.1", "/api/v1/ws/notifications", ec);
  EXPECT_TRUE(ec);
  EXPECT_EQ(res.result_int(), 401u);
}

INSTANTIATE_TEST_SUITE_P(Backends, HttpTest, ::testing::ValuesIn(test::backends()));

// The browser's defences ride on every response: the app page, its static files, API replies and
// errors, including one for a request that could not be parsed. A printed document keeps its own
// stricter policy rather than getting two.
TEST(SecurityHeaders, OnEveryResponse) {
  namespace fs = std::filesystem;
  auto dir = fs::temp_directory_path() / ("zt-static-" + std::to_string(::getpid()));
  fs::create_directories(dir / "assets");
  std::ofstream(dir / "index.html") << "<!doctype html><div id=app></div>";
  std::ofstream(dir / "assets" / "app.js") << "console.log(1)";
  http::Router router;
  router.add("GET", "/api/v1/thing", Permission::kPublic, "test",
             [](http::Request&) -> Result<http::Response> {
               return http::Response::json({{"ok", true}});
             });
  router.add("GET", "/api/v1/doc", Permission::kPublic, "test",
             [](http::Request&) -> Result<http::Response> {
               return document_response("<style>p{}</style><p>文书</p>");
             });
  router.add("GET", "/api/v1/broken", Permission::kPublic, "test",
             [](http::Request&) -> Result<http::Response> { return fail(Error::internal("x")); });
  http::ServerConfig config;
  config.port = 0;
  config.static_dir = dir.string();
  http::Server server(config, router, nullptr);
  auto port = server.start();
  ASSERT_TRUE(port) << port.error().message;
  server.run_in_background();

  HttpClient c(*port);
  struct Case {
    const char* what;
    test::HttpReply reply;
    int status;
  };
  std::vector<Case> cases = {
      {"page", c.request("GET", "/supervision/dashboard"), 200},
      {"static file", c.request("GET", "/assets/app.js"), 200},
      {"missing static file", c.request("GET", "/assets/none.js"), 404},
      {"API reply", c.request("GET", "/api/v1/thing"), 200},
      {"API error", c.request("GET", "/api/v1/broken"), 500},
      {"unknown route", c.request("GET", "/api/v1/nothing"), 404},
      {"wrong method", c.request("DELETE", "/api/v1/thing"), 405},
      {"unparsable request", HttpClient(*port).raw("NOT HTTP AT ALL\r\n\r\n"), 400},
  };
  const std::string csp = cases[0].reply.headers["content-security-policy"];
  for (auto& [what, r, status] : cases) {
    EXPECT_EQ(r.status, status) << what;
    EXPECT_EQ(r.headers["content-security-policy"], csp) << what;
    EXPECT_EQ(r.headers["x-content-type-options"], "nosniff") << what;
    EXPECT_EQ(r.headers["x-frame-options"], "DENY") << what;
    EXPECT_EQ(r.headers["referrer-policy"], "same-origin") << what;
  }
  EXPECT_NE(cases[0].reply.body.find("id=app"), std::string::npos);
  // Scripts only from the app's own files; no plugin, no framing, no foreign base or form target.
  for (const char* directive :
       {"default-src 'self';", "script-src 'self';", "style-src 'self';", "object-src 'none'",
        "base-uri 'self'", "frame-ancestors 'none'", "form-action 'self'"})
    EXPECT_NE(csp.find(directive), std::string::npos) << directive << " in " << csp;
  EXPECT_EQ(csp.find("'unsafe-eval'"), std::string::npos) << csp;

  auto doc = c.request("GET", "/api/v1/doc");
  EXPECT_EQ(doc.status, 200);
  EXPECT_EQ(doc.headers["content-type"], "text/html; charset=utf-8");
  EXPECT_EQ(doc.headers["content-security-policy"], kDocumentCsp);
  EXPECT_EQ(doc.headers["x-frame-options"], "DENY");
  server.stop();
  fs::remove_all(dir);
}

// Every registered route is described in docs/api/openapi.yaml.
TEST(OpenApi, DescribesEveryRoute) {
  test::TestDb db("sqlite");
  Config config;
  config.db_url = db.url();
  auto app = App::open(config);
  ASSERT_TRUE(app) << app.error().message;
  std::ifstream in(std::string(ZT_SOURCE_DIR) + "/docs/api/openapi.yaml");
  ASSERT_TRUE(in) << "docs/api/openapi.yaml missing";
  std::stringstream ss;
  ss << in.rdbuf();
  std::string spec = ss.str();
  for (const auto& r : (*app)->router().routes()) {
    std::string key = "\n  " + r.pattern + ":\n";
    auto at = spec.find(key);
    ASSERT_NE(at, std::string::npos) << "path missing from openapi.yaml: " << r.pattern;
    auto end = spec.find("\n  /", at + key.size());
    std::string block = spec.substr(at, end == std::string::npos ? std::string::npos : end - at);
    std::string method = r.method;
    for (auto& ch : method) ch = char(std::tolower(static_cast<unsigned char>(ch)));
    EXPECT_NE(block.find("\n    " + method + ":"), std::string::npos)
        << "method missing from openapi.yaml: " << r.method << " " << r.pattern;
  }
}

}  // namespace
}  // namespace zt
