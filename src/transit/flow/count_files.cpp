#include "transit/flow/count_files.hpp"

#include <algorithm>
#include <charconv>
#include <iterator>
#include <optional>
#include <tuple>

namespace zt::transit::flow {
namespace {

constexpr std::string_view kEventTypes[] = {"Vehicle arrived at stop",
                                            "Vehicle departed stop",
                                            "Door opened",
                                            "Door closed",
                                            "Passenger boarded",
                                            "Passenger alighted",
                                            "Kneel was engaged",
                                            "Kneel was disengaged",
                                            "Ramp was deployed",
                                            "Ramp was raised",
                                            "Ramp deployment failed",
                                            "Lift was deployed",
                                            "Lift was raised",
                                            "Individual bike boarded",
                                            "Individual bike alighted",
                                            "Bike rack deployed"};

// A count: empty is `empty_as`; otherwise digits only, at most 10,000 (a counter's day at one
// door is far less; more is a broken file, not riders).
std::optional<int> count_of(std::string_view s, int empty_as) {
  if (s.empty()) return empty_as;
  int v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || p != s.data() + s.size() || v < 0 || v > 10'000) return std::nullopt;
  return v;
}

Result<CsvTable> open_table(std::string text, const char* file, const CountReadOptions& o) {
  if (auto s = check_file_size(text, o.limits); !s) return tl::unexpected(s.error());
  auto t = CsvTable::parse(std::move(text), file);
  if (!t) return tl::unexpected(t.error());
  if (auto s = check_row_count(*t, o.limits); !s) return tl::unexpected(s.error());
  return t;
}

Status require(const CsvTable& t, int column, const char* name) {
  if (column >= 0) return {};
  return tl::unexpected(Error::invalid(t.file() + "：缺少必需列 " + name, name));
}

}  // namespace

Result<std::vector<CountEvent>> read_passenger_events(std::string text,
                                                      const CountReadOptions& options) {
  auto t = open_table(std::move(text), "passenger_events.csv", options);
  if (!t) return tl::unexpected(t.error());
  const int vehicle = t->column("vehicle_id"), ts = t->column("event_timestamp"),
            type = t->column("event_type"), count = t->column("event_count"),
            stop = t->column("stop_id");
  for (auto [c, name] : {std::pair{vehicle, "vehicle_id"}, std::pair{ts, "event_timestamp"},
                         std::pair{type, "event_type"}})
    if (auto s = require(*t, c, name); !s) return tl::unexpected(s.error());
  RowErrors errors(options.limits.max_errors);
  std::vector<CountEvent> out;
  for (std::size_t r = 0; r < t->rows(); ++r) {
    const int line = t->line(r);
    const auto kind = t->at(r, type);
    const bool on = kind == "Passenger boarded", off = kind == "Passenger alighted";
    if (!on && !off) {
      if (std::find(std::begin(kEventTypes), std::end(kEventTypes), kind) == std::end(kEventTypes))
        errors.add(line, "event_type", "不是 TIDES 的 event_type 取值");
      continue;
    }
    CountEvent e;
    e.line = line;
    e.vehicle_id = std::string(t->at(r, vehicle));
    if (e.vehicle_id.empty()) errors.add(line, "vehicle_id", "为空");
    auto at = parse_flow_time(t->at(r, ts), options.utc_offset_s);
    if (!at) errors.add(line, "event_timestamp", "不是 ISO 8601 时间");
    e.at = at.value_or(0);
    auto n = count_of(t->at(r, count), 1);
    if (!n) errors.add(line, "event_count", "应为 0 至 10000 的整数");
    (on ? e.on : e.off) = n.value_or(0);
    e.stop_id = std::string(t->at(r, stop));
    out.push_back(std::move(e));
  }
  if (errors.any()) return tl::unexpected(errors.error(t->file()));
  return out;
}

Result<std::vector<CountEvent>> read_stop_visit_counts(std::string text,
                                                       const CountReadOptions& options) {
  auto t = open_table(std::move(text), "stop_visits.csv", options);
  if (!t) return tl::unexpected(t.error());
  const int vehicle = t->column("vehicle_id"), arr = t->column("actual_arrival_time"),
            dep = t->column("actual_departure_time"), stop = t->column("stop_id");
  const int on[] = {t->column("boarding_1"), t->column("boarding_2")};
  const int off[] = {t->column("alighting_1"), t->column("alighting_2")};
  if (auto s = require(*t, vehicle, "vehicle_id"); !s) return tl::unexpected(s.error());
  if (arr < 0 && dep < 0)
    return tl::unexpected(
        Error::invalid(t->file() + "：缺少 actual_departure_time 或 actual_arrival_time 列",
                       "actual_departure_time"));
  if (on[0] < 0 && off[0] < 0)
    return tl::unexpected(Error::invalid(
        t->file() + "：缺少 boarding_1 或 alighting_1 列（客流计数）", "boarding_1"));
  RowErrors errors(options.limits.max_errors);
  std::vector<CountEvent> out;
  out.reserve(t->rows());
  for (std::size_t r = 0; r < t->rows(); ++r) {
    const int line = t->line(r);
    CountEvent e;
    e.line = line;
    e.vehicle_id = std::string(t->at(r, vehicle));
    if (e.vehicle_id.empty()) errors.add(line, "vehicle_id", "为空");
    e.stop_id = std::string(t->at(r, stop));
    const bool by_departure = !t->at(r, dep).empty();
    const auto when = by_departure ? t->at(r, dep) : t->at(r, arr);
    // The time read is named; with neither given, the departure the row should have had.
    const bool by_arrival = !by_departure && !t->at(r, arr).empty();
    const char* when_name = by_arrival || dep < 0 ? "actual_arrival_time" : "actual_departure_time";
    auto at = parse_flow_time(when, options.utc_offset_s);
    if (when.empty())
      errors.add(line, when_name, "到站与离站时间均为空");
    else if (!at)
      errors.add(line, when_name, "不是 ISO 8601 时间");
    e.at = at.value_or(0);
    for (int door = 0; door < 2; ++door) {
      for (auto [c, sum, name] :
           {std::tuple{on[door], &e.on, door ? "boarding_2" : "boarding_1"},
            std::tuple{off[door], &e.off, door ? "alighting_2" : "alighting_1"}}) {
        if (c < 0) continue;
        auto n = count_of(t->at(r, c), 0);
        if (!n) errors.add(line, name, "应为 0 至 10000 的整数");
        *sum += n.value_or(0);
      }
    }
    out.push_back(std::move(e));
  }
  if (errors.any()) return tl::unexpected(errors.error(t->file()));
  return out;
}

}  // namespace zt::transit::flow
