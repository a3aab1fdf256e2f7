// A day's duties over its blocks from a GTFS feed: every trip on exactly one duty's sheet.
#include "transit/scheduling/day_duties.hpp"
#include "core/ooxml.hpp"
#include "transit/scheduling/duty_workbook.hpp"
#include "transit/scheduling/ods_export.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <sstream>

namespace zt::transit::scheduling {
namespace {

// Route 1, 火车站 (S1) – 陕州公园 (S2), 50 min each way, every 30 min 06:00-11:30 both ways.
std::shared_ptr<const Network> network() {
  std::string st = "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n";
  std::string trips = "route_id,service_id,trip_id\n";
  for (int k = 0; k < 12; ++k)
    for (int dir = 0; dir < 2; ++dir) {
      const std::string id = "T" + std::to_string(dir) + "-" + std::to_string(k);
      const int dep = 6 * 3600 + 1800 * k;
      trips += "R1,WK," + id + "\n";
      st += id + "," + format_gtfs_time(dep) + "," + format_gtfs_time(dep) + "," +
            (dir ? "S2" : "S1") + ",1\n";
      st += id + "," + format_gtfs_time(dep + 3000) + "," + format_gtfs_time(dep + 3000) + "," +
            (dir ? "S1" : "S2") + ",2\n";
    }
  FeedTexts files = {
      {"agency.txt",
       "agency_id,agency_name,agency_url,agency_timezone\n"
       "A,三门峡公交,http://example.cn,Asia/Shanghai\n"},
      {"stops.txt",
       "stop_id,stop_name,stop_lat,stop_lon\nS1,火车站,34.7700,111.1900\n"
       "S2,陕州公园,34.7790,111.2050\n"},
      {"routes.txt",
       "route_id,agency_id,route_short_name,route_long_name,route_type\n"
       "R1,A,1,火车站—陕州公园,3\n"},
      {"calendar.txt",
       "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\n"
       "WK,1,1,1,1,1,0,0,20240101,20241231\n"},
      {"trips.txt", trips},
      {"stop_times.txt", st},
  };
  auto f = load_feed_texts(files);
  EXPECT_TRUE(f);
  return Network::from_feed(std::move(*f));
}

TEST(DayDuties, EveryTripOnOneDutyAndTheFewestDuties) {
  auto n = network();
  auto b = day_blocks(*n, *parse_date("2024-03-04"), {.min_layover_s = 600});
  ASSERT_TRUE(b) << b.error().message;
  EXPECT_EQ(b->plan.vehicles, 4);  // out 50 + 10, back on the hour: a bus per half hour each end
  auto d = day_duties(*n, *b, {}, {.time_limit_s = 30});
  ASSERT_TRUE(d) << d.error().message;
  EXPECT_TRUE(d->chosen.optimal);
  // 24 trips of 50 min are 20 h of driving; no duty drives more than 9 h: at least 3 duties.
  EXPECT_GE(d->chosen.columns.size(), 3u);
  EXPECT_LE(d->chosen.columns.size(), 8u);

  std::ostringstream csv;
  write_duties_csv(*n, *b, *d, csv);
  std::istringstream lines(csv.str());
  std::string line;
  std::getline(lines, line);
  EXPECT_EQ(line, "duty_id,piece,block_id,trip_id,start,end");
  std::map<std::string, int> times;
  std::set<std::string> duties;
  while (std::getline(lines, line)) {
    std::vector<std::string> f;
    std::stringstream ss(line);
    for (std::string x; std::getline(ss, x, ',');) f.push_back(x);
    ASSERT_EQ(f.size(), 6u) << line;
    ++times[f[3]];
    duties.insert(f[0]);
  }
  EXPECT_EQ(times.size(), 24u);
  for (const auto& [trip, k] : times) EXPECT_EQ(k, 1) << trip;
  EXPECT_EQ(duties.size(), d->chosen.columns.size());
  EXPECT_TRUE(duties.count("D001"));
  auto j = duties_summary(*b, *d);
  EXPECT_EQ(j["duties"], d->chosen.columns.size());
  EXPECT_EQ(j["vehicles"], 4);
}

TEST(DayDuties, TheDutySheetWorkbook) {
  auto n = network();
  auto b = day_blocks(*n, *parse_date("2024-03-04"), {.min_layover_s = 600});
  ASSERT_TRUE(b);
  auto d = day_duties(*n, *b, {}, {.time_limit_s = 30});
  ASSERT_TRUE(d);
  auto book = duty_workbook(*n, *b, *d, {});
  ASSERT_TRUE(book) << book.error().message;
  auto duties = xlsx_rows(*book, "排班表", "司机排班");
  ASSERT_TRUE(duties) << duties.error().message;
  ASSERT_EQ(duties->size(), 1u + 24u);  // the header and every trip
  EXPECT_EQ((*duties)[0].cells[0], "班次");
  EXPECT_EQ((*duties)[1].cells[0], "D001");
  EXPECT_EQ((*duties)[1].cells[1], "05:50");  // 10 min before the first 06:00 departure
  EXPECT_TRUE((*duties)[1].cells[7] == "火车站" || (*duties)[1].cells[7] == "陕州公园");
  auto blocks = xlsx_rows(*book, "排班表", "车辆排班");
  ASSERT_TRUE(blocks);
  EXPECT_EQ(blocks->size(), 1u + 24u);
  EXPECT_EQ((*blocks)[1].cells[0], "B001");
}

TEST(DayDuties, ATripNoDriverCanDriveIsNamedByItsId) {
  auto n = network();
  auto b = day_blocks(*n, *parse_date("2024-03-04"), {.min_layover_s = 600});
  ASSERT_TRUE(b);
  DutyRules rules;
  rules.max_continuous_driving_min = 30;  // the trips take 50 minutes
  for (auto method : {DutyMethod::kEnumerate, DutyMethod::kGenerate}) {
    auto d = day_duties(*n, *b, rules, {.time_limit_s = 30}, {}, method);
    ASSERT_FALSE(d);
    EXPECT_EQ(d.error().rule, "duty_trip_too_long");
    EXPECT_NE(d.error().message.find("班次 T"), std::string::npos) << d.error().message;
    EXPECT_NE(d.error().message.find("驾驶 50 分钟"), std::string::npos) << d.error().message;
  }
}

TEST(DayDuties, OperationalDataStandardFiles) {
  auto n = network();
  auto b = day_blocks(*n, *parse_date("2024-03-04"), {.min_layover_s = 600});
  ASSERT_TRUE(b);
  auto d = day_duties(*n, *b, {}, {.time_limit_s = 30});
  ASSERT_TRUE(d);
  std::ostringstream rp, dh;
  write_ods_runs_pieces(*n, *b, *d, rp);
  write_ods_deadheads(*n, *b, dh);
  // Buses turn at the stop they arrive at: no empty runs.
  EXPECT_EQ(dh.str(),
            "deadhead_id,service_id,block_id,shape_id,to_trip_id,from_trip_id,to_deadhead_id,"
            "from_deadhead_id\n");
  std::istringstream lines(rp.str());
  std::string line;
  std::getline(lines, line);
  EXPECT_EQ(line,
            "run_id,piece_id,start_type,start_trip_id,start_trip_position,end_type,end_trip_id,"
            "end_trip_position");
  std::size_t pieces = 0, rows = 0;
  for (int j : d->chosen.columns) pieces += d->candidates.duties[std::size_t(j)].size();
  std::set<std::string> ids;
  while (std::getline(lines, line)) {
    ++rows;
    EXPECT_TRUE(ids.insert(line.substr(0, line.find(',', line.find(',') + 1))).second) << line;
    EXPECT_NE(line.find(",1,T"), std::string::npos) << line;
  }
  EXPECT_EQ(rows, pieces);

  // run_events.txt: each run reports, drives its trips (a break between pieces), signs off;
  // every event starts where the one before it ended, and not before.
  std::ostringstream re;
  write_ods_run_events(*n, *b, *d, {}, re);
  std::istringstream events(re.str());
  std::getline(events, line);
  EXPECT_EQ(line,
            "service_id,run_id,event_sequence,piece_id,block_id,job_type,event_type,trip_id,"
            "start_location,start_time,start_mid_trip,end_location,end_time,end_mid_trip");
  std::size_t trips = 0, runs = 0, breaks = 0;
  std::string run, end_location, end_time;
  while (std::getline(events, line)) {
    std::vector<std::string> f;
    for (std::size_t at = 0;;) {
      const auto comma = line.find(',', at);
      f.push_back(line.substr(at, comma - at));
      if (comma == std::string::npos) break;
      at = comma + 1;
    }
    ASSERT_EQ(f.size(), 14u) << line;
    EXPECT_EQ(f[5], "Operator");
    if (f[1] != run) {
      EXPECT_EQ(f[6], "Report Time") << line;
      ++runs;
    } else {
      EXPECT_EQ(f[8], end_location) << line;
      EXPECT_GE(f[9], end_time) << line;  // a layover at the stop is no event of its own
    }
    run = f[1];
    end_location = f[11];
    end_time = f[12];
    trips += f[6] == "Operator";
    breaks += f[6] == "Break";
    if (f[6] == "Operator") {
      EXPECT_EQ(f[10], "2") << line;
    }
  }
  EXPECT_EQ(runs, d->chosen.columns.size());
  EXPECT_EQ(trips, b->trips.size());
  EXPECT_EQ(breaks, pieces - runs);
}

}  // namespace
}  // namespace zt::transit::scheduling
