// The ledger feed on both stores: a month's figures recorded from a day of transit operations
// records (the hand-computed fixture day) and from enforcement publications and cases, marked as
// the system's with their query and audited as the system's change; re-running replaces the
// month instead of adding to it, and audits only a figure that changed.
#include "app/ledger_feed.hpp"

#include <cmath>
#include <fstream>
#include <map>

#include <gtest/gtest.h>

#include "core/audit.hpp"
#include "supervision/system_figures.hpp"
#include "support/app_fixture.hpp"
#include "transit/kpi/kpi.hpp"
#include "transit/kpi/record_store.hpp"
#include "transit/kpi_fixtures.hpp"

namespace zt {
namespace {

class LedgerFeed : public test::AppFixture<> {
 protected:
  LedgerFeed()
      : AppFixture({.serve = false, .now = shanghai_time(*parse_date("2024-04-05"), 10, 0, 0)}) {}
  void on_open() override {
    auto d =
        load_demo(*app_, std::string(ZT_SOURCE_DIR) + "/data/seed/sanmenxia-gazette-2024-02.txt");
    ASSERT_TRUE(d) << d.error().message;
  }
  std::int64_t kpi(const std::string& indicator) {
    auto r = app_->store().query("SELECT id FROM sv_kpis WHERE indicator = $1", {indicator});
    EXPECT_TRUE(r && r->rows.size() == 1) << indicator;
    return r && !r->rows.empty() ? r->rows[0].i64(0) : 0;
  }
  std::vector<supervision::SystemFigure> figures(std::int64_t id) {
    std::vector<std::int64_t> ids{id};
    auto f = supervision::system_figures(app_->store(), ids);
    EXPECT_TRUE(f);
    return f && f->contains(id) ? (*f)[id] : std::vector<supervision::SystemFigure>{};
  }
  std::size_t audits(std::int64_t id) {
    auto h = audit_history(app_->store(), "kpi", std::to_string(id));
    EXPECT_TRUE(h);
    return h ? h->size() : 0;
  }
  nlohmann::json feed(bool force) {
    auto r = app_->feed_ledger(force);
    EXPECT_TRUE(r) << r.error().message;
    return r ? *r : nlohmann::json::object();
  }
  void save_fixture_day(std::size_t keep) {
    auto n = transit::Network::from_feed(transit::fixtures::kpi_feed());
    const auto day = *parse_date(transit::fixtures::kKpiDay);
    auto records = transit::kpi::build_trip_records(*n, day, transit::fixtures::kpi_visits(*n));
    records.resize(std::min(keep, records.size()));
    ASSERT_TRUE(
        transit::kpi::save_day(app_->store(), day, records, "tracker", 1, clock_.now(), Actor{}));
    records_ = records;
  }
  std::vector<transit::kpi::TripRecord> records_;
};

TEST_P(LedgerFeed, AMonthOfTransitRecordsFillsTheOnTimeAndSpeedTargets) {
  save_fixture_day(100);
  auto out = feed(false);
  EXPECT_EQ(out["targets"], 7);  // 非现金支付比例 joined the transit figures
  EXPECT_GE(out["recorded"].get<int>(), 2);

  const auto ontime = kpi("发车正点率");
  auto f = figures(ontime);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].period, "2024-03");
  EXPECT_EQ(f[0].metric, "transit.on_time_departure_rate");
  EXPECT_DOUBLE_EQ(f[0].value, 71.43);  // 5 of the 7 judged departures on time
  EXPECT_EQ(f[0].count, 7);
  EXPECT_NE(f[0].query.find("tr_trips_performed"), std::string::npos) << f[0].query;
  EXPECT_NE(f[0].query.find("正点 5 ÷ 判定 7"), std::string::npos) << f[0].query;
  EXPECT_EQ(f[0].computed_at, clock_.now());
  auto src = app_->store().query(
      "SELECT source FROM sv_kpi_figures_auto WHERE kpi_id = $1 AND period = '2024-03'", {ontime});
  ASSERT_TRUE(src && src->rows.size() == 1);
  EXPECT_EQ(src->rows[0].str(0), "system");

  const auto speed = kpi("早晚高峰时段城市公共汽电车平均运营时速");
  auto s = figures(speed);
  ASSERT_EQ(s.size(), 1u);
  const auto city = transit::kpi::compute_kpis(records_, {}).city;
  EXPECT_DOUBLE_EQ(s[0].value, std::round(*city.peak_speed_kmh() * 100) / 100);
  EXPECT_EQ(s[0].count, city.peak_trips);
  // No built-up area, no live samples: no figure rather than a made-up one.
  EXPECT_TRUE(figures(kpi("中心城区公共交通站点500米覆盖率")).empty());
  EXPECT_TRUE(figures(kpi("来车信息实时预报覆盖率")).empty());
  // The months without records recorded nothing either.
  EXPECT_GT(out["no_data"].get<int>(), 0);

