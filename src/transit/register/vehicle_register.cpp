#include "transit/register/vehicle_register.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <map>
#include <set>

#include <fmt/format.h>

#include "core/batch_insert.hpp"
#include "core/csv.hpp"

namespace zt::transit {
namespace {

using nlohmann::json;

struct EnergyName {
  Energy e;
  std::string_view code, label;
  std::initializer_list<std::string_view> aliases;
};
const std::array<EnergyName, 7> kEnergies{{
    {Energy::kBattery, "bev", "纯电动", {"纯电动", "纯电", "电动", "BEV"}},
    {Energy::kPlugInHybrid,
     "phev",
     "插电式混合动力",
     {"插电式混合动力", "插电混动", "增程式", "PHEV"}},
    {Energy::kFuelCell, "fcev", "燃料电池", {"燃料电池", "氢燃料电池", "FCEV"}},
    {Energy::kHybrid, "hev", "混合动力", {"混合动力", "油电混合", "HEV"}},
    {Energy::kGas, "gas", "燃气", {"燃气", "天然气", "CNG", "LNG", "压缩天然气", "液化天然气"}},
    {Energy::kDiesel, "diesel", "柴油", {"柴油"}},
    {Energy::kGasoline, "gasoline", "汽油", {"汽油"}},
}};

// Columns: key, the header names accepted (the first is what errors call it), required.
struct Column {
  std::string_view key;
  std::initializer_list<std::string_view> names;
  bool required;
};
const Column kColumns[] = {
    {"plate", {"车牌号", "车牌", "plate"}, true},
    {"model", {"车型", "厂牌型号", "model"}, true},
    {"energy", {"能源类型", "燃料类型", "energy"}, true},
    {"length", {"车长（米）", "车长(米)", "车长", "length_m"}, false},
    {"floor", {"地板类型", "floor"}, true},
    {"video", {"车载视频监控", "智能视频监控", "video"}, true},
    {"counter", {"客流调查仪", "客流计数器", "passenger_counter"}, true},
    {"partition", {"驾驶区防护隔离", "驾驶区域防护隔离设施", "driver_partition"}, true},
    {"since", {"投入运营日期", "投运日期", "in_service_since"}, true},
    {"depot", {"所属场站", "场站", "depot"}, true},
    {"central", {"中心城区", "central_city"}, false},
};

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return std::string(s);
}

std::optional<bool> yes_no(std::string_view v) {
  for (auto y : {"是", "有", "已安装", "Y", "y", "yes", "1"})
    if (v == y) return true;
  for (auto n : {"否", "无", "未安装", "N", "n", "no", "0"})
    if (v == n) return false;
  return std::nullopt;
}

// "YYYY-MM-DD", "YYYY/MM/DD", or an Excel date serial (days since 1899-12-30) as .xlsx stores it.
std::optional<Date> service_date(std::string v) {
  for (auto& c : v)
    if (c == '/') c = '-';
  if (auto d = parse_date(v)) return *d;
  int serial = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), serial);
  if (ec == std::errc() && p == v.data() + v.size() && serial > 20000 && serial < 80000)
    return Date{std::chrono::days{serial - 25569}};  // 25569: 1970-01-01 as a serial
  return std::nullopt;
}

}  // namespace

std::string_view energy_code(Energy e) { return kEnergies[std::size_t(e)].code; }
std::string_view energy_label(Energy e) { return kEnergies[std::size_t(e)].label; }
std::optional<Energy> energy_from_code(std::string_view code) {
  for (const auto& n : kEnergies)
    if (n.code == code) return n.e;
  return std::nullopt;
}
bool is_new_energy(Energy e) {
  return e == Energy::kBattery || e == Energy::kPlugInHybrid || e == Energy::kFuelCell;
}

json Vehicle::to_json() const {
  static constexpr std::string_view kFloors[] = {"低地板", "低入口", "普通"};
  json j = {{"plate", plate},
            {"model", model},
            {"energy", energy_code(energy)},
            {"energy_label", energy_label(energy)},
            {"new_energy", is_new_energy(energy)},
            {"floor", kFloors[int(floor)]},
            {"video", video},
            {"passenger_counter", passenger_counter},
            {"driver_partition", driver_partition},
            {"in_service_since", format_date(in_service_since)},
            {"depot", depot},
            {"central_city", central_city}};
  j["length_m"] = length_m ? json(*length_m) : json(nullptr);
  return j;
}

