#include "transit/scheduling/publish_timetable.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "transit/kpi/kpi_query.hpp"

namespace zt::transit::scheduling {

Result<TimetableFeed> feed_with_timetable(const Network& n, const std::string& route_id,
                                          int direction, Date date,
                                          std::span<const TimetableTrip> trips) {
  if (trips.empty()) return fail(Error::invalid("行车计划没有班次", "trips"));
  for (std::size_t i = 0; i < trips.size(); ++i) {
    if (trips[i].arrival <= trips[i].departure)
      return fail(Error::invalid(fmt::format("第 {} 班到达不晚于发车", i + 1), "trips"));
    if (i && trips[i].departure < trips[i - 1].departure)
      return fail(Error::invalid(fmt::format("第 {} 班发车早于上一班", i + 1), "trips"));
  }
  const Feed& f = n.feed();
  // The day whose timetable serves `date` (a date past the feed's range: the latest like it).
  const Date day = n.timetable_day(date);
  // The template: the longest trip of the route and direction on a service running that day.
  std::optional<TripIdx> tmpl;
  std::size_t longest = 0;
  for (std::uint32_t t = 0; t < f.trips.size(); ++t) {
    const auto& trip = f.trips[t];
    if (trip.route_id != route_id || trip.direction != direction) continue;
    if (!n.runs(trip.service_id, day)) continue;
    const auto [b, e] = n.trip_span(TripIdx{t});
    if (e - b > longest) longest = e - b, tmpl = TripIdx{t};
  }
  if (!tmpl && std::any_of(f.trips.begin(), f.trips.end(), [&](const Trip& t) {
        return t.route_id == route_id && t.direction < 0;
      }))
    return fail(Error::invalid(
        fmt::format("线路 {} 的班次没有 direction_id，无法区分上下行", route_id), "direction"));
  if (!tmpl || longest < 2)
    return fail(Error::invalid(
        fmt::format("线路 {} 方向 {} 在 {} 没有运营的班次", route_id, direction, format_date(date)),
        "route_id"));
  const Trip base = f.trips[tmpl->value];
  const auto [tb, te] = n.trip_span(*tmpl);
  const std::vector<StopTime> pattern(f.stop_times.begin() + std::ptrdiff_t(tb),
                                      f.stop_times.begin() + std::ptrdiff_t(te));
  const int t0 =
      pattern.front().departure >= 0 ? pattern.front().departure : pattern.front().arrival;
  const int t1 = pattern.back().arrival >= 0 ? pattern.back().arrival : pattern.back().departure;
  if (t0 < 0 || t1 <= t0)
    return fail(Error::conflict(fmt::format("模板班次 {} 的首末站时刻不全", base.id)));

  TimetableFeed out;
  out.service_id = base.service_id;
  out.template_trip = base.id;
  Feed& g = out.feed;
  g = f;
  g.trips.clear();
  g.stop_times.clear();
  g.frequencies.clear();
  g.trip_index.clear();
  std::vector<std::int64_t> renumber(f.trips.size(), -1);
  for (std::uint32_t t = 0; t < f.trips.size(); ++t) {
    const auto& trip = f.trips[t];
    if (trip.route_id == route_id && trip.direction == direction &&
        trip.service_id == base.service_id) {
      ++out.removed;
      continue;
    }
    renumber[t] = std::int64_t(g.trips.size());
    g.trip_index[trip.id] = std::uint32_t(g.trips.size());
    g.trips.push_back(trip);
  }
  for (auto st : f.stop_times)
    if (renumber[st.trip] >= 0) {
      st.trip = std::uint32_t(renumber[st.trip]);
      g.stop_times.push_back(st);
    }
  for (auto fr : f.frequencies)
    if (renumber[fr.trip] >= 0) {
      fr.trip = std::uint32_t(renumber[fr.trip]);
      g.frequencies.push_back(fr);
    }
  // New trips: the template's stops, its times scaled to each trip's running time.
  const double span = t1 - t0;
  for (const auto& tt : trips) {
    Trip trip = base;
    trip.id = fmt::format("{}_{}_{}_{:03d}", route_id, direction, format_date(date), tt.seq);
    trip.block_id.clear();  // blocks are planned again for the new timetable
    if (g.trip_index.contains(trip.id))
      return fail(Error::conflict(fmt::format("班次编号 {} 已在线网数据中", trip.id)));
    const auto idx = std::uint32_t(g.trips.size());
    g.trip_index[trip.id] = idx;
    g.trips.push_back(trip);
    const double k = double(tt.arrival - tt.departure) / span;
    auto at = [&](int t) { return t < 0 ? -1 : tt.departure + int(std::lround((t - t0) * k)); };
    for (auto st : pattern) {
      st.trip = idx;
      st.arrival = at(st.arrival);
      st.departure = at(st.departure);
      g.stop_times.push_back(st);
    }
    ++out.added;
  }
  return out;
}

Result<PublishedTimetable> publish_timetable(Store& store, const Network& n,
                                             const std::string& source_name, bool force,
                                             const std::string& route_id, int direction, Date date,
                                             std::span<const TimetableTrip> trips, Instant now,
                                             const Actor& who) {
  auto tf = feed_with_timetable(n, route_id, direction, date, trips);
  if (!tf) return fail(tf.error());
  std::string base = source_name;
  for (const char* mark : {" · 路牌 ", " · 行车计划 "})
    if (auto at = base.find(mark); at != std::string::npos) base.resize(at);
  auto v = import_feed(store, tf->feed,
                       fmt::format("{} · 行车计划 {} {} {}", base, kpi::route_title(n, route_id),
                                   direction ? "下行" : "上行", format_date(date)),
                       force, {}, now, who);
  if (!v) return fail(v.error());
  return PublishedTimetable{*v, tf->service_id, tf->removed, tf->added};
}

}  // namespace zt::transit::scheduling
