#include "core/config.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

namespace zt {
namespace {

std::string write_temp(const std::string& name, const std::string& text) {
  auto p = std::filesystem::temp_directory_path() / name;
  std::ofstream(p) << text;
  return p.string();
}

TEST(Config, DefaultsWithoutAFile) {
  auto c = load_config("");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->db_url, "sqlite:var/zhengtong.db");
  EXPECT_EQ(c->server.port, 8080);
  EXPECT_EQ(c->server.address, "127.0.0.1");
}

// [dispatch]: the operating unit, thresholds by name, per-route tables; a typo is refused.
TEST(Config, DispatchThresholdsAndRouteOverrides) {
  auto path = write_temp("zt-config-dispatch.toml", R"(
[dispatch]
unit_id = 12
bunched_ratio = 0.4
max_hold_seconds = 120
[dispatch.routes."R12"]
gapped_ratio = 1.3
)");
  auto c = load_config(path);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->dispatch_unit, 12);
  EXPECT_EQ(c->dispatch.at("bunched_ratio"), 0.4);
  EXPECT_EQ(c->dispatch.at("max_hold_seconds"), 120);
  EXPECT_EQ(c->dispatch_routes.at("R12").at("gapped_ratio"), 1.3);
  for (auto [text, field] :
       {std::pair{"[dispatch]\nbunch_ratio = 0.4\n", "dispatch.bunch_ratio"},
        std::pair{"[dispatch]\nbunched_ratio = -1\n", "dispatch.bunched_ratio"},
        std::pair{"[dispatch]\nunit_id = \"公交\"\n", "dispatch.unit_id"},
        std::pair{"[dispatch.routes.R1]\ngaped_ratio = 2\n", "dispatch.routes.R1.gaped_ratio"}}) {
    auto bad = load_config(write_temp("zt-config-dispatch-bad.toml", text));
    ASSERT_FALSE(bad) << text;
    EXPECT_EQ(bad.error().field, field) << bad.error().message;
  }
}

// [flow] token_secret: 16 to 64 bytes, or absent; a wrong length is refused at startup, named.
TEST(Config, FlowTokenSecretOfItsLength) {
  auto c = load_config(
      write_temp("zt-config-flow.toml", "[flow]\ntoken_secret = \"0123456789abcdef0123\"\n"));
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->flow_token_secret, "0123456789abcdef0123");
  EXPECT_TRUE(load_config("")->flow_token_secret.empty());
  for (const std::string& secret : {std::string("short"), std::string(65, 'k')}) {
    auto bad = load_config(
        write_temp("zt-config-flow-bad.toml", "[flow]\ntoken_secret = \"" + secret + "\"\n"));
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().field, "flow.token_secret");
    EXPECT_NE(bad.error().message.find("flow.token_secret"), std::string::npos);
    EXPECT_EQ(bad.error().message.find(secret), std::string::npos) << "a secret is not echoed";
  }
  Config env;
  setenv("ZT_FLOW_TOKEN_SECRET", "too-short", 1);
  auto st = apply_env(env);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().field, "flow.token_secret");
  setenv("ZT_FLOW_TOKEN_SECRET", "an-override-of-twenty-four", 1);
  ASSERT_TRUE(apply_env(env));
  EXPECT_EQ(env.flow_token_secret, "an-override-of-twenty-four");
  unsetenv("ZT_FLOW_TOKEN_SECRET");
}

TEST(Config, ReadsTomlAndEnvironmentWins) {
  auto path = write_temp("zt-config-ok.toml", R"(
[database]
url = "postgresql://db/zt"
pool = 7
[server]
listen = "0.0.0.0:9000"
threads = 3
[auth]
lock_after = 5
)");
  auto c = load_config(path);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->db_url, "postgresql://db/zt");
  EXPECT_EQ(c->db_pool, 7);
  EXPECT_EQ(c->server.address, "0.0.0.0");
  EXPECT_EQ(c->server.port, 9000);
  EXPECT_EQ(c->server.threads, 3);
  EXPECT_EQ(c->auth.lock_after, 5);
  setenv("ZT_DB", "sqlite:/tmp/x.db", 1);
  setenv("ZT_LISTEN", "127.0.0.1:9100", 1);
  ASSERT_TRUE(apply_env(*c));
  unsetenv("ZT_DB");
  unsetenv("ZT_LISTEN");
  EXPECT_EQ(c->db_url, "sqlite:/tmp/x.db");
  EXPECT_EQ(c->server.port, 9100);
}

// A negative size once wrapped to 16 EiB through the unsigned setting it was cast into.
TEST(Config, NumbersThatDoNotFitTheirSettingAreRefused) {
  auto path = write_temp("zt-config-neg.toml", "[server]\nbody_limit = -1\n");
  auto c = load_config(path);
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().field, "server.body_limit");
  auto big = load_config(write_temp("zt-config-big.toml", "[server]\nthreads = 99999999999\n"));
  ASSERT_FALSE(big);
  EXPECT_EQ(big.error().field, "server.threads");
}