json RowError::to_json() const { return {{"row", row}, {"column", column}, {"message", message}}; }

ParsedRegister parse_vehicle_rows(const std::vector<SheetRow>& rows) {
  ParsedRegister out;
  if (rows.empty()) {
    out.errors.push_back({1, "表头", "文件为空，没有表头"});
    return out;
  }
  std::map<std::string_view, int> at;
  for (const auto& c : kColumns) {
    int found = -1;
    for (std::size_t i = 0; i < rows[0].cells.size() && found < 0; ++i)
      for (auto n : c.names)
        if (trim(rows[0].cells[i]) == n) found = int(i);
    if (found < 0 && c.required)
      out.errors.push_back({rows[0].line, std::string(*c.names.begin()), "缺少此列"});
    at[c.key] = found;
  }
  if (!out.errors.empty()) return out;
  auto name_of = [](std::string_view key) {
    for (const auto& c : kColumns)
      if (c.key == key) return std::string(*c.names.begin());
    return std::string(key);
  };
  std::map<std::string, int> seen;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    const auto& row = rows[r];
    auto cell = [&](std::string_view key) {
      const int i = at[key];
      return i >= 0 && std::size_t(i) < row.cells.size() ? trim(row.cells[std::size_t(i)])
                                                         : std::string();
    };
    const auto before = out.errors.size();
    auto bad = [&](std::string_view key, std::string message) {
      out.errors.push_back({row.line, name_of(key), std::move(message)});
    };
    Vehicle v;
    v.plate = cell("plate");
    v.model = cell("model");
    if (v.plate.empty())
      bad("plate", "车牌号为空");
    else if (v.plate.size() > 32)
      bad("plate", "车牌号过长");
    else if (auto [it, fresh] = seen.emplace(v.plate, row.line); !fresh)
      bad("plate", fmt::format("与第{}行重复：{}", it->second, v.plate));
    if (v.model.empty()) bad("model", "车型为空");
    const auto energy = cell("energy");
    bool known = false;
    for (const auto& n : kEnergies)
      for (auto a : n.aliases)
        if (energy == a) v.energy = n.e, known = true;
    if (!known)
      bad("energy",
          fmt::format("「{}」不是纯电动、插电式混合动力、燃料电池、混合动力、燃气、柴油、汽油之一",
                      energy));
    if (auto len = cell("length"); !len.empty()) {
      double m = 0;
      auto [p, ec] = std::from_chars(len.data(), len.data() + len.size(), m);
      if (ec != std::errc() || p != len.data() + len.size() || m < 3 || m > 30)
        bad("length", fmt::format("「{}」不是 3 至 30 之间的米数", len));
      else
        v.length_m = m;
    }
    const auto floor = cell("floor");
    if (floor == "低地板")
      v.floor = Floor::kLow;
    else if (floor == "低入口")
      v.floor = Floor::kLowEntry;
    else if (floor == "普通" || floor == "高地板")
      v.floor = Floor::kHigh;
    else
      bad("floor", fmt::format("「{}」不是低地板、低入口、普通之一", floor));
    for (auto [key, field] :
         {std::pair{"video", &v.video}, std::pair{"counter", &v.passenger_counter},
          std::pair{"partition", &v.driver_partition}}) {
      auto b = yes_no(cell(key));
      if (!b)
        bad(key, fmt::format("「{}」须为是或否", cell(key)));
      else
        *field = *b;
    }
    if (auto c = cell("central"); !c.empty()) {
      auto b = yes_no(c);
      if (!b)
        bad("central", fmt::format("「{}」须为是或否", c));
      else
        v.central_city = *b;
    }
    if (auto d = service_date(cell("since")))
      v.in_service_since = *d;
    else
      bad("since", fmt::format("「{}」不是日期（如 2024-03-01）", cell("since")));
    v.depot = cell("depot");
    if (v.depot.empty()) bad("depot", "所属场站为空");
    if (out.errors.size() == before) out.vehicles.push_back(std::move(v));
  }
  if (out.vehicles.empty() && out.errors.empty())
    out.errors.push_back({rows[0].line, "表头", "表头之后没有车辆"});
  return out;
}

Result<std::vector<SheetRow>> read_register_rows(std::string bytes, const std::string& what,
                                                 const ZipLimits& limits) {
  if (looks_like_zip(bytes)) return xlsx_rows(std::move(bytes), what, {}, limits);
  auto t = CsvTable::parse(std::move(bytes), what);
  if (!t) return fail(t.error());
  std::vector<SheetRow> out;
  out.push_back({1, t->header()});
  for (std::size_t r = 0; r < t->rows(); ++r) {
    SheetRow row{t->line(r), {}};
    for (std::size_t c = 0; c < t->header().size(); ++c) row.cells.emplace_back(t->at(r, int(c)));
    out.push_back(std::move(row));
  }
  return out;
}

