// Runs the readable scenario files in tests/enforcement/scenarios/ on both stores, each hard rule
// of docs/domain-enforcement.md allowed one way and refused the other. One step per line:
//
//   today 2024-03-04                      the clock (Shanghai date, 10:00)
//   advance 5                             calendar days later
//   case c1 party=organisation name=… id=… act_ended=2024-02-01 violation=SC-01 [procedure=…]
//        [harms_safety=yes] [major=yes] [by=user]
//   as USER ACTION CASE [officers=a,b] [key=value …] => ok | refused RULE | forbidden | invalid
//   expect CASE field=value …             compares with the case's JSON (strings, numbers, bools)
//   setting NAME=VALUE                    as the unit's legal reviewer (scjg_fz)
//   catalogue violation=X | min_fine=N    benchmark violation=X min=N max=N
//   device code=X location=Y reviewed=yes|no published=yes|no
//   conflict USER PARTY_ID                cert USER field=F from=D to=D
//   publication CASE field=value …        the case's publication record (due_on, withdraw_due …)
//   verify-audit                          the trail verifies end to end
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "core/audit.hpp"
#include "support/app_fixture.hpp"
#include "support/test_store.hpp"

namespace zt::enforcement {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::vector<std::string> words(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

std::map<std::string, std::string> pairs(const std::vector<std::string>& w, std::size_t from) {
  std::map<std::string, std::string> out;
  for (std::size_t i = from; i < w.size(); ++i) {
    auto eq = w[i].find('=');
    if (eq != std::string::npos) out[w[i].substr(0, eq)] = w[i].substr(eq + 1);
  }
  return out;
}

class Scenario : public test::AppFixture<test::ScenarioRun> {
 protected:
  Scenario() : AppFixture({.serve = false, .now = Instant{std::chrono::seconds{1709517600}}}) {}
  void on_open() override {
    auto d = load_demo(*app_);
    ASSERT_TRUE(d) << d.error().message;
  }

  Principal principal(const std::string& username) { return test::principal_of(*app_, username); }

  void set_today(const std::string& d) {
    auto date = parse_date(d);
    ASSERT_TRUE(date) << d;
    clock_.set(shanghai_time(*date, 10, 0, 0));
  }

  std::map<std::string, CaseId> cases_;
};

// Compares a JSON value with the scenario's text form.
bool same(const json& v, const std::string& want) {
  if (v.is_null()) return want == "null";
  if (v.is_string()) return v.get<std::string>() == want;
  if (v.is_boolean()) return (v.get<bool>() ? "true" : "false") == want;
  if (v.is_number()) return std::abs(v.get<double>() - std::stod(want)) < 1e-6;
  return v.dump() == want;
}

TEST_P(Scenario, Runs) {
  std::ifstream in(GetParam().file);
  ASSERT_TRUE(in) << GetParam().file;
  auto& cases = app_->cases();
  const auto legal = principal("scjg_fz");
  int line_no = 0, steps = 0;
  for (std::string line; std::getline(in, line);) {
    ++line_no;
    auto w = words(line);
    if (w.empty() || w[0][0] == '#') continue;
    SCOPED_TRACE(fs::path(GetParam().file).filename().string() + ":" + std::to_string(line_no) +
                 ": " + line);
    ++steps;
    const auto& verb = w[0];
    auto kv = pairs(w, 1);
    if (verb == "today") {
      set_today(w.at(1));
    } else if (verb == "advance") {
      clock_.advance(std::chrono::days{std::stoi(w.at(1))});
    } else if (verb == "case") {
      NewCase c;
      c.field = kv.count("field") ? kv["field"] : "市场监管";
      c.procedure = kv.count("procedure") ? kv["procedure"] : "general";
      c.source = "inspection";
      c.party_kind = kv["party"];
      c.party_name = kv["name"];
      c.party_id = kv["id"];
      c.party_phone = kv["phone"];
      c.violation_code = kv["violation"];
      c.violation_name = kv["violation_name"];
      c.facts = kv.count("facts") ? kv["facts"] : "经营无合法来源证明的商品";
      c.act_ended_on = kv["act_ended"];
      c.harms_safety = kv["harms_safety"] == "yes";
      c.major_flag = kv["major"] == "yes";
      c.complex = kv["complex"] == "yes";
      auto r = cases.create(principal(kv.count("by") ? kv["by"] : "scjg_zf1"), c, "scenario");
      ASSERT_TRUE(r) << r.error().message;
      cases_[w.at(1)] = r->id;
    } else if (verb == "as") {
      auto arrow = std::find(w.begin(), w.end(), "=>");
      ASSERT_NE(arrow, w.end()) << "missing => expectation";
      ActionInput input;
      for (auto& [k, v] : pairs(std::vector<std::string>(w.begin(), arrow), 4)) {
        if (k == "officers") {
          std::istringstream names(v);
          for (std::string n; std::getline(names, n, ',');) input.officers.push_back(n);
        } else {
          input.values[k] = v;
        }
      }
      ASSERT_TRUE(cases_.count(w.at(3))) << "unknown case " << w.at(3);
      auto r = cases.act(principal(w.at(1)), cases_[w.at(3)], w.at(2), input, "scenario");
      std::string expect = *(arrow + 1);
      if (expect == "ok") {
        EXPECT_TRUE(r) << (r ? "" : r.error().message + " [" + r.error().rule + "]");
      } else if (expect == "refused") {
        ASSERT_FALSE(r) << "expected refusal by rule " << *(arrow + 2);
        EXPECT_EQ(r.error().kind, ErrorKind::kRuleViolation) << r.error().message;
        EXPECT_EQ(r.error().rule, *(arrow + 2)) << r.error().message;
        EXPECT_FALSE(r.error().message.empty());
      } else if (expect == "forbidden") {
        ASSERT_FALSE(r);
        EXPECT_EQ(r.error().kind, ErrorKind::kForbidden) << r.error().message;
      } else if (expect == "invalid") {
        ASSERT_FALSE(r);
        EXPECT_EQ(r.error().kind, ErrorKind::kInvalidInput) << r.error().message;
      } else {
        FAIL() << "unknown expectation " << expect;
      }
    } else if (verb == "expect") {
      auto c = cases.get(principal("sfj_jd"), cases_.at(w.at(1)));
      ASSERT_TRUE(c) << c.error().message;
      auto j = case_json(*c);
      for (const auto& [k, v] : pairs(w, 2)) {
        ASSERT_TRUE(j.contains(k)) << "no field " << k;
        EXPECT_TRUE(same(j[k], v)) << k << " is " << j[k].dump() << ", expected " << v;
      }
    } else if (verb == "publication") {
      auto list = app_->publications().list(principal("sfj_jd"));
      ASSERT_TRUE(list);
      const json* found = nullptr;
      for (const auto& p : *list)
        if (p["case_id"] == cases_.at(w.at(1)).value) found = &p;
      ASSERT_TRUE(found) << "no publication for " << w.at(1);
      for (const auto& [k, v] : pairs(w, 2))
        EXPECT_TRUE(same((*found)[k], v))
            << k << " is " << (*found)[k].dump() << ", expected " << v;
    } else if (verb == "setting") {
      auto [k, v] = *kv.begin();
      auto r = cases.set_setting(legal, legal.unit.value, k, v, "scenario");
      ASSERT_TRUE(r) << r.error().message;
    } else if (verb == "catalogue") {
      std::optional<std::string> v;
      std::optional<double> m;
      if (kv.count("violation")) v = kv["violation"];
      if (kv.count("min_fine")) m = std::stod(kv["min_fine"]);
      auto r = cases.add_catalogue(legal, v, m, "目录条目", "scenario");
      ASSERT_TRUE(r) << r.error().message;
    } else if (verb == "benchmark") {
      auto r = cases.add_benchmark(legal, kv["violation"], "违法行为", "《某法》第某条",
                                   std::stod(kv["min"]), std::stod(kv["max"]), "scenario");
      ASSERT_TRUE(r) << r.error().message;
    } else if (verb == "device") {
      auto r = cases.add_device(legal, kv["code"], kv.count("location") ? kv["location"] : "某路口",
                                kv["reviewed"] == "yes", kv["published"] == "yes", "scenario");
      ASSERT_TRUE(r) << r.error().message;
    } else if (verb == "conflict") {
      auto r = cases.declare_conflict(principal(w.at(1)), w.at(1), w.at(2), "亲属关系", "scenario");
      ASSERT_TRUE(r) << r.error().message;
    } else if (verb == "cert") {
      auto u = app_->org().find_user(w.at(1));
      ASSERT_TRUE(u && *u);
      Certificate c;
      c.user = (*u)->id;
      c.number = "SC-" + w.at(1) + "-" + kv["from"];
      c.field = kv["field"];
      c.valid_from = *parse_date(kv["from"]);
      c.valid_to = *parse_date(kv["to"]);
      auto r = app_->org().add_certificate(c, Actor{});
      ASSERT_TRUE(r) << r.error().message;
    } else if (verb == "user") {
      // user NAME role=enforcement_officer [unit=…]
      auto unit =
          app_->org().resolve_unit(kv.count("unit") ? kv["unit"] : "三门峡市市场监督管理局");
      ASSERT_TRUE(unit && *unit);
      auto role = parse_role(kv["role"]);
      ASSERT_TRUE(role) << kv["role"];
      auto r = app_->org().add_user({w.at(1), w.at(1), **unit, {*role}, "Scenario@2024"}, Actor{});
      ASSERT_TRUE(r) << r.error().message;
    } else if (verb == "verify-audit") {
      auto v = verify_audit(app_->store());
      ASSERT_TRUE(v);
      EXPECT_TRUE(v->ok()) << v->problem;
    } else {
      FAIL() << "unknown step " << verb;
    }
    if (HasFatalFailure()) return;
  }
  EXPECT_GT(steps, 0);
}

INSTANTIATE_TEST_SUITE_P(Files, Scenario,
                         ::testing::ValuesIn(test::scenario_runs(std::string(ZT_SOURCE_DIR) +
                                                                 "/tests/enforcement/scenarios")));

}  // namespace
}  // namespace zt::enforcement