TEST(Config, LoginThrottlingSettings) {
  auto c = load_config(write_temp("zt-config-auth.toml", R"(
[auth]
free_failures = 2
first_delay_seconds = 3
lock_after = 6
lock_minutes = 30
account_lock_after = 60
account_lock_minutes = 10
failure_memory_hours = 12
)"));
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->auth.free_failures, 2);
  EXPECT_EQ(c->auth.first_delay, std::chrono::seconds(3));
  EXPECT_EQ(c->auth.lock_after, 6);
  EXPECT_EQ(c->auth.lock_duration, std::chrono::minutes(30));
  EXPECT_EQ(c->auth.account_lock_after, 60);
  EXPECT_EQ(c->auth.account_lock_duration, std::chrono::minutes(10));
  EXPECT_EQ(c->auth.failure_memory, std::chrono::hours(12));
  // A ceiling no higher than one address's lock would let one address lock the name for all.
  auto low = load_config(
      write_temp("zt-config-auth-low.toml", "[auth]\nlock_after = 10\naccount_lock_after = 10\n"));
  ASSERT_FALSE(low);
  EXPECT_EQ(low.error().field, "auth.account_lock_after");
  auto zero = load_config(write_temp("zt-config-auth-zero.toml", "[auth]\nlock_minutes = 0\n"));
  ASSERT_FALSE(zero);
  EXPECT_EQ(zero.error().field, "auth");
}

TEST(Config, PasswordCostByName) {
  auto c = load_config(write_temp("zt-config-pw.toml", "[auth]\npassword_cost = \"moderate\"\n"));
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->auth.password_cost.ops, PasswordCost::moderate().ops);
  EXPECT_EQ(c->auth.password_cost.mem, PasswordCost::moderate().mem);
  // The tests' minimum is not a setting a deployment can choose.
  auto min =
      load_config(write_temp("zt-config-pw-min.toml", "[auth]\npassword_cost = \"minimum\"\n"));
  ASSERT_FALSE(min);
  EXPECT_EQ(min.error().field, "auth.password_cost");
}

TEST(Config, UploadInflationLimits) {
  auto c = load_config(write_temp("zt-config-inflate.toml", R"(
[server]
inflate_ratio = 4
inflate_limit = 33554432
zip_entries = 50
)"));
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->server.inflate_ratio, 4u);
  EXPECT_EQ(c->server.inflate_limit, 33554432u);
  EXPECT_EQ(c->server.zip_entries, 50u);
  auto zero = load_config(write_temp("zt-config-inflate0.toml", "[server]\ninflate_ratio = 0\n"));
  ASSERT_FALSE(zero);
  EXPECT_EQ(zero.error().field, "server.inflate_ratio");
}

TEST(Config, UnknownKeysAndSyntaxErrorsNameThePlace) {
  auto typo = load_config(write_temp("zt-config-typo.toml", "[server]\nlisten_port = 1\n"));
  ASSERT_FALSE(typo);
  EXPECT_EQ(typo.error().field, "server.listen_port");
  auto broken = load_config(write_temp("zt-config-broken.toml", "[server\nlisten = 1\n"));
  ASSERT_FALSE(broken);
  EXPECT_NE(broken.error().message.find("zt-config-broken.toml:1"), std::string::npos)
      << broken.error().message;
  auto port = load_config(write_temp("zt-config-port.toml", "[server]\nlisten = \"x:99999\"\n"));
  ASSERT_FALSE(port);
  EXPECT_EQ(port.error().field, "listen");
}

TEST(Config, MapTilesAreTemplatesOfTheirPlace) {
  auto c = load_config(write_temp("zt-config-map.toml", R"(
[map]
tile_url = "https://t{s}.tianditu.gov.cn/vec_w/wmts?TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=K"
label_url = "https://t{s}.tianditu.gov.cn/cva_w/wmts?TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=K"
subdomains = "01234567"
attribution = "天地图"
max_zoom = 17
)"));
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_NE(c->map.tile_url.find("vec_w"), std::string::npos);
  EXPECT_EQ(c->map.subdomains, "01234567");
  EXPECT_EQ(c->map.max_zoom, 17);
  EXPECT_TRUE(load_config("")->map.tile_url.empty());  // offline: no tiles
  for (const auto& [text, field] :
       {std::pair{"[map]\ntile_url = \"javascript:{z}{x}{y}\"\n", "map.tile_url"},
        std::pair{"[map]\ntile_url = \"https://tiles.example.cn/a.png\"\n", "map.tile_url"},
        std::pair{"[map]\nlabel_url = \"/tiles/{z}/{x}/{y}.png\"\n", "map.label_url"},
        std::pair{"[map]\ntile_url = \"/t/{z}/{x}/{y}.png\"\nmax_zoom = 30\n", "map.max_zoom"}}) {
    auto bad = load_config(write_temp("zt-config-map-bad.toml", text));
    ASSERT_FALSE(bad) << text;
    EXPECT_EQ(bad.error().field, field) << text;
  }
}

}  // namespace
}  // namespace zt
