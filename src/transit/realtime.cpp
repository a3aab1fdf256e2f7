#include "transit/realtime.hpp"

#include <cmath>

#include "core/calendar.hpp"
#include "core/http_fields.hpp"
#include "gtfs-realtime.pb.h"

namespace zt::transit {
namespace {

namespace rt = transit_realtime;

}  // namespace

nlohmann::json VehicleReport::to_json() const {
  nlohmann::json j{{"vehicle_id", vehicle_id}, {"lat", lat},         {"lon", lon},
                   {"timestamp", timestamp},   {"trip_id", trip_id}, {"route_id", route_id},
                   {"stop_id", stop_id},       {"status", status}};
  if (!label.empty()) j["label"] = label;
  if (bearing) j["bearing"] = *bearing;
  if (speed) j["speed"] = *speed;
  if (stop_sequence >= 0) j["stop_sequence"] = stop_sequence;
  if (occupancy >= 0) j["occupancy"] = occupancy;
  if (passengers >= 0) j["passengers"] = passengers;
  if (boarded >= 0) j["boarded"] = boarded;
  if (alighted >= 0) j["alighted"] = alighted;
  return j;
}

std::string_view refused_code(Refused r) {
  switch (r) {
    case Refused::kMalformed:
      return "malformed";
    case Refused::kPosition:
      return "position";
    case Refused::kTime:
      return "time";
    case Refused::kSpeed:
      return "speed";
    case Refused::kId:
      return "id";
    case Refused::kStale:
      return "stale";
    case Refused::kFuture:
      return "future";
    case Refused::kEntityCap:
      return "entity_cap";
    case Refused::kFleetCap:
      return "fleet_cap";
  }
  return "malformed";
}

namespace {

// Length of the UTF-8 sequence at s[i] when it is a well-formed, printable character (no C0 or
// C1 control, no DEL, no NUL, no invisible format or direction mark that could disguise an id
// on the map); 0 otherwise.
std::size_t printable_char(std::string_view s, std::size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) return c >= 0x20 && c != 0x7f ? 1 : 0;
  const std::size_t n = c >= 0xf0 && c <= 0xf4  ? 4
                        : c >= 0xe0 && c < 0xf0 ? 3
                        : c >= 0xc2 && c < 0xe0 ? 2
                                                : 0;
  if (n == 0 || i + n > s.size()) return 0;
  std::uint32_t cp = c & (0x7f >> n);
  for (std::size_t k = 1; k < n; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xc0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3f);
  }
  // Overlong forms, surrogates, beyond U+10FFFF, the C1 controls U+0080-U+009F, zero-width and
  // bidirectional marks, line separators, word joiners, the byte-order mark, annotation marks.
  if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
      (cp >= 0xd800 && cp <= 0xdfff) || (cp >= 0x80 && cp <= 0x9f) ||
      (cp >= 0x200b && cp <= 0x200f) || (cp >= 0x2028 && cp <= 0x202e) ||
      (cp >= 0x2060 && cp <= 0x206f) || cp == 0xfeff || (cp >= 0xfff9 && cp <= 0xfffb))
    return 0;
  return n;
}

// Why an id cannot be used: ids are echoed in public feeds, the live map and JSON (which cannot
// carry invalid UTF-8), and a sender must not make the server hold kilobytes per vehicle.
std::optional<std::string> bad_id(std::string_view id, std::size_t max_bytes) {
  if (id.size() > max_bytes)
    return "超过 " + std::to_string(max_bytes) + " 字节（" + std::to_string(id.size()) + " 字节）";
  for (std::size_t i = 0; i < id.size();) {
    const auto n = printable_char(id, i);
    if (n == 0) return "含控制字符、NUL 或无效的 UTF-8（第 " + std::to_string(i + 1) + " 字节）";
    i += n;
  }
  return std::nullopt;
}

}  // namespace

std::string shown_id(std::string_view id, std::size_t max) {
  std::string out;
  for (std::size_t i = 0; i < id.size();) {
    const auto n = printable_char(id, i);
    const std::size_t take = n ? n : 1;
    if (out.size() + take > max) return out + "…";
    if (n)
      out.append(id.substr(i, n));
    else
      out += '?';
    i += take;
  }
  return out;
}