  // Audited as the system's change of state.
  auto trail = audit_history(app_->store(), "kpi", std::to_string(ontime));
  ASSERT_TRUE(trail);
  ASSERT_EQ(trail->size(), 1u);
  EXPECT_EQ((*trail)[0].action, "kpi.system_figure");
  EXPECT_FALSE((*trail)[0].actor_id.has_value());
  EXPECT_EQ((*trail)[0].actor, "system");
}

TEST_P(LedgerFeed, ReRunningReplacesTheMonth) {
  save_fixture_day(100);
  feed(false);
  const auto ontime = kpi("发车正点率");
  ASSERT_EQ(audits(ontime), 1u);
  // March is final (its last day's records are in): the next round leaves it alone.
  clock_.set(clock_.now() + std::chrono::minutes(5));
  auto again = feed(false);
  EXPECT_EQ(again["recorded"], 0);
  EXPECT_GT(again["skipped"].get<int>(), 0);
  // Forced, it is recomputed: the same figure, one row, no new audit record.
  auto forced = feed(true);
  EXPECT_EQ(forced["recorded"], 0);
  EXPECT_GE(forced["unchanged"].get<int>(), 2);
  auto f = figures(ontime);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].computed_at, clock_.now());
  EXPECT_EQ(audits(ontime), 1u);
  // The day's records replaced by fewer: the month's figure is replaced, and audited.
  save_fixture_day(2);
  feed(true);
  f = figures(ontime);
  ASSERT_EQ(f.size(), 1u);
  const auto city = transit::kpi::compute_kpis(records_, {}).city;
  EXPECT_EQ(f[0].count, city.departures_judged);
  EXPECT_DOUBLE_EQ(f[0].value, std::round(*city.on_time_departure_rate() * 10000) / 100);
  EXPECT_EQ(audits(ontime), 2u);
}

// Forecast coverage of a past month from its stop-minutes stored per day: Σ covered ÷ Σ served
// over the month's days, the other months' rows left out.
TEST_P(LedgerFeed, ForecastCoverageOfAPastMonthFromItsStoredDays) {
  struct Row {
    const char* day;
    const char* stop;
    int served, predicted;
  };
  for (auto [day, stop, served, predicted] :
       {Row{"2024-02-10", "A", 100, 100}, Row{"2024-03-01", "A", 600, 540},
        Row{"2024-03-01", "B", 300, 0}, Row{"2024-03-31", "A", 100, 95}}) {
    ASSERT_TRUE(app_->store().query(
        "INSERT INTO tr_forecast_coverage (service_date, stop_id, minutes_served, "
        "minutes_predicted) VALUES ($1, $2, $3, $4)",
        {std::string(day), std::string(stop), std::int64_t(served), std::int64_t(predicted)}));
    ASSERT_TRUE(app_->store().query(
        "INSERT INTO tr_forecast_coverage_days (service_date, minutes_sampled) VALUES ($1, 1080) "
        "ON CONFLICT (service_date) DO NOTHING",
        {std::string(day)}));
  }
  feed(false);
  auto f = figures(kpi("来车信息实时预报覆盖率"));
  ASSERT_EQ(f.size(), 2u);
  std::map<std::string, supervision::SystemFigure> by;
  for (const auto& x : f) by[x.period] = x;
  ASSERT_TRUE(by.contains("2024-03") && by.contains("2024-02"));
  EXPECT_EQ(by["2024-03"].metric, "transit.forecast_coverage");
  EXPECT_DOUBLE_EQ(by["2024-03"].value, 63.5);  // (540 + 0 + 95) ÷ (600 + 300 + 100)
  EXPECT_EQ(by["2024-03"].count, 1000);
  EXPECT_NE(by["2024-03"].query.find("2024-03-01 至 2024-03-31"), std::string::npos)
      << by["2024-03"].query;
  EXPECT_DOUBLE_EQ(by["2024-02"].value, 100);
  // 500 m coverage has no history: never a past month.
  EXPECT_TRUE(figures(kpi("中心城区公共交通站点500米覆盖率")).empty());
}

