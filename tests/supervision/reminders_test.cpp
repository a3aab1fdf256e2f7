// 催报: the office reminds a unit of an unfiled slot through the outbox, audited, at most once a
// day per slot; the list shows when.
#include <gtest/gtest.h>

#include "pages_fixture.hpp"

namespace zt {
namespace {

using nlohmann::json;

class Remind : public test::SupervisionPages {
 protected:
  std::int64_t scalar(const std::string& sql, std::vector<Param> params = {}) {
    auto r = t_->app().store().query(sql, std::span<const Param>(params));
    EXPECT_TRUE(r && !r->rows.empty()) << sql;
    return r && !r->rows.empty() ? r->rows[0].i64(0) : -1;
  }
  test::HttpReply remind(std::int64_t slot, const std::string& user = "ducha") {
    return post("/api/v1/supervision/slots/" + std::to_string(slot) + "/remind", json::object(),
                user);
  }
};

TEST_P(Remind, QueuedAuditedThrottledAndShown) {
  auto before = ok("/api/v1/supervision/slots?period=2024-03", "fgw_tb");
  ASSERT_FALSE(before["slots"].empty());
  auto early = remind(before["slots"][0]["id"].get<std::int64_t>());  // 2024-03-20: not yet due
  EXPECT_EQ(early.status, 409);
  EXPECT_NE(early.json()["error"]["message"].get<std::string>().find("尚未到报送截止时间"),
            std::string::npos);
  at("2024-03-27");  // March's deadline has passed
  auto mine = ok("/api/v1/supervision/slots?period=2024-03", "fgw_tb")["slots"];
  ASSERT_GE(mine.size(), 2u);
  const auto slot = mine[0]["id"].get<std::int64_t>();
  const auto task = mine[0]["task_id"].get<std::int64_t>();
  EXPECT_TRUE(mine[0]["reminded_at"].is_null());
  const auto queued_before = scalar("SELECT COUNT(*) FROM outbox");

  EXPECT_EQ(remind(slot, "fgw_tb").status, 403);  // a unit does not remind itself
  auto r = remind(slot);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json()["reminded_at"], "2024-03-27T10:00:00+08:00");
  EXPECT_GE(r.json()["recipients"].get<int>(), 2);  // fgw_tb and fgw_ld
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM outbox"), queued_before + 1);
  auto msg = t_->app().store().query(
      "SELECT topic, payload FROM outbox WHERE dedupe_key LIKE 'sv-urge:%' ORDER BY id DESC");
  ASSERT_TRUE(msg && msg->rows.size() == 1);
  EXPECT_EQ(msg->rows[0].str(0), "supervision.reminder");
  auto payload = json::parse(msg->rows[0].str(1));
  EXPECT_EQ(payload["unit"], "三门峡市发展和改革委员会");
  EXPECT_EQ(payload["items"][0]["slot_id"], slot);
  EXPECT_NE(payload["text"].get<std::string>().find("已逾期未报"), std::string::npos);
  EXPECT_NE(payload["recipients"].dump().find("fgw_tb"), std::string::npos);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'slot.remind' AND object_type = "
                   "'task' AND object_id = $1",
                   {std::to_string(task)}),
            1);

  // Shown on the row; a second reminder within the day is refused and queues nothing.
  auto row = ok("/api/v1/supervision/slots/" + std::to_string(slot));
  EXPECT_EQ(row["reminded_at"], "2024-03-27T10:00:00+08:00");
  at("2024-03-28", 9);
  auto again = remind(slot);
  EXPECT_EQ(again.status, 409);
  EXPECT_NE(again.json()["error"]["message"].get<std::string>().find("2024-03-27 10:00"),
            std::string::npos);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM outbox"), queued_before + 1);
  at("2024-03-28", 11);  // a day later
  ASSERT_EQ(remind(slot).status, 201);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM outbox"), queued_before + 2);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'slot.remind'"), 2);

  // A filed slot has nothing to remind of.
  const auto other = mine[1]["id"].get<std::int64_t>();
  file(other, "fgw_tb");
  auto filed = remind(other);
  EXPECT_EQ(filed.status, 409);
  EXPECT_EQ(filed.json()["error"]["message"], "该事项已报送，无需催报");
  EXPECT_EQ(remind(99999999).status, 404);
}

INSTANTIATE_TEST_SUITE_P(Backends, Remind, ::testing::ValuesIn(test::backends()));

}  // namespace
}  // namespace zt