std::optional<Rejection> implausible(const VehicleReport& r, const LiveLimits& limits) {
  auto no = [&](Refused code, std::string why) {
    return Rejection{shown_id(r.vehicle_id), std::move(why), code};
  };
  if (r.vehicle_id.empty()) return no(Refused::kId, "没有车辆编号");
  const std::pair<const char*, const std::string*> ids[] = {
      {"vehicle_id", &r.vehicle_id}, {"trip_id", &r.trip_id}, {"route_id", &r.route_id},
      {"stop_id", &r.stop_id},       {"label", &r.label},     {"start_date", &r.start_date}};
  for (const auto& [name, id] : ids)
    if (auto why = bad_id(*id, limits.max_id_bytes))
      return no(Refused::kId, std::string(name) + " " + *why);
  if (!std::isfinite(r.lat) || !std::isfinite(r.lon) || r.lat < -90 || r.lat > 90 || r.lon < -180 ||
      r.lon > 180)
    return no(Refused::kPosition, "经纬度超出范围");
  if (r.lat == 0 && r.lon == 0) return no(Refused::kPosition, "经纬度为 0,0（定位无效）");
  if (r.timestamp <= 0) return no(Refused::kTime, "没有定位时间");
  if (r.speed && !(*r.speed >= 0 && *r.speed <= 60)) return no(Refused::kSpeed, "速度不合理");
  return std::nullopt;
}

std::optional<Rejection> outside_window(const VehicleReport& r, std::int64_t now,
                                        const LiveLimits& limits) {
  // A fix from the future would stay "live" until the clock caught up (years, for a bad
  // terminal clock); one a day old says nothing about where the bus is and skews learning.
  if (r.timestamp > now + limits.max_ahead)
    return Rejection{shown_id(r.vehicle_id),
                     "定位时间比服务器时钟超前 " + std::to_string(r.timestamp - now) +
                         " 秒（最多 " + std::to_string(limits.max_ahead) +
                         " 秒，[transit] fix_max_ahead_seconds）",
                     Refused::kFuture};
  if (r.timestamp < now - limits.max_age)
    return Rejection{shown_id(r.vehicle_id),
                     "定位时间早于服务器时钟 " + std::to_string(now - r.timestamp) + " 秒（最多 " +
                         std::to_string(limits.max_age) + " 秒，[transit] fix_max_age_seconds）",
                     Refused::kStale};
  return std::nullopt;
}