Result<ImportOutcome> import_vehicles(Store& store, std::string bytes, const std::string& file_name,
                                      Instant at, const Actor& who, const ZipLimits& limits,
                                      std::vector<RowError>* errors) {
  auto rows = read_register_rows(std::move(bytes), file_name, limits);
  if (!rows) return fail(rows.error());
  auto parsed = parse_vehicle_rows(*rows);
  if (!parsed.errors.empty()) {
    const auto& e = parsed.errors.front();
    if (errors) *errors = parsed.errors;
    return fail(
        Error::invalid(fmt::format("{}：第{}行「{}」：{}（共 {} 处错误，未导入）", file_name, e.row,
                                   e.column, e.message, parsed.errors.size()),
                       e.column));
  }
  ImportOutcome out;
  auto st = store.transact([&](Tx& tx) -> Status {
    auto had = tx.query("SELECT plate FROM tr_vehicles");
    if (!had) return fail(had.error());
    std::set<std::string> existing;
    for (const auto& r : had->rows) existing.insert(r.str(0));
    BatchInsert b(
        tx, "tr_vehicles",
        {"plate", "model", "energy", "length_m", "floor_type", "video", "passenger_counter",
         "driver_partition", "in_service_since", "depot", "central_city", "updated_at"},
        parsed.vehicles.size(), {},
        " ON CONFLICT (plate) DO UPDATE SET model = excluded.model, energy = "
        "excluded.energy, length_m = excluded.length_m, floor_type = excluded.floor_type, "
        "video = excluded.video, passenger_counter = excluded.passenger_counter, "
        "driver_partition = excluded.driver_partition, in_service_since = "
        "excluded.in_service_since, depot = excluded.depot, central_city = "
        "excluded.central_city, updated_at = excluded.updated_at");
    for (const auto& v : parsed.vehicles) {
      (existing.contains(v.plate) ? out.updated : out.inserted) += 1;
      Param length = v.length_m ? Param(*v.length_m) : Param(nullptr);
      if (auto s = b.add({v.plate, v.model, std::string(energy_code(v.energy)), length,
                          std::int64_t(v.floor), std::int64_t(v.video),
                          std::int64_t(v.passenger_counter), std::int64_t(v.driver_partition),
                          format_date(v.in_service_since), v.depot, std::int64_t(v.central_city),
                          unix_seconds(at)});
          !s)
        return s;
    }
    if (auto s = b.flush(); !s) return s;
    json after = {{"file", file_name}, {"inserted", out.inserted}, {"updated", out.updated}};
    auto a = append_audit(
        tx,
        who.entry("transit.vehicles.import", "transit_vehicle_register", "register",
                  fmt::format("导入车辆档案 {} 辆（新增 {}，更新 {}；{}）", parsed.vehicles.size(),
                              out.inserted, out.updated, file_name),
                  "", after.dump()),
        at);
    if (!a) return fail(a.error());
    return {};
  });
  if (!st) return fail(st.error());
  return out;
}

Result<std::vector<Vehicle>> list_vehicles(Store& store) {
  auto r = store.query(
      "SELECT plate, model, energy, length_m, floor_type, video, passenger_counter, "
      "driver_partition, in_service_since, depot, central_city FROM tr_vehicles ORDER BY plate");
  if (!r) return fail(r.error());
  std::vector<Vehicle> out;
  for (const auto& row : r->rows) {
    Vehicle v;
    v.plate = row.str(0);
    v.model = row.str(1);
    v.energy = energy_from_code(row.str(2)).value_or(Energy::kDiesel);
    if (!row.is_null(3)) v.length_m = row.f64(3);
    v.floor = Floor(std::clamp<std::int64_t>(row.i64(4), 0, 2));
    v.video = row.i64(5) != 0;
    v.passenger_counter = row.i64(6) != 0;
    v.driver_partition = row.i64(7) != 0;
    v.in_service_since = parse_date(row.str(8)).value_or(Date{});
    v.depot = row.str(9);
    v.central_city = row.i64(10) != 0;
    out.push_back(std::move(v));
  }
  return out;
}

}  // namespace zt::transit
