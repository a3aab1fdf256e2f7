#include "transit/scheduling/duty_workbook.hpp"

#include <algorithm>

#include "core/xlsx_writer.hpp"

namespace zt::transit::scheduling {

Result<std::string> duty_workbook(const Network& n, const DayBlocks& b, const DayDuties& d,
                                  const DutyRules& rules) {
  const auto& f = n.feed();
  auto hm = [](int s) { return format_gtfs_time(s).substr(0, 5); };
  auto route_name = [&](std::uint32_t t) {
    const auto& route_id = f.trips[b.trips[t].trip].route_id;
    for (const auto& r : f.routes)
      if (r.id == route_id) return r.short_name.empty() ? r.long_name : r.short_name;
    return route_id;
  };
  XlsxWriter w;
  const int duties = w.sheet("司机排班", {{"班次", 8},
                                          {"签到", 8},
                                          {"签退", 8},
                                          {"段", 5},
                                          {"车辆（字轨）", 12},
                                          {"线路", 10},
                                          {"班次号", 24},
                                          {"起点站", 18},
                                          {"开车", 8},
                                          {"终点站", 18},
                                          {"到达", 8},
                                          {"驾驶（分钟）", 12}});
  int row = 1;
  for (const auto& duty : duty_sheet(b, d)) {
    const int on = duty.first_departure - rules.sign_on_min * 60;
    const int off = duty.last_arrival + rules.sign_off_min * 60;
    for (std::size_t p = 0; p < duty.pieces.size(); ++p)
      for (auto t : duty.pieces[p].trips) {
        const auto& bt = b.timed[t];
        w.text(duties, row, 0, duty.id);
        w.text(duties, row, 1, hm(on));
        w.text(duties, row, 2, hm(off));
        w.number(duties, row, 3, double(p + 1));
        w.text(duties, row, 4, block_name(duty.pieces[p].block, b.plan.vehicles));
        w.text(duties, row, 5, route_name(t));
        w.text(duties, row, 6, f.trips[b.trips[t].trip].id);
        w.text(duties, row, 7, f.stops[bt.start_stop].name);
        w.text(duties, row, 8, hm(bt.departure));
        w.text(duties, row, 9, f.stops[bt.end_stop].name);
        w.text(duties, row, 10, hm(bt.arrival));
        w.number(duties, row, 11, (bt.arrival - bt.departure) / 60.0);
        ++row;
      }
  }
  const int blocks = w.sheet("车辆排班", {{"车辆（字轨）", 12},
                                          {"序", 5},
                                          {"线路", 10},
                                          {"班次号", 24},
                                          {"起点站", 18},
                                          {"开车", 8},
                                          {"终点站", 18},
                                          {"到达", 8}});
  row = 1;
  for (std::size_t blk = 0; blk < b.plan.blocks.size(); ++blk)
    for (std::size_t i = 0; i < b.plan.blocks[blk].size(); ++i, ++row) {
      const auto t = b.plan.blocks[blk][i];
      const auto& bt = b.timed[t];
      w.text(blocks, row, 0, block_name(int(blk), b.plan.vehicles));
      w.number(blocks, row, 1, double(i + 1));
      w.text(blocks, row, 2, route_name(t));
      w.text(blocks, row, 3, f.trips[b.trips[t].trip].id);
      w.text(blocks, row, 4, f.stops[bt.start_stop].name);
      w.text(blocks, row, 5, hm(bt.departure));
      w.text(blocks, row, 6, f.stops[bt.end_stop].name);
      w.text(blocks, row, 7, hm(bt.arrival));
    }
  return w.finish();
}

}  // namespace zt::transit::scheduling