TEST_P(LedgerFeed, EnforcementPublicationsAndMajorCasesFillTheirTargets) {
  auto& store = app_->store();
  auto unit = store.query("SELECT id FROM units ORDER BY id LIMIT 1");
  ASSERT_TRUE(unit && !unit->rows.empty());
  const auto u = unit->rows[0].i64(0);
  // Three records due in March: two published by their due date, one late; one due in April.
  const std::vector<std::pair<const char*, const char*>> pubs{{"2024-03-08", "2024-03-07"},
                                                              {"2024-03-15", "2024-03-15"},
                                                              {"2024-03-22", "2024-03-25"},
                                                              {"2024-04-20", "2024-04-01"}};
  for (const auto& [due, published] : pubs)
    ASSERT_TRUE(store.query(
        "INSERT INTO ef_publications (unit_id, kind, title, party_kind, party_name, party_id, "
        "content, decided_on, due_on, published_on) VALUES ($1, 'penalty', '决定书', 'person', "
        "'张三', '', '内容', '2024-03-01', $2, $3)",
        {u, std::string(due), std::string(published)}));
  // Major decisions of March: one reviewed before deciding, one not; a minor one does not count.
  int no = 0;
  for (auto [major, review, decided] :
       {std::tuple{1, "2024-03-10", "2024-03-12"}, {1, "", "2024-03-20"}, {0, "", "2024-03-21"}})
    ASSERT_TRUE(store.query(
        "INSERT INTO ef_cases (no, unit_id, field, state, procedure, source, party_kind, "
        "party_name, party_id, violation_code, facts, act_ended_on, major, review_passed_on, "
        "decided_on, created_by, created_at, updated_at) VALUES ($1, $2, '市场监管', 'decided', "
        "'general', 'inspection', 'person', '李四', '', 'V1', '事实', '2024-03-01', $3, $4, $5, "
        "1, 0, 0)",
        {"案" + std::to_string(++no), u, std::int64_t(major),
         *review ? Param(std::string(review)) : Param(nullptr), std::string(decided)}));
  feed(false);
  std::int64_t publication = 0;
  auto k = store.query("SELECT id, indicator FROM sv_kpis");
  ASSERT_TRUE(k);
  for (const auto& r : k->rows)
    if (r.str(1).find("公示率") != std::string::npos) publication = r.i64(0);
  ASSERT_NE(publication, 0);
  auto p = figures(publication);
  ASSERT_EQ(p.size(), 2u);  // March, and April to date (its record was published early)
  EXPECT_EQ(p[0].period, "2024-03");
  EXPECT_DOUBLE_EQ(p[0].value, 66.67);
  EXPECT_EQ(p[0].count, 3);
  EXPECT_NE(p[0].query.find("ef_publications"), std::string::npos);
  EXPECT_EQ(p[1].period, "2024-04");
  EXPECT_DOUBLE_EQ(p[1].value, 100);
  auto review = figures(kpi("重大执法决定法制审核率"));
  ASSERT_EQ(review.size(), 1u);
  EXPECT_DOUBLE_EQ(review[0].value, 50);
  EXPECT_EQ(review[0].count, 2);
  EXPECT_NE(review[0].query.find("ef_cases"), std::string::npos);
}

TEST_P(LedgerFeed, RecordingRefusesWhatIsNotAFigure) {
  auto& store = app_->store();
  const auto ontime = kpi("发车正点率");
  const auto now = clock_.now();
  EXPECT_FALSE(supervision::record_system_figure(store, {ontime, "2024-3", "m", 1, 1, "q", now}));
  EXPECT_FALSE(supervision::record_system_figure(store, {ontime, "2024-13", "m", 1, 1, "q", now}));
  EXPECT_FALSE(supervision::record_system_figure(store, {ontime, "2024-03", "", 1, 1, "q", now}));
  EXPECT_FALSE(
      supervision::record_system_figure(store, {ontime, "2024-03", "m", NAN, 1, "q", now}));
  auto missing = supervision::record_system_figure(store, {999999, "2024-03", "m", 1, 1, "q", now});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().kind, ErrorKind::kNotFound);
  EXPECT_TRUE(figures(ontime).empty());
  EXPECT_TRUE(supervision::unit_figure_wins("2024-03", "2024-03"));
  EXPECT_TRUE(supervision::unit_figure_wins("2024年度", "2024-12"));
  EXPECT_FALSE(supervision::unit_figure_wins("2024-02", "2024-03"));
}

INSTANTIATE_TEST_SUITE_P(Stores, LedgerFeed, ::testing::ValuesIn(test::backends()));

}  // namespace
}  // namespace zt
