#include "support/test_store.hpp"

#include <algorithm>

#include <boost/asio.hpp>
#include <boost/beast.hpp>

#include "core/calendar.hpp"
#include "core/digest.hpp"

namespace zt::test {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;

TestDb::TestDb(const std::string& backend) : backend_(backend) {
  init_crypto();
  if (backend == "sqlite") {
    dir_ = std::filesystem::temp_directory_path() / ("zt-test-" + random_hex(6));
    std::filesystem::create_directories(dir_);
    url_ = "sqlite:" + (dir_ / "test.db").string();
    return;
  }
  const char* base = std::getenv("ZT_TEST_PG_URL");
  if (!base || !*base) return;
  admin_url_ = base;
  schema_ = "t_" + random_hex(6);
  auto admin = Store::open(admin_url_, 1);
  if (!admin) throw std::runtime_error("cannot reach test PostgreSQL: " + admin.error().message);
  auto st = (*admin)->query("CREATE SCHEMA " + schema_);
  if (!st) throw std::runtime_error(st.error().message);
  url_ = admin_url_ + (admin_url_.find('?') == std::string::npos ? "?" : "&") +
         "options=-csearch_path%3D" + schema_;
}

TestDb::~TestDb() {
  if (!dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  if (!schema_.empty()) {
    auto admin = Store::open(admin_url_, 1);
    if (admin) (void)(*admin)->query("DROP SCHEMA " + schema_ + " CASCADE");
  }
}

nlohmann::json HttpReply::json() const { return nlohmann::json::parse(body, nullptr, false); }

struct HttpClient::Impl {
  asio::io_context ioc;
  std::unique_ptr<beast::tcp_stream> stream;
  beast::flat_buffer buffer;
};

HttpClient::HttpClient(std::uint16_t port) : impl_(std::make_unique<Impl>()), port_(port) {}
HttpClient::~HttpClient() {
  if (!impl_->stream) return;
  beast::error_code ec;
  impl_->stream->socket().shutdown(asio::ip::tcp::socket::shutdown_both, ec);
}

static HttpReply read_reply(beast::tcp_stream& stream, beast::flat_buffer& buffer) {
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(64 * 1024 * 1024);
  bhttp::read(stream, buffer, parser);
  auto res = parser.release();
  HttpReply out;
  out.status = int(res.result_int());
  out.body = res.body();
  for (const auto& f : res) {
    std::string name(f.name_string());
    for (auto& c : name) c = char(std::tolower(static_cast<unsigned char>(c)));
    out.headers[name] = std::string(f.value());
  }
  return out;
}

HttpReply HttpClient::request(const std::string& method, const std::string& target,
                              const std::string& body,
                              const std::map<std::string, std::string>& headers) {
  if (!impl_->stream) {
    impl_->stream = std::make_unique<beast::tcp_stream>(impl_->ioc);
    impl_->stream->connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port_));
    impl_->buffer.clear();
  }
  bhttp::request<bhttp::string_body> req{bhttp::string_to_verb(method), target, 11};
  req.set(bhttp::field::host, "127.0.0.1");
  if (!body.empty()) req.set(bhttp::field::content_type, "application/json");
  for (const auto& [k, v] : headers) req.set(k, v);
  req.body() = body;
  req.prepare_payload();
  bhttp::write(*impl_->stream, req);
  auto reply = read_reply(*impl_->stream, impl_->buffer);
  if (reply.headers.count("connection") && reply.headers["connection"] == "close")
    impl_->stream.reset();
  return reply;
}

HttpReply HttpClient::raw(const std::string& bytes) {
  beast::tcp_stream s(impl_->ioc);
  s.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port_));
  asio::write(s, asio::buffer(bytes));
  beast::flat_buffer buf;
  return read_reply(s, buf);
}

std::unique_ptr<App> open_app(const std::string& db_url, const Clock& clock) {
  Config config;
  config.db_url = db_url;
  config.db_pool = 2;
  // Tests make thousands of users; at the interactive cost their hashing was most of the
  // suite's time (PasswordCost: the hash records its cost, so logins work all the same).
  config.auth.password_cost = PasswordCost::minimum();
  auto app = App::open(config, &clock);
  if (!app) {
    ADD_FAILURE() << "App::open: " << app.error().message;
    return nullptr;
  }
  return std::move(*app);
}

TestApp::TestApp(const std::string& db_url, bool with_demo,
                 const std::function<void(Config&)>& configure)
    : clock_(shanghai_time(*parse_date("2024-03-20"), 10, 0, 0)) {
  start(db_url, nullptr, with_demo, configure);
}

TestApp::TestApp(std::unique_ptr<Store> store, bool with_demo)
    : clock_(shanghai_time(*parse_date("2024-03-20"), 10, 0, 0)) {
  start("", std::move(store), with_demo);
}

void TestApp::start(const std::string& db_url, std::unique_ptr<Store> store, bool with_demo,
                    const std::function<void(Config&)>& configure) {
  Config config;
  config.db_url = db_url;
  config.db_pool = 2;
  // Tests make thousands of users; at the interactive cost their hashing was most of the
  // suite's time (PasswordCost: the hash records its cost, so logins work all the same).
  config.auth.password_cost = PasswordCost::minimum();
  config.server.port = 0;
  config.server.threads = 2;
  config.server.body_limit = 64 * 1024;
  if (configure) configure(config);
  auto app = App::open(config, &clock_, std::move(store));
  if (!app) throw std::runtime_error("App::open: " + app.error().message);
  app_ = std::move(*app);
  if (with_demo) {
    auto d = load_demo(*app_);
    if (!d) throw std::runtime_error("load_demo: " + d.error().message);
  }
  auto port = app_->server().start();
  if (!port) throw std::runtime_error("start: " + port.error().message);
  port_ = *port;
  app_->server().run_in_background();
}

TestApp::~TestApp() { app_->server().stop(); }

std::map<std::string, std::string> TestApp::bearer(const std::string& username,
                                                   const std::string& password) {
  HttpClient c(port_);
  auto r = c.request(
      "POST", "/api/v1/auth/login",
      nlohmann::json{{"username", username}, {"password", password}, {"token_type", "bearer"}}
          .dump());
  if (r.status != 200) throw std::runtime_error("login " + username + ": " + r.body);
  return {{"Authorization", "Bearer " + r.json()["token"].get<std::string>()}};
}

void PrintTo(const ScenarioRun& r, std::ostream* os) {
  *os << std::filesystem::path(r.file).filename().string() << " on " << r.backend;
}

std::vector<ScenarioRun> scenario_runs(const std::string& dir) {
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    if (e.path().extension() == ".scenario") files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  std::vector<ScenarioRun> out;
  for (const auto& f : files)
    for (const auto& b : backends()) out.push_back({f, b});
  return out;
}

Principal principal_of(App& app, const std::string& username) {
  auto u = app.org().find_user(username);
  EXPECT_TRUE(u && *u) << "no user " << username;
  Principal p;
  if (!u || !*u) return p;
  const auto& user = **u;
  p.id = user.id;
  p.username = user.username;
  p.display_name = user.display_name;
  p.unit = user.unit;
  p.roles = user.roles;
  return p;
}

}  // namespace zt::test
