#include "transit/scheduling/publish_timetable.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "transit/kpi/kpi_query.hpp"
#include "transit/scheduling/trip_pattern.hpp"

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
  auto tp = trip_pattern(n, route_id, direction, date);
  if (!tp) return fail(tp.error());
  const Trip base = f.trips[tp->trip.value];
  const auto& pattern = tp->stop_times;
  const int t0 = tp->first, t1 = tp->last;

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
