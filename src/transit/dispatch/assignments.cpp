#include "transit/dispatch/assignments.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

namespace zt::transit::dispatch {
namespace {

using nlohmann::json;

constexpr const char* kColumns =
    "service_date, block_id, vehicle_id, driver_name, driver_no, updated_by, updated_at, unit_id";

Assignment assignment_of(const Row& r) {
  Assignment a;
  a.date = parse_date(r.str(0)).value_or(Date{});
  a.block_id = r.str(1);
  a.vehicle_id = r.str(2);
  a.driver_name = r.str(3);
  a.driver_no = r.str(4);
  a.updated_by = r.str(5);
  a.updated_at = r.i64(6);
  a.unit = r.opt_i64(7);
  return a;
}

Result<std::optional<Assignment>> load(Tx& tx, Date date, const std::string& block_id) {
  auto r = tx.query(fmt::format("SELECT {} FROM tr_block_assignments WHERE service_date = $1 AND "
                                "block_id = $2",
                                kColumns),
                    {format_date(date), block_id});
  if (!r) return fail(r.error());
  if (r->rows.empty()) return std::optional<Assignment>{};
  return std::optional<Assignment>(assignment_of(r->rows[0]));
}

Status may_change(const Assignment& a, const Actor& who, bool all_units) {
  if (all_units || !a.unit || a.unit == who.unit_id) return {};
  return fail(Error::forbidden(
      fmt::format("{} 路牌 {} 由其他单位排班，无权修改", format_date(a.date), a.block_id)));
}

Status audit(Tx& tx, const Actor& who, const char* action, const std::optional<Assignment>& before,
             const std::optional<Assignment>& after, const std::string& summary, Instant at) {
  const auto& any = after ? *after : *before;
  auto a = append_audit(
      tx,
      who.entry(action, "transit_block_assignment", format_date(any.date) + "/" + any.block_id,
                summary, before ? before->to_json().dump() : "",
                after ? after->to_json().dump() : ""),
      at);
  if (!a) return fail(a.error());
  return {};
}

}  // namespace

json Assignment::to_json() const {
  return {{"date", format_date(date)}, {"block_id", block_id},
          {"vehicle_id", vehicle_id},  {"driver_name", driver_name},
          {"driver_no", driver_no},    {"unit_id", unit ? nlohmann::json(*unit) : nullptr},
          {"updated_by", updated_by},  {"updated_at", updated_at}};
}

std::vector<DayBlock> blocks_on(const Network& n, Date date) {
  const auto& f = n.feed();
  std::map<std::string, std::string> route_name;
  for (const auto& r : f.routes)
    route_name[r.id] = r.short_name.empty() ? r.long_name : r.short_name;
  std::map<std::string, DayBlock> by_id;
  for (TripIdx t{0}; t.value < n.trip_count(); ++t.value) {
    const auto& trip = n.trip(t);
    if (trip.block_id.empty() || !n.runs(trip.service_id, date)) continue;
    const auto [b, e] = n.trip_span(t);
    if (e <= b) continue;
    const auto& first = f.stop_times[b];
    const auto& last = f.stop_times[e - 1];
    const int dep = first.departure >= 0 ? first.departure : first.arrival;
    const int arr = last.arrival >= 0 ? last.arrival : last.departure;
    auto [it, fresh] = by_id.try_emplace(trip.block_id);
    auto& d = it->second;
    if (fresh) {
      d.block_id = trip.block_id;
      d.first_departure = dep;
      d.last_arrival = arr;
    }
    d.first_departure = std::min(d.first_departure, dep);
    d.last_arrival = std::max(d.last_arrival, arr);
    d.trips++;
    const auto& name = route_name[trip.route_id];
    if (std::find(d.routes.begin(), d.routes.end(), name) == d.routes.end())
      d.routes.push_back(name);
  }
  std::vector<DayBlock> out;
  for (auto& [id, d] : by_id) out.push_back(std::move(d));
  std::sort(out.begin(), out.end(), [](const DayBlock& x, const DayBlock& y) {
    return std::tie(x.first_departure, x.block_id) < std::tie(y.first_departure, y.block_id);
  });
  return out;
}

Result<std::vector<Assignment>> list_assignments(Store& store, Date date) {
  auto r = store.query(fmt::format("SELECT {} FROM tr_block_assignments WHERE service_date = $1 "
                                   "ORDER BY block_id",
                                   kColumns),
                       {format_date(date)});
  if (!r) return fail(r.error());
  std::vector<Assignment> out;
  for (const auto& row : r->rows) out.push_back(assignment_of(row));
  return out;
}

Result<AssignmentsByVehicle> assignments_by_vehicle(Store& store, Date date) {
  auto list = list_assignments(store, date);
  if (!list) return fail(list.error());
  AssignmentsByVehicle out;
  for (auto& a : *list) out.emplace(a.vehicle_id, std::move(a));
  return out;
}

Result<Assignment> put_assignment(Store& store, Assignment a, const Actor& who, bool all_units,
                                  Instant at) {
  a.updated_by = who.name;
  a.updated_at = unix_seconds(at);
  return store.transact_value<Assignment>([&](Tx& tx) -> Result<Assignment> {
    auto taken = tx.query(
        "SELECT block_id FROM tr_block_assignments WHERE service_date = $1 AND vehicle_id = $2 "
        "AND block_id <> $3",
        {format_date(a.date), a.vehicle_id, a.block_id});
    if (!taken) return fail(taken.error());
    if (!taken->rows.empty())
      return fail(Error::conflict(
          fmt::format("车辆 {} 当日已排在路牌 {}，请先撤下", a.vehicle_id, taken->rows[0].str(0))));
    auto before = load(tx, a.date, a.block_id);
    if (!before) return fail(before.error());
    if (*before) {
      if (auto st = may_change(**before, who, all_units); !st) return fail(st.error());
      a.unit = (*before)->unit;
    }
    auto w = *before
                 ? tx.query(
                       "UPDATE tr_block_assignments SET vehicle_id = $3, driver_name = $4, "
                       "driver_no = $5, updated_by = $6, updated_at = $7 WHERE service_date "
                       "= $1 AND block_id = $2",
                       {format_date(a.date), a.block_id, a.vehicle_id, a.driver_name, a.driver_no,
                        a.updated_by, a.updated_at})
                 : tx.query(fmt::format("INSERT INTO tr_block_assignments ({}) VALUES ($1, $2, $3, "
                                        "$4, $5, $6, $7, $8)",
                                        kColumns),
                            {format_date(a.date), a.block_id, a.vehicle_id, a.driver_name,
                             a.driver_no, a.updated_by, a.updated_at, nullable(a.unit)});
    if (!w) return fail(w.error());
    const auto summary =
        fmt::format("{} 路牌 {} 排车 {}{}", format_date(a.date), a.block_id, a.vehicle_id,
                    a.driver_name.empty() ? "" : "，驾驶员 " + a.driver_name);
    if (auto s = audit(tx, who, *before ? "transit.assignment.update" : "transit.assignment.create",
                       *before, a, summary, at);
        !s)
      return fail(s.error());
    return a;
  });
}

Result<bool> remove_assignment(Store& store, Date date, const std::string& block_id,
                               const Actor& who, bool all_units, Instant at) {
  return store.transact_value<bool>([&](Tx& tx) -> Result<bool> {
    auto before = load(tx, date, block_id);
    if (!before) return fail(before.error());
    if (!*before) return false;
    if (auto st = may_change(**before, who, all_units); !st) return fail(st.error());
    auto d = tx.query("DELETE FROM tr_block_assignments WHERE service_date = $1 AND block_id = $2",
                      {format_date(date), block_id});
    if (!d) return fail(d.error());
    if (auto st = audit(tx, who, "transit.assignment.remove", *before, std::nullopt,
                        fmt::format("{} 路牌 {} 撤下车辆 {}", format_date(date), block_id,
                                    (*before)->vehicle_id),
                        at);
        !st)
      return fail(st.error());
    return true;
  });
}

}  // namespace zt::transit::dispatch
