#include "transit/network.hpp"
#include "transit/pack.hpp"

#include <algorithm>

namespace zt::transit {
namespace {

std::optional<Date> opt_date(const Row& r, std::size_t i) {
  if (r.is_null(i)) return std::nullopt;
  auto d = parse_date(r.str(i));
  if (!d) return std::nullopt;
  return *d;
}

}  // namespace

Result<std::shared_ptr<const Network>> Network::load(Store& store) {
  auto active = store.query("SELECT id FROM tr_feeds WHERE active = 1");
  if (!active) return fail(active.error());
  if (active->rows.empty()) return from_feed(Feed{}, 0);
  const std::int64_t fid = active->rows[0].i64(0);
  Feed f;
  auto q = [&](const char* sql) { return store.query(sql, {fid}); };
  auto agencies = q("SELECT agency_id, name, url, timezone FROM tr_agencies WHERE feed_id = $1");
  if (!agencies) return fail(agencies.error());
  for (const auto& r : agencies->rows)
    f.agencies.push_back({r.str(0), r.str(1), r.str(2), r.str(3)});
  auto stops =
      q("SELECT stop_id, code, name, parent, lat, lon, location_type FROM tr_stops WHERE feed_id = "
        "$1 ORDER BY stop_id");
  if (!stops) return fail(stops.error());
  for (const auto& r : stops->rows) {
    f.stop_index.emplace(r.str(0), std::uint32_t(f.stops.size()));
    f.stops.push_back({r.str(0), r.str(1), r.str(2), r.str(3), r.f64(4), r.f64(5), int(r.i64(6))});
  }
  auto routes =
      q("SELECT route_id, agency_id, short_name, long_name, color, route_type, text_color FROM "
        "tr_routes WHERE feed_id = $1");
  if (!routes) return fail(routes.error());
  for (const auto& r : routes->rows)
    f.routes.push_back({r.str(0), r.str(1), r.str(2), r.str(3), r.str(4), int(r.i64(5)), r.str(6)});
  auto trips =
      q("SELECT trip_id, route_id, service_id, headsign, block_id, shape_id, direction FROM "
        "tr_trips WHERE feed_id = $1 ORDER BY trip_id");
  if (!trips) return fail(trips.error());
  for (const auto& r : trips->rows) {
    f.trip_index.emplace(r.str(0), std::uint32_t(f.trips.size()));
    f.trips.push_back({r.str(0), r.str(1), r.str(2), r.str(3), r.str(4), r.str(5), int(r.i64(6))});
  }
  // Stop times and shapes: packed per trip and per shape; versions imported before migration 4
  // have them one row each.
  auto packed =
      q("SELECT trip_id, packed FROM tr_trip_stop_times WHERE feed_id = $1 ORDER BY trip_id");
  if (!packed) return fail(packed.error());
  if (!packed->rows.empty()) {
    for (const auto& r : packed->rows) {
      auto t = f.trip_index.find(r.str(0));
      if (t == f.trip_index.end()) continue;
      if (auto st = unpack_stop_times(r.str(1), t->second, f, "班次 " + r.str(0)); !st)
        return fail(st.error());
    }
    auto shapes = q("SELECT shape_id, packed FROM tr_shape_points WHERE feed_id = $1");
    if (!shapes) return fail(shapes.error());
    for (const auto& r : shapes->rows) {
      auto pts = unpack_shape(r.str(1), "线形 " + r.str(0));
      if (!pts) return fail(pts.error());
      f.shapes[r.str(0)] = std::move(*pts);
    }
  } else {
    auto times =
        q("SELECT trip_id, seq, stop_id, arrival, departure, dist, timepoint, interpolated FROM "
          "tr_stop_times WHERE feed_id = $1 ORDER BY trip_id, seq");
    if (!times) return fail(times.error());
    f.stop_times.reserve(times->rows.size());
    for (const auto& r : times->rows) {
      StopTime st;
      st.trip = f.trip_index.at(r.str(0));
      st.sequence = int(r.i64(1));
      st.stop = f.stop_index.at(r.str(2));
      st.arrival = int(r.i64(3));
      st.departure = int(r.i64(4));
      st.dist = r.is_null(5) ? -1 : r.f64(5);
      st.timepoint = r.i64(6) != 0;
      st.interpolated = r.i64(7) != 0;
      f.stop_times.push_back(st);
    }
    auto shapes =
        q("SELECT shape_id, seq, lat, lon, dist FROM tr_shapes WHERE feed_id = $1 ORDER BY "
          "shape_id, seq");
    if (!shapes) return fail(shapes.error());
    for (const auto& r : shapes->rows)
      f.shapes[r.str(0)].push_back(
          {r.f64(2), r.f64(3), r.is_null(4) ? -1 : r.f64(4), int(r.i64(1))});
  }
  auto services =
      q("SELECT service_id, weekdays, start_date, end_date FROM tr_services WHERE feed_id = $1");
  if (!services) return fail(services.error());
  for (const auto& r : services->rows)
    f.services.push_back({r.str(0), std::uint8_t(r.i64(1)), opt_date(r, 2), opt_date(r, 3)});
  auto dates = q("SELECT service_id, date, exception FROM tr_service_dates WHERE feed_id = $1");
  if (!dates) return fail(dates.error());
  for (const auto& r : dates->rows)
    if (auto d = parse_date(r.str(1))) f.service_dates.push_back({r.str(0), *d, int(r.i64(2))});
  auto freqs =
      q("SELECT trip_id, start_time, end_time, headway_secs, exact_times FROM tr_frequencies WHERE "
        "feed_id = $1");
  if (!freqs) return fail(freqs.error());
  for (const auto& r : freqs->rows)
    f.frequencies.push_back(
        {f.trip_index.at(r.str(0)), int(r.i64(1)), int(r.i64(2)), int(r.i64(3)), r.i64(4) != 0});
  return from_feed(std::move(f), fid);
}

std::shared_ptr<const Network> Network::from_feed(Feed feed, std::int64_t version) {
  auto n = std::shared_ptr<Network>(new Network());
  n->feed_ = std::move(feed);
  n->version_ = version;
  n->index();
  return n;
}

std::optional<TripIdx> Network::find_trip(const std::string& trip_id) const {
  auto it = feed_.trip_index.find(trip_id);
  if (it == feed_.trip_index.end()) return std::nullopt;
  return TripIdx{it->second};
}

std::optional<StopIdx> Network::find_stop(const std::string& stop_id) const {
  auto it = feed_.stop_index.find(stop_id);
  if (it == feed_.stop_index.end()) return std::nullopt;
  return StopIdx{it->second};
}

void Network::index() {
  const auto& f = feed_;
  spans_.assign(f.trips.size(), {0, 0});
  calls_.assign(f.stops.size(), {});
  freqs_.assign(f.trips.size(), {});
  for (const auto& s : trip_spans(f.stop_times)) spans_[s.trip] = {s.begin, s.end};
  for (std::size_t i = 0; i < f.stop_times.size(); ++i)
    calls_[f.stop_times[i].stop].push_back(std::uint32_t(i));
  for (const auto& q : f.frequencies) freqs_[q.trip].push_back(&q);
  block_of_.assign(f.trips.size(), -1);
  std::unordered_map<std::string_view, std::int32_t> blocks;
  for (std::uint32_t t = 0; t < f.trips.size(); ++t) {
    if (f.trips[t].block_id.empty() || spans_[t].first == spans_[t].second) continue;
    auto [it, fresh] = blocks.try_emplace(f.trips[t].block_id, std::int32_t(block_trips_.size()));
    if (fresh) block_trips_.emplace_back();
    block_of_[t] = it->second;
    block_trips_[std::size_t(it->second)].push_back(TripIdx{t});
  }
  auto first_departure = [&](TripIdx t) { return f.stop_times[spans_[t.value].first].departure; };
  for (auto& b : block_trips_)
    std::stable_sort(b.begin(), b.end(),
                     [&](TripIdx x, TripIdx y) { return first_departure(x) < first_departure(y); });
  for (const auto& s : f.services) {
    services_[s.id] = &s;
    for (auto d : {s.start, s.end})
      if (d) {
        if (!first_ || *d < *first_) first_ = *d;
        if (!last_ || *d > *last_) last_ = *d;
      }
  }
  for (const auto& d : f.service_dates) {
    exceptions_[d.service_id].push_back({d.date, d.exception});
    if (d.exception == 1) {
      if (!first_ || d.date < *first_) first_ = d.date;
      if (!last_ || d.date > *last_) last_ = d.date;
    }
  }
  geometry_ = Geometry::build(f, spans_);
  const std::string zone = f.agencies.empty() ? "Asia/Shanghai" : f.agencies[0].timezone;
  try {
    tz_ = date::locate_zone(zone);
  } catch (const std::exception&) {
    tz_ = date::locate_zone("Asia/Shanghai");  // an unknown zone falls back to the customer's
  }
}

std::optional<TripIdx> Network::next_in_block(TripIdx trip, Date day) const {
  if (trip.value >= block_of_.size() || block_of_[trip.value] < 0) return std::nullopt;
  if (!freqs_[trip.value].empty()) return std::nullopt;
  const auto& b = block_trips_[std::size_t(block_of_[trip.value])];
  const Date served = timetable_day(day);
  const int from = feed_.stop_times[spans_[trip.value].first].departure;
  // A block holds the trips of every day it runs on; the next is the first later one today.
  for (TripIdx t : b) {
    if (t == trip || !freqs_[t.value].empty()) continue;
    const int dep = feed_.stop_times[spans_[t.value].first].departure;
    if (dep < from || (dep == from && t.value <= trip.value)) continue;
    if (runs(feed_.trips[t.value].service_id, served)) return t;
  }
  return std::nullopt;
}

bool Network::runs(const std::string& service_id, Date day) const {
  if (auto it = exceptions_.find(service_id); it != exceptions_.end())
    for (const auto& [d, e] : it->second)
      if (d == day) return e == 1;
  auto it = services_.find(service_id);
  if (it == services_.end()) return false;
  const auto* s = it->second;
  if ((s->start && day < *s->start) || (s->end && day > *s->end)) return false;
  const unsigned wd = std::chrono::weekday(std::chrono::sys_days(day)).iso_encoding() - 1;  // Mon 0
  return (s->weekdays >> wd) & 1u;
}

Date Network::timetable_day(Date day) const {
  if (!first_ || !last_ || (day >= *first_ && day <= *last_)) return day;
  auto any_service = [&](Date d) {
    return std::any_of(feed_.services.begin(), feed_.services.end(),
                       [&](const Service& s) { return runs(s.id, d); }) ||
           std::any_of(feed_.service_dates.begin(), feed_.service_dates.end(),
                       [&](const ServiceDate& x) { return x.date == d && x.exception == 1; });
  };
  // The latest date in range on the same weekday; if nothing runs that weekday (a weekday-only
  // feed on a Saturday), the latest date in range that has service.
  const auto want = std::chrono::weekday(day);
  Date d = *last_;
  while (std::chrono::weekday(d) != want) d -= std::chrono::days(1);
  if (d >= *first_ && any_service(d)) return d;
  for (Date x = *last_; x >= *first_ && x > *last_ - std::chrono::days(14);
       x -= std::chrono::days(1))
    if (any_service(x)) return x;
  return d;
}

std::int64_t Network::at(Date day, int gtfs_seconds) const {
  // GTFS times count from noon minus 12 h local time, which is midnight except on DST days.
  auto noon =
      date::make_zoned(tz_, date::local_days(std::chrono::sys_days(day).time_since_epoch()) +
                                std::chrono::hours(12));
  return std::chrono::duration_cast<std::chrono::seconds>(noon.get_sys_time().time_since_epoch())
             .count() -
         12 * 3600 + gtfs_seconds;
}

Date Network::local_date(std::int64_t unix) const {
  auto local =
      date::make_zoned(tz_, date::sys_seconds(std::chrono::seconds(unix))).get_local_time();
  return Date(std::chrono::sys_days(date::floor<date::days>(local).time_since_epoch()));
}

std::int64_t Network::utc_offset(std::int64_t unix) const {
  return date::make_zoned(tz_, date::sys_seconds(std::chrono::seconds(unix)))
      .get_info()
      .offset.count();
}

Result<std::shared_ptr<const Network>> NetworkHolder::get() {
  std::lock_guard lock(mu_);
  if (!current_) {
    auto n = Network::load(store_);
    if (!n) return fail(n.error());
    current_ = *n;
  }
  return current_;
}

Status NetworkHolder::reload() {
  auto n = Network::load(store_);
  if (!n) return fail(n.error());
  std::lock_guard lock(mu_);
  current_ = *n;
  return {};
}

}  // namespace zt::transit