Result<RealtimeFeed> decode_feed(std::string_view bytes, const std::string& what) {
  rt::FeedMessage msg;
  if (bytes.empty() || !msg.ParseFromArray(bytes.data(), int(bytes.size())))
    return fail(Error::invalid(
        what + "：不是有效的 GTFS-Realtime FeedMessage（protobuf 解码失败或缺少必需字段）",
        "body"));
  RealtimeFeed out;
  out.version = msg.header().gtfs_realtime_version();
  out.timestamp = std::int64_t(msg.header().timestamp());
  for (const auto& e : msg.entity()) {
    if (e.is_deleted()) continue;
    if (e.has_vehicle()) {
      const auto& v = e.vehicle();
      if (!v.has_position()) {
        out.rejected.push_back({shown_id(e.id()), "车辆位置缺少 position", Refused::kMalformed});
        continue;
      }
      VehicleReport r;
      r.vehicle_id = v.vehicle().id().empty() ? e.id() : v.vehicle().id();
      r.label = v.vehicle().label();
      r.trip_id = v.trip().trip_id();
      r.route_id = v.trip().route_id();
      r.start_date = v.trip().start_date();
      if (v.trip().has_direction_id()) r.direction = int(v.trip().direction_id());
      r.lat = v.position().latitude();
      r.lon = v.position().longitude();
      if (v.position().has_bearing()) r.bearing = v.position().bearing();
      if (v.position().has_speed()) r.speed = v.position().speed();
      r.timestamp = v.has_timestamp() ? std::int64_t(v.timestamp()) : out.timestamp;
      if (v.has_current_stop_sequence()) r.stop_sequence = int(v.current_stop_sequence());
      r.stop_id = v.stop_id();
      r.status = int(v.current_status());
      if (v.has_occupancy_status()) r.occupancy = int(v.occupancy_status());
      if (auto why = implausible(r)) {
        if (why->entity.empty()) why->entity = shown_id(e.id());
        out.rejected.push_back(std::move(*why));
        continue;
      }
      out.vehicles.push_back(std::move(r));
    }
    if (e.has_trip_update()) {
      const auto& u = e.trip_update();
      TripUpdateReport t;
      t.trip_id = u.trip().trip_id();
      t.route_id = u.trip().route_id();
      t.start_date = u.trip().start_date();
      t.start_time = u.trip().start_time();
      t.vehicle_id = u.vehicle().id();
      t.timestamp = u.has_timestamp() ? std::int64_t(u.timestamp()) : out.timestamp;
      t.canceled = u.trip().schedule_relationship() == rt::TripDescriptor::CANCELED;
      if (t.trip_id.empty() && t.route_id.empty()) {
        out.rejected.push_back(
            {shown_id(e.id()), "行程更新没有 trip_id 或 route_id", Refused::kMalformed});
        continue;
      }
      for (const auto& s : u.stop_time_update()) {
        StopTimeReport st;
        if (s.has_stop_sequence()) st.stop_sequence = int(s.stop_sequence());
        st.stop_id = s.stop_id();
        if (s.arrival().has_time()) st.arrival_time = s.arrival().time();
        if (s.arrival().has_delay()) st.arrival_delay = s.arrival().delay();
        if (s.departure().has_time()) st.departure_time = s.departure().time();
        if (s.departure().has_delay()) st.departure_delay = s.departure().delay();
        st.skipped = s.schedule_relationship() == rt::TripUpdate::StopTimeUpdate::SKIPPED;
        t.stops.push_back(std::move(st));
      }
      out.trip_updates.push_back(std::move(t));
    }
    if (e.has_alert()) out.alerts++;
  }
  return out;
}

Result<VehicleReport> avl_report(const nlohmann::json& j) {
  if (!j.is_object()) return fail(Error::invalid("每条定位须为 JSON 对象", "body"));
  VehicleReport r;
  auto str = [&](const char* k) -> std::string {
    if (!j.contains(k) || j[k].is_null()) return {};
    if (j[k].is_string()) return j[k].get<std::string>();
    if (j[k].is_number_integer()) return std::to_string(j[k].get<std::int64_t>());
    return {};
  };
  auto num = [&](const char* k) -> std::optional<double> {
    if (!j.contains(k) || !j[k].is_number()) return std::nullopt;
    return j[k].get<double>();
  };
  r.vehicle_id = str("vehicle");
  auto lat = num("lat"), lon = num("lon");
  if (!lat || !lon) return fail(Error::invalid("缺少数值型 lat / lon", "lat"));
  r.lat = *lat;
  r.lon = *lon;
  if (j.contains("time") && j["time"].is_number_integer()) {
    r.timestamp = j["time"].get<std::int64_t>();
  } else if (j.contains("time") && j["time"].is_string()) {
    // "2024-03-20 08:15:30", Beijing time, as terminals report it.
    const auto t = j["time"].get<std::string>();
    auto d = t.size() == 19 ? parse_date(t.substr(0, 10)) : Result<Date>(fail(Error::invalid("")));
    int h = 0, m = 0, s = 0;
    if (!d || std::sscanf(t.c_str() + 11, "%d:%d:%d", &h, &m, &s) != 3 || h > 23 || m > 59 ||
        s > 59)
      return fail(Error::invalid("time 须为 unix 秒或 YYYY-MM-DD HH:MM:SS：" + t, "time"));
    r.timestamp = unix_seconds(shanghai_time(*d, h, m, s));
  } else {
    return fail(Error::invalid("缺少 time", "time"));
  }
  if (auto v = num("speed")) r.speed = *v / 3.6;  // terminals report km/h
  if (auto v = num("heading")) r.bearing = *v;
  r.route_id = str("route");
  r.trip_id = str("trip");
  // Converted only when it fits: a double beyond int's range is undefined behaviour.
  if (auto v = num("passengers"); v && *v >= 0 && *v <= 10000) r.passengers = int(*v);
  if (auto v = num("boarded"); v && *v >= 0 && *v <= 10000) r.boarded = int(*v);
  if (auto v = num("alighted"); v && *v >= 0 && *v <= 10000) r.alighted = int(*v);
  return r;
}

