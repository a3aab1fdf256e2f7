#include "transit/register/accidents.hpp"

#include <array>

#include <fmt/format.h>

namespace zt::transit {
namespace {

struct Name {
  std::string_view code, label;
};
constexpr std::array<Name, 5> kNames{{{"full", "全部责任"},
                                      {"main", "主要责任"},
                                      {"equal", "同等责任"},
                                      {"minor", "次要责任"},
                                      {"none", "无责任"}}};

}  // namespace

std::string_view responsibility_code(Responsibility r) { return kNames[std::size_t(r)].code; }
std::string_view responsibility_label(Responsibility r) { return kNames[std::size_t(r)].label; }
std::optional<Responsibility> responsibility_from_code(std::string_view code) {
  for (std::size_t i = 0; i < kNames.size(); ++i)
    if (kNames[i].code == code) return Responsibility(i);
  return std::nullopt;
}

nlohmann::json Accident::to_json() const {
  return {{"id", id},
          {"date", format_date(date)},
          {"plate", plate},
          {"route", route},
          {"responsibility", responsibility_code(responsibility)},
          {"responsibility_label", responsibility_label(responsibility)},
          {"deaths", deaths},
          {"injuries", injuries},
          {"note", note},
          {"recorded_by", recorded_by}};
}

Result<Accident> record_accident(Store& store, Accident a, Instant at, const Actor& who) {
  a.recorded_by = who.name;
  auto st = store.transact([&](Tx& tx) -> Status {
    auto r = tx.query(
        "INSERT INTO tr_accidents (date, plate, route, responsibility, deaths, injuries, note, "
        "recorded_at, recorded_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        {format_date(a.date), a.plate, a.route, std::string(responsibility_code(a.responsibility)),
         std::int64_t(a.deaths), std::int64_t(a.injuries), a.note, unix_seconds(at),
         a.recorded_by});
    if (!r) return fail(r.error());
    a.id = r->rows.at(0).i64(0);
    auto audit = append_audit(
        tx,
        who.entry(
            "transit.accident.record", "transit_accident", std::to_string(a.id),
            fmt::format("登记行车事故：{} {}（{}，死亡 {} 人，受伤 {} 人）", format_date(a.date),
                        a.plate, responsibility_label(a.responsibility), a.deaths, a.injuries),
            "", a.to_json().dump()),
        at);
    if (!audit) return fail(audit.error());
    return {};
  });
  if (!st) return fail(st.error());
  return a;
}

Result<std::vector<Accident>> list_accidents(Store& store, Date from, Date to) {
  auto r = store.query(
      "SELECT id, date, plate, route, responsibility, deaths, injuries, note, recorded_by FROM "
      "tr_accidents WHERE date >= $1 AND date <= $2 ORDER BY date, id",
      {format_date(from), format_date(to)});
  if (!r) return fail(r.error());
  std::vector<Accident> out;
  for (const auto& row : r->rows) {
    Accident a;
    a.id = row.i64(0);
    a.date = parse_date(row.str(1)).value_or(Date{});
    a.plate = row.str(2);
    a.route = row.str(3);
    a.responsibility = responsibility_from_code(row.str(4)).value_or(Responsibility::kNone);
    a.deaths = int(row.i64(5));
    a.injuries = int(row.i64(6));
    a.note = row.str(7);
    a.recorded_by = row.str(8);
    out.push_back(std::move(a));
  }
  return out;
}

Result<std::optional<double>> recorded_vehicle_km(Store& store, Date from, Date to) {
  // Only when every day of the range is recorded: a partly recorded range would understate the
  // kilometres and so overstate the rate.
  auto r = store.query(
      "SELECT COUNT(*), (SELECT COALESCE(SUM(distance_m), 0) FROM tr_trips_performed WHERE "
      "service_date >= $1 AND service_date <= $2) FROM tr_ops_days WHERE service_date >= $1 AND "
      "service_date <= $2",
      {format_date(from), format_date(to)});
  if (!r) return fail(r.error());
  const auto days = (to - from).count() + 1;
  if (r->rows.empty() || r->rows[0].i64(0) < days) return std::optional<double>{};
  return std::optional<double>{r->rows[0].f64(1) / 1000.0};
}

nlohmann::json AccidentRate::to_json() const {
  nlohmann::json j = {{"accidents", accidents}, {"responsible_accidents", responsible},
                      {"deaths", deaths},       {"responsible_deaths", responsible_deaths},
                      {"injuries", injuries},   {"target", target}};
  j["vehicle_km"] = vehicle_km ? nlohmann::json(*vehicle_km) : nlohmann::json(nullptr);
  j["rate_per_million_km"] = rate ? nlohmann::json(*rate) : nlohmann::json(nullptr);
  j["met"] = rate ? nlohmann::json(*rate <= target) : nlohmann::json(nullptr);
  return j;
}

AccidentRate accident_rate(std::span<const Accident> accidents, std::optional<double> vehicle_km) {
  AccidentRate r;
  for (const auto& a : accidents) {
    ++r.accidents;
    r.deaths += a.deaths;
    r.injuries += a.injuries;
    if (a.responsibility != Responsibility::kNone) {
      ++r.responsible;
      r.responsible_deaths += a.deaths;
    }
  }
  r.vehicle_km = vehicle_km;
  if (vehicle_km && *vehicle_km > 0) r.rate = r.responsible_deaths / (*vehicle_km / 1e6);
  return r;
}

}  // namespace zt::transit
