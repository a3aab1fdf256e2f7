#include "transit/scheduling/trip_pattern.hpp"

#include <algorithm>
#include <optional>

#include <fmt/format.h>

namespace zt::transit::scheduling {

Result<TripPattern> trip_pattern(const Network& n, const std::string& route_id, int direction,
                                 Date date) {
  const Feed& f = n.feed();
  const Date day = n.timetable_day(date);
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
  TripPattern p;
  p.trip = *tmpl;
  const auto [tb, te] = n.trip_span(*tmpl);
  p.stop_times.assign(f.stop_times.begin() + std::ptrdiff_t(tb),
                      f.stop_times.begin() + std::ptrdiff_t(te));
  const auto& front = p.stop_times.front();
  const auto& back = p.stop_times.back();
  p.first = front.departure >= 0 ? front.departure : front.arrival;
  p.last = back.arrival >= 0 ? back.arrival : back.departure;
  if (p.first < 0 || p.last <= p.first)
    return fail(
        Error::conflict(fmt::format("模板班次 {} 的首末站时刻不全", f.trips[tmpl->value].id)));
  // Shares from the times given; a stop without times (GTFS allows them between timepoints)
  // takes its place by distance between the timed stops around it.
  double km = 0;
  for (std::size_t i = 0; i < p.stop_times.size(); ++i) {
    const auto& st = p.stop_times[i];
    if (i > 0) {
      const auto& a = f.stops[p.stop_times[i - 1].stop];
      const auto& b = f.stops[st.stop];
      km += haversine_m(a.lat, a.lon, b.lat, b.lon) / 1000;
    }
    const int t = st.arrival >= 0 ? st.arrival : st.departure;
    p.stops.push_back({st.stop, km, t < 0 ? -1.0 : double(t - p.first) / (p.last - p.first)});
  }
  for (std::size_t i = 1; i + 1 < p.stops.size(); ++i) {
    if (p.stops[i].share >= 0) continue;
    std::size_t j = i + 1;
    while (p.stops[j].share < 0) ++j;  // the last stop is timed
    const auto& a = p.stops[i - 1];
    const auto& b = p.stops[j];
    const double span = b.km - a.km;
    for (std::size_t k = i; k < j; ++k)
      p.stops[k].share =
          a.share + (b.share - a.share) * (span > 0 ? (p.stops[k].km - a.km) / span
                                                    : double(k - i + 1) / double(j - i + 1));
    i = j - 1;
  }
  for (auto& s : p.stops) s.share = std::clamp(s.share, 0.0, 1.0);
  return p;
}

}  // namespace zt::transit::scheduling