Result<AvlBatch> decode_avl(std::string_view body) {
  auto parsed = http::parse_json_document(body, "body");
  if (!parsed) return fail(parsed.error());
  const nlohmann::json& j = *parsed;
  if (!j.is_object() && !j.is_array())
    return fail(Error::invalid("请求体须为定位对象或其数组", "body"));
  AvlBatch batch;
  auto one = [&](const nlohmann::json& fix, std::size_t i) {
    auto r = avl_report(fix);
    if (r)
      batch.reports.push_back(std::move(*r));
    else
      batch.rejected.push_back({"#" + std::to_string(i), r.error().message});
  };
  if (j.is_array()) {
    for (std::size_t i = 0; i < j.size(); ++i) one(j[i], i);
  } else {
    one(j, 0);
  }
  return batch;
}

std::string encode_vehicle_positions(const std::vector<VehicleReport>& vehicles, Instant now) {
  rt::FeedMessage msg;
  msg.mutable_header()->set_gtfs_realtime_version("2.0");
  msg.mutable_header()->set_incrementality(rt::FeedHeader::FULL_DATASET);
  msg.mutable_header()->set_timestamp(std::uint64_t(unix_seconds(now)));
  for (const auto& v : vehicles) {
    auto* e = msg.add_entity();
    e->set_id(v.vehicle_id);
    auto* p = e->mutable_vehicle();
    p->mutable_vehicle()->set_id(v.vehicle_id);
    if (!v.label.empty()) p->mutable_vehicle()->set_label(v.label);
    if (!v.trip_id.empty()) p->mutable_trip()->set_trip_id(v.trip_id);
    if (!v.route_id.empty()) p->mutable_trip()->set_route_id(v.route_id);
    p->mutable_position()->set_latitude(float(v.lat));
    p->mutable_position()->set_longitude(float(v.lon));
    if (v.bearing) p->mutable_position()->set_bearing(float(*v.bearing));
    if (v.speed) p->mutable_position()->set_speed(float(*v.speed));
    p->set_timestamp(std::uint64_t(v.timestamp));
    if (!v.stop_id.empty()) p->set_stop_id(v.stop_id);
    if (v.stop_sequence >= 0) p->set_current_stop_sequence(std::uint32_t(v.stop_sequence));
    p->set_current_status(rt::VehiclePosition::VehicleStopStatus(v.status));
    if (v.occupancy >= 0)
      p->set_occupancy_status(rt::VehiclePosition::OccupancyStatus(v.occupancy));
  }
  return msg.SerializeAsString();
}

nlohmann::json vehicle_positions_json(const std::vector<VehicleReport>& vehicles, Instant now) {
  nlohmann::json entities = nlohmann::json::array();
  for (const auto& v : vehicles) {
    nlohmann::json pos{{"latitude", v.lat}, {"longitude", v.lon}};
    if (v.bearing) pos["bearing"] = *v.bearing;
    if (v.speed) pos["speed"] = *v.speed;
    nlohmann::json vp{{"vehicle", {{"id", v.vehicle_id}}},
                      {"position", pos},
                      {"timestamp", v.timestamp},
                      {"current_status", v.status == 0   ? "INCOMING_AT"
                                         : v.status == 1 ? "STOPPED_AT"
                                                         : "IN_TRANSIT_TO"}};
    if (!v.trip_id.empty() || !v.route_id.empty())
      vp["trip"] = {{"trip_id", v.trip_id}, {"route_id", v.route_id}};
    if (!v.stop_id.empty()) vp["stop_id"] = v.stop_id;
    entities.push_back({{"id", v.vehicle_id}, {"vehicle", vp}});
  }
  return {{"header",
           {{"gtfs_realtime_version", "2.0"},
            {"incrementality", "FULL_DATASET"},
            {"timestamp", unix_seconds(now)}}},
          {"entity", entities}};
}

