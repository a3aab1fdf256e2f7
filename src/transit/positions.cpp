#include "transit/positions.hpp"

#include <algorithm>
#include <unordered_set>

#include <spdlog/spdlog.h>

#include "core/batch_insert.hpp"
#include "transit/stop_events.hpp"

namespace zt::transit {

Result<std::size_t> insert_fixes(Tx& tx, std::span<const VehicleReport> fixes,
                                 std::int64_t received_at) {
  BatchInsert b(
      tx, "tr_positions",
      {"vehicle_id", "ts", "lat", "lon", "bearing", "speed", "trip_id", "route_id", "stop_id",
       "status", "occupancy", "passengers", "boarded", "alighted", "received_at"},
      fixes.size(), {}, " ON CONFLICT (vehicle_id, ts) DO NOTHING");
  for (const auto& r : fixes)
    if (auto s = b.add({r.vehicle_id, r.timestamp, r.lat, r.lon, nullable(r.bearing),
                        nullable(r.speed), r.trip_id, r.route_id, r.stop_id, std::int64_t(r.status),
                        std::int64_t(r.occupancy), std::int64_t(r.passengers),
                        std::int64_t(r.boarded), std::int64_t(r.alighted), received_at});
        !s)
      return fail(s.error());
  if (auto s = b.flush(); !s) return fail(s.error());
  return b.inserted();
}

nlohmann::json IngestResult::to_json() const {
  auto reasons_json = nlohmann::json::array();
  for (const auto& r : reasons)
    reasons_json.push_back(
        {{"entity", r.entity}, {"reason", r.reason}, {"code", refused_code(r.code)}});
  auto refused_json = nlohmann::json::object();
  for (std::size_t i = 0; i < kRefusedKinds; ++i)
    if (refused[i]) refused_json[std::string(refused_code(Refused(i)))] = refused[i];
  return {{"accepted", accepted},       {"duplicate", duplicate},  {"rejected", rejected},
          {"stop_events", stop_events}, {"refused", refused_json}, {"reasons", reasons_json}};
}

void Positions::forget_stale(std::int64_t now) {
  std::erase_if(latest_,
                [&](const auto& kv) { return kv.second.timestamp < now - limits_.max_age; });
}

Result<IngestResult> Positions::ingest(std::vector<VehicleReport> reports,
                                       std::vector<Rejection> rejected) {
  IngestResult out;
  const auto now = unix_seconds(clock_.now());
  // Refused whole rather than cut: a sender of 50,000 entities is broken or hostile, and which
  // of them would be kept is arbitrary. Counted, so the flood shows on /metrics.
  if (const auto entities = reports.size() + rejected.size(); entities > limits_.max_entities) {
    std::lock_guard lock(mu_);
    totals_.refused[std::size_t(Refused::kEntityCap)] += long(entities);
    totals_.rejected += long(entities);
    return fail(Error{ErrorKind::kTooLarge,
                      "一次最多上报 " + std::to_string(limits_.max_entities) +
                          " 条定位（[transit] max_entities），本次 " + std::to_string(entities) +
                          " 条，均未接收",
                      "max_entities",
                      {}});
  }
  std::vector<VehicleReport> plausible;
  plausible.reserve(reports.size());
  for (auto& r : reports) {
    auto why = implausible(r, limits_);
    if (!why) why = outside_window(r, now, limits_);
    if (why) {
      rejected.push_back(std::move(*why));
      continue;
    }
    plausible.push_back(std::move(r));
  }
  std::unique_lock track_lock(track_mu_);
  // Admission: a vehicle not held yet takes a slot while fewer than max_vehicles are, so the live
  // state, the tracker and the public feeds stay bounded whatever ids senders invent.
  std::vector<VehicleReport> good;
  good.reserve(plausible.size());
  {
    std::lock_guard lock(mu_);
    std::unordered_set<std::string> fresh;
    bool pruned = false;
    for (auto& r : plausible) {
      if (!latest_.contains(r.vehicle_id) && !fresh.contains(r.vehicle_id)) {
        if (latest_.size() + fresh.size() >= limits_.max_vehicles && !pruned) {
          forget_stale(now);
          pruned = true;
        }
        if (latest_.size() + fresh.size() >= limits_.max_vehicles) {
          rejected.push_back({shown_id(r.vehicle_id),
                              "已跟踪 " + std::to_string(limits_.max_vehicles) +
                                  " 辆车（[transit] max_vehicles），不再接收新车辆",
                              Refused::kFleetCap});
          continue;
        }
        fresh.insert(r.vehicle_id);
      }
      good.push_back(std::move(r));
    }
  }
  out.rejected = int(rejected.size());
  for (const auto& r : rejected) out.refused[std::size_t(r.code)]++;
  for (std::size_t i = 0; i < rejected.size() && i < 20; ++i) out.reasons.push_back(rejected[i]);
  std::size_t inserted = 0;
  std::sort(good.begin(), good.end(), [](const VehicleReport& a, const VehicleReport& b) {
    return a.timestamp < b.timestamp;
  });
  std::shared_ptr<const Network> net;
  std::vector<StopEvent> events;
  if (fleet_ && network_ && !good.empty()) {
    auto n = network_->get();
    if (!n) return fail(n.error());
    net = *n;
    // Tracked first: on a new network this moves the fleet to it, which the history below needs.
    events = fleet_->observe(net, good);
    if (net->version() != fleet_version_) {
      // A new network (or a restart): the last four weeks' visits are read and learned in the
      // background (millions of rows for a city) while the next batches are tracked. This
      // batch's own visits may be read there too: one batch counted twice among four weeks.
      if (history_.valid()) history_.wait();
      history_ = std::async(std::launch::async, [this, net, since = now - 28 * 86400] {
        auto history = load_stop_events(store_, *net, since);
        if (!history) {
          spdlog::warn("transit: stored stop visits not learned: {}", history.error().message);
          return;
        }
        fleet_->learn_history(net, *history);
      });
      fleet_version_ = net->version();
    }
  }
  if (!good.empty()) {
    auto st = store_.transact([&](Tx& tx) -> Status {
      if (net)
        if (auto s = save_stop_events(tx, *net, events); !s) return s;
      auto n = insert_fixes(tx, good, now);
      if (!n) return fail(n.error());
      inserted = *n;
      return {};
    });
    if (!st) return fail(st.error());
  }
  out.accepted = int(inserted);
  out.stop_events = int(events.size());
  out.duplicate = int(good.size() - inserted);
  std::lock_guard lock(mu_);
  for (auto& r : good) {
    auto it = latest_.find(r.vehicle_id);
    // Fixes can arrive out of order: the live state keeps the newest.
    if (it == latest_.end())
      latest_.emplace(r.vehicle_id, std::move(r));
    else if (r.timestamp > it->second.timestamp)
      it->second = std::move(r);
  }
  totals_.accepted += out.accepted;
  totals_.duplicate += out.duplicate;
  totals_.rejected += out.rejected;
  for (std::size_t i = 0; i < kRefusedKinds; ++i) totals_.refused[i] += out.refused[i];
  return out;
}

void Positions::await_history() {
  std::lock_guard lock(track_mu_);
  if (history_.valid()) history_.wait();
}

std::vector<VehicleReport> Positions::live(std::chrono::seconds max_age) const {
  const auto oldest = unix_seconds(clock_.now()) - max_age.count();
  std::lock_guard lock(mu_);
  std::vector<VehicleReport> out;
  for (const auto& [id, r] : latest_)
    if (r.timestamp >= oldest) out.push_back(r);
  std::sort(out.begin(), out.end(), [](const VehicleReport& a, const VehicleReport& b) {
    return a.vehicle_id < b.vehicle_id;
  });
  return out;
}

Result<nlohmann::json> Positions::trajectory(const std::string& vehicle, std::int64_t from,
                                             std::int64_t to) {
  if (to < from) return fail(Error::invalid("to 早于 from", "to"));
  if (to - from > 7 * 86400) return fail(Error::invalid("一次最多查询 7 天的轨迹", "to"));
  auto rows = store_.query(
      "SELECT ts, lat, lon, speed, bearing, trip_id, route_id FROM tr_positions WHERE vehicle_id "
      "= $1 AND ts >= $2 AND ts <= $3 ORDER BY ts",
      {vehicle, from, to});
  if (!rows) return fail(rows.error());
  auto line = nlohmann::json::array();
  auto features = nlohmann::json::array();
  for (const auto& r : rows->rows) {
    nlohmann::json coord = {r.f64(2), r.f64(1)};  // GeoJSON: longitude first
    line.push_back(coord);
    nlohmann::json props{{"time", r.i64(0)}, {"trip_id", r.str(5)}, {"route_id", r.str(6)}};
    if (!r.is_null(3)) props["speed"] = r.f64(3);
    if (!r.is_null(4)) props["bearing"] = r.f64(4);
    features.push_back({{"type", "Feature"},
                        {"geometry", {{"type", "Point"}, {"coordinates", coord}}},
                        {"properties", props}});
  }
  if (line.size() >= 2) {
    nlohmann::json track{{"type", "Feature"},
                         {"geometry", {{"type", "LineString"}, {"coordinates", line}}},
                         {"properties", {{"vehicle_id", vehicle}, {"fixes", line.size()}}}};
    features.insert(features.begin(), std::move(track));
  }
  return nlohmann::json{{"type", "FeatureCollection"}, {"features", features}};
}

Result<std::int64_t> Positions::prune() {
  const auto cutoff = unix_seconds(clock_.now()) -
                      std::chrono::duration_cast<std::chrono::seconds>(retention_).count();
  auto r = store_.query("DELETE FROM tr_positions WHERE ts < $1", {cutoff});
  if (!r) return fail(r.error());
  if (auto e = prune_stop_events(store_, cutoff); !e) return fail(e.error());
  std::lock_guard lock(mu_);
  forget_stale(unix_seconds(clock_.now()));
  return r->affected;
}

Positions::Totals Positions::totals() const {
  std::lock_guard lock(mu_);
  auto t = totals_;
  t.vehicles = latest_.size();
  return t;
}

}  // namespace zt::transit
