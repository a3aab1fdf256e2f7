// The dispatch routes over HTTP (transit/dispatch/api_dispatch.cpp): a dispatcher lists, acks
// and closes the bus company's alarms and decides its advice; another unit's dispatcher and a
// user without the dispatcher's role are refused; bad input is a 400 naming the field.
#include <gtest/gtest.h>

#include "support/app_fixture.hpp"
#include "transit/dispatch/dispatch_store.hpp"

namespace zt {
namespace {

using nlohmann::json;
namespace dispatch = transit::dispatch;

class DispatchApi : public test::AppFixture<> {
 protected:
  std::int64_t unit(const std::string& name) {
    auto u = t_->app().org().resolve_unit(name);
    EXPECT_TRUE(u && *u) << name;
    return u && *u ? (*u)->value : 0;
  }
  test::HttpReply as(const std::string& user, const std::string& method, const std::string& target,
                     const std::string& body = "") {
    return c_->request(method, target, body, t_->bearer(user));
  }
};

TEST_P(DispatchApi, LifecycleAndRefusals) {
  const auto company = unit("三门峡市公共交通有限公司");
  auto other = t_->app().org().add_user({"qt_dd",
                                         "别家调度",
                                         UnitId{unit("三门峡市交通运输局")},
                                         {Role::kDispatcher},
                                         "Zhengtong@2024"},
                                        Actor{});
  ASSERT_TRUE(other) << other.error().message;
  const Instant now = t_->clock().now();
  dispatch::Condition c;
  c.kind = dispatch::AlarmKind::kGap;
  c.key = "gap|R1|0|B";
  c.route_id = "R1";
  c.vehicle_id = "B";
  c.message = "大间隔";
  ASSERT_TRUE(dispatch::sync_alarms(t_->app().store(), {c}, company, unix_seconds(now), now));
  dispatch::Proposal p;
  p.key = "hold|B|S3";
  p.route_id = "R1";
  p.vehicle_id = "B";
  p.hold_s = 90;
  p.explanation = "建议滞站 90 秒";
  ASSERT_TRUE(dispatch::sync_advice(t_->app().store(), {p}, company, unix_seconds(now), now));

  auto list = as("gj_dd", "GET", "/api/v1/transit/dispatch/alarms");
  ASSERT_EQ(list.status, 200) << list.body;
  ASSERT_EQ(list.json()["total"], 1);
  const auto alarm = list.json()["alarms"][0];
  EXPECT_EQ(alarm["kind_label"], "大间隔");
  EXPECT_EQ(alarm["state"], "raised");
  const auto id = std::to_string(alarm["id"].get<std::int64_t>());
  // Another unit's dispatcher sees none and may not touch it; a planner may read, not act.
  EXPECT_EQ(as("qt_dd", "GET", "/api/v1/transit/dispatch/alarms").json()["total"], 0);
  EXPECT_EQ(as("qt_dd", "POST", "/api/v1/transit/dispatch/alarms/" + id + "/ack").status, 403);
  EXPECT_EQ(as("jt_gh", "POST", "/api/v1/transit/dispatch/alarms/" + id + "/ack").status, 403);
  EXPECT_EQ(as("fgw_tb", "GET", "/api/v1/transit/dispatch/alarms").status, 403);
  // Bad input.
  auto bad = as("gj_dd", "GET", "/api/v1/transit/dispatch/alarms?state=some");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.json()["error"]["field"], "state");
  EXPECT_EQ(as("gj_dd", "GET", "/api/v1/transit/dispatch/alarms?per_page=999").status, 400);
  auto note =
      as("gj_dd", "POST", "/api/v1/transit/dispatch/alarms/" + id + "/ack", R"({"note":1})");
  EXPECT_EQ(note.status, 400);
  EXPECT_EQ(note.json()["error"]["field"], "note");
  EXPECT_EQ(as("gj_dd", "POST", "/api/v1/transit/dispatch/alarms/abc/ack").status, 400);
  EXPECT_EQ(as("gj_dd", "POST", "/api/v1/transit/dispatch/alarms/99999/ack").status, 404);
  // The lifecycle.
  auto ack = as("gj_dd", "POST", "/api/v1/transit/dispatch/alarms/" + id + "/ack",
                R"({"note":"已电话联系司机"})");
  ASSERT_EQ(ack.status, 200) << ack.body;
  EXPECT_EQ(ack.json()["state"], "acknowledged");
  EXPECT_EQ(ack.json()["acknowledged_by"], "gj_dd");
  EXPECT_EQ(as("gj_dd", "POST", "/api/v1/transit/dispatch/alarms/" + id + "/ack").status, 409);
  auto closed = as("gj_dd", "POST", "/api/v1/transit/dispatch/alarms/" + id + "/close");
  ASSERT_EQ(closed.status, 200);
  EXPECT_EQ(closed.json()["state"], "closed");
  EXPECT_EQ(as("gj_dd", "GET", "/api/v1/transit/dispatch/alarms").json()["total"], 0);
  EXPECT_EQ(as("gj_dd", "GET", "/api/v1/transit/dispatch/alarms?state=all").json()["total"], 1);
  // The admin sees every unit's.
  EXPECT_EQ(as("admin", "GET", "/api/v1/transit/dispatch/alarms?state=all").json()["total"], 1);

  auto advice = as("gj_dd", "GET", "/api/v1/transit/dispatch/advice");
  ASSERT_EQ(advice.status, 200);
  ASSERT_EQ(advice.json()["total"], 1);
  const auto aid = std::to_string(advice.json()["advice"][0]["id"].get<std::int64_t>());
  EXPECT_EQ(advice.json()["advice"][0]["hold_s"], 90);
  EXPECT_EQ(as("qt_dd", "POST", "/api/v1/transit/dispatch/advice/" + aid + "/accept").status, 403);
  auto rejected = as("gj_dd", "POST", "/api/v1/transit/dispatch/advice/" + aid + "/reject",
                     R"({"note":"路口施工"})");
  ASSERT_EQ(rejected.status, 200) << rejected.body;
  EXPECT_EQ(rejected.json()["state"], "rejected");
  EXPECT_EQ(rejected.json()["state_label"], "未采纳");
  EXPECT_EQ(as("gj_dd", "POST", "/api/v1/transit/dispatch/advice/" + aid + "/accept").status, 409);

  // The audit trail names the dispatcher.
  auto trail = as("admin", "GET", "/api/v1/audit?object_type=transit_alarm&object_id=" + id);
  if (trail.status == 200) {
    EXPECT_NE(trail.body.find("gj_dd"), std::string::npos);
  }

  // The departure board: a stop is required, an unknown stop is a 404.
  EXPECT_EQ(as("gj_dd", "GET", "/api/v1/transit/dispatch/departures").status, 400);
  EXPECT_EQ(as("gj_dd", "GET", "/api/v1/transit/dispatch/departures?stop=NOPE").status, 404);
}

INSTANTIATE_TEST_SUITE_P(Backends, DispatchApi, ::testing::ValuesIn(test::backends()));

}  // namespace
}  // namespace zt