namespace {

// Unique per feed: a frequency-based trip's runs share its trip_id, and a trip can run on two
// service days at once around midnight.
std::string entity_id(const TripUpdateReport& u) {
  std::string id = u.trip_id;
  if (!u.start_date.empty()) id += "@" + u.start_date;
  if (!u.start_time.empty()) id += "T" + u.start_time;
  return id;
}

}  // namespace

std::string encode_trip_updates(const std::vector<TripUpdateReport>& updates, Instant now) {
  rt::FeedMessage msg;
  msg.mutable_header()->set_gtfs_realtime_version("2.0");
  msg.mutable_header()->set_incrementality(rt::FeedHeader::FULL_DATASET);
  msg.mutable_header()->set_timestamp(std::uint64_t(unix_seconds(now)));
  for (const auto& u : updates) {
    auto* e = msg.add_entity();
    e->set_id(entity_id(u));
    auto* t = e->mutable_trip_update();
    t->mutable_trip()->set_trip_id(u.trip_id);
    if (!u.route_id.empty()) t->mutable_trip()->set_route_id(u.route_id);
    if (!u.start_date.empty()) t->mutable_trip()->set_start_date(u.start_date);
    if (!u.start_time.empty()) t->mutable_trip()->set_start_time(u.start_time);
    if (!u.vehicle_id.empty()) t->mutable_vehicle()->set_id(u.vehicle_id);
    t->set_timestamp(std::uint64_t(u.timestamp));
    for (const auto& s : u.stops) {
      auto* x = t->add_stop_time_update();
      if (s.stop_sequence >= 0) x->set_stop_sequence(std::uint32_t(s.stop_sequence));
      if (!s.stop_id.empty()) x->set_stop_id(s.stop_id);
      if (s.arrival_time) x->mutable_arrival()->set_time(*s.arrival_time);
      if (s.arrival_delay) x->mutable_arrival()->set_delay(*s.arrival_delay);
      if (s.departure_time) x->mutable_departure()->set_time(*s.departure_time);
      if (s.departure_delay) x->mutable_departure()->set_delay(*s.departure_delay);
    }
  }
  return msg.SerializeAsString();
}

nlohmann::json trip_updates_json(const std::vector<TripUpdateReport>& updates, Instant now) {
  nlohmann::json entities = nlohmann::json::array();
  for (const auto& u : updates) {
    nlohmann::json stops = nlohmann::json::array();
    for (const auto& s : u.stops) {
      nlohmann::json x{{"stop_sequence", s.stop_sequence}, {"stop_id", s.stop_id}};
      if (s.arrival_time)
        x["arrival"] = {{"time", *s.arrival_time}, {"delay", s.arrival_delay.value_or(0)}};
      if (s.departure_time)
        x["departure"] = {{"time", *s.departure_time}, {"delay", s.departure_delay.value_or(0)}};
      stops.push_back(std::move(x));
    }
    nlohmann::json trip{
        {"trip_id", u.trip_id}, {"route_id", u.route_id}, {"start_date", u.start_date}};
    if (!u.start_time.empty()) trip["start_time"] = u.start_time;
    entities.push_back({{"id", entity_id(u)},
                        {"trip_update",
                         {{"trip", std::move(trip)},
                          {"vehicle", {{"id", u.vehicle_id}}},
                          {"timestamp", u.timestamp},
                          {"stop_time_update", stops}}}});
  }
  return {{"header",
           {{"gtfs_realtime_version", "2.0"},
            {"incrementality", "FULL_DATASET"},
            {"timestamp", unix_seconds(now)}}},
          {"entity", entities}};
}

}  // namespace zt::transit
