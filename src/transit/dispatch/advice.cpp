#include "transit/dispatch/advice.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>

#include <fmt/format.h>

namespace zt::transit::dispatch {
namespace {

constexpr std::pair<std::string_view, std::string_view> kNames[kAdviceKinds] = {
    {"hold", "控点滞站"},
    {"schedule_hold", "按时刻表滞站"},
    {"depart", "发车建议"},
    {"short_turn", "区间车"},
    {"express", "大站车/放站"}};

constexpr std::int64_t kLayover = 120;   // seconds a bus needs at a terminal before leaving again
constexpr std::int64_t kApproach = 120;  // advise a hold when the control point is this near

std::string mins(std::int64_t s) { return fmt::format("{:.1f} 分钟", double(s) / 60.0); }

Proposal base(AdviceKind kind, const char* rule, const BusState& b) {
  Proposal p;
  p.kind = kind;
  p.rule = rule;
  p.route_id = b.route_id;
  p.route_name = b.route_name;
  p.vehicle_id = b.vehicle_id;
  p.trip_id = b.trip_id;
  p.direction = b.direction;
  return p;
}

const StopAhead* call_at(const BusState& b, const std::string& stop_id) {
  for (const auto& s : b.ahead)
    if (s.stop_id == stop_id) return &s;
  return nullptr;
}

std::string who(const BusState& b) {
  return b.route_name.empty() ? bus_name(b) : fmt::format("{} {}", b.route_name, bus_name(b));
}

}  // namespace

std::string_view advice_code(AdviceKind k) { return kNames[int(k)].first; }
std::string_view advice_label(AdviceKind k) { return kNames[int(k)].second; }
std::optional<AdviceKind> advice_from_code(std::string_view code) {
  for (int i = 0; i < kAdviceKinds; ++i)
    if (kNames[i].first == code) return AdviceKind(i);
  return std::nullopt;
}

std::int64_t equalising_hold(std::int64_t ahead_s, std::int64_t behind_s) {
  return std::max<std::int64_t>(0, (behind_s - ahead_s) / 2);
}

std::int64_t schedule_hold(std::int64_t delay_s) { return std::max<std::int64_t>(0, -delay_s); }

std::int64_t even_departure(std::int64_t planned, std::int64_t ahead_s, std::int64_t next_ready,
                            std::int64_t scheduled_s, std::int64_t now) {
  std::int64_t shift = 0;
  if (next_ready > 0)
    shift = ((next_ready - planned) - ahead_s) / 2;  // ahead + shift == behind - shift
  else
    shift = scheduled_s - ahead_s;  // keep the scheduled headway behind the leader
  return std::max(now, planned + shift);
}

std::vector<Proposal> advise(const std::vector<BusState>& buses, const Settings& settings,
                             std::int64_t now) {
  std::vector<Proposal> out;
  const auto hs = headways(buses);
  std::map<std::size_t, const Headway*> ahead_of, behind_of;  // by follower, by leader
  for (const auto& h : hs) {
    ahead_of[h.follower] = &h;
    behind_of[h.leader] = &h;
  }
  for (std::size_t i = 0; i < buses.size(); ++i) {
    const auto& b = buses[i];
    if (!b.on_trip || b.ahead.empty() ||
        now - b.fix_at > settings.for_route(b.route_id).lost_signal_s)
      continue;
    const auto& t = settings.for_route(b.route_id);
    const Headway* ahead = ahead_of.contains(i) ? ahead_of[i] : nullptr;
    const Headway* behind = behind_of.contains(i) ? behind_of[i] : nullptr;
    const std::int64_t scheduled = ahead && ahead->scheduled_s > 0 ? ahead->scheduled_s
                                   : behind                        ? behind->scheduled_s
                                                                   : 0;
    const bool high_frequency =
        b.frequency_based || (scheduled > 0 && double(scheduled) <= t.high_frequency_headway_s);
    const auto& next = b.ahead.front();

    // Terminal departure for headway routes: the bus waiting at the first stop.
    if (b.next == 0 && high_frequency && ahead) {
      std::int64_t ready = 0;  // the next bus back at this terminal: an opposite-direction trip
      for (const auto& o : buses)
        if (o.on_trip && o.route_id == b.route_id && o.direction != b.direction &&
            !o.ahead.empty() && o.vehicle_id != b.vehicle_id) {
          const auto end = o.ahead.back().predicted + kLayover;
          if (end > now && (ready == 0 || end < ready)) ready = end;
        }
      const std::int64_t planned = std::max(now, next.predicted);
      const auto advised = even_departure(planned, ahead->headway_s, ready, scheduled, now);
      if (double(std::llabs(advised - b.planned_departure)) >= t.depart_advice_s) {
        auto p = base(AdviceKind::kDepart, "terminal", b);
        p.key = fmt::format("depart|{}|{}", b.vehicle_id, b.trip_id);
        p.stop_id = next.stop_id;
        p.stop_name = next.stop_name;
        p.advised_at = advised;
        p.headway_ahead_s = ahead->headway_s;
        p.headway_behind_s = ready > 0 ? ready - planned : 0;
        p.scheduled_headway_s = scheduled;
        p.gap_before_s = ahead->headway_s;
        p.gap_after_s = ahead->headway_s + (advised - planned);
        p.explanation = fmt::format(
            "{} 按当前预测发车，与前车间隔 {}{}；建议{}发车（较计划{} {}），使前后间隔趋于均衡",
            who(b), mins(ahead->headway_s),
            ready > 0 ? fmt::format("，下一辆可发车辆约 {} 后回到首站", mins(ready - now)) : "",
            advised <= now ? "立即" : fmt::format(" {} 后", mins(advised - now)),
            advised >= b.planned_departure ? "推迟" : "提前",
            mins(std::llabs(advised - b.planned_departure)));
        out.push_back(std::move(p));
      }
      continue;
    }

    // Holding at a control point the bus is at or about to reach.
    if (b.next > 0 && next.control && next.predicted - now <= kApproach) {
      if (high_frequency && ahead && behind) {
        const auto& f = buses[behind->follower];
        const auto* f_at = call_at(f, next.stop_id);
        std::int64_t h_ahead = ahead->headway_s, h_behind = behind->headway_s;
        const char* rule = "bartholdi_eisenstein";
        if (f_at) {  // predicted headways at the control point itself
          rule = "prediction";
          h_behind = f_at->predicted - next.predicted;
          if (const auto* l_at = call_at(buses[ahead->leader], next.stop_id))
            h_ahead = next.predicted - l_at->predicted;
        }
        const auto hold =
            std::min<std::int64_t>(equalising_hold(h_ahead, h_behind), std::int64_t(t.max_hold_s));
        if (double(hold) >= t.min_hold_s) {
          auto p = base(AdviceKind::kHold, rule, b);
          p.key = fmt::format("hold|{}|{}", b.vehicle_id, next.stop_id);
          p.stop_id = next.stop_id;
          p.stop_name = next.stop_name;
          p.hold_s = hold;
          p.headway_ahead_s = h_ahead;
          p.headway_behind_s = h_behind;
          p.scheduled_headway_s = scheduled;
          p.gap_before_s = h_ahead;
          p.gap_after_s = h_ahead + hold;
          p.explanation = fmt::format(
              "{} 与前车间隔 {}，与后车间隔 {}{}；建议在{}滞站 {} 秒，使前后间隔均为约 {}", who(b),
              mins(h_ahead), mins(h_behind),
              std::string_view(rule) == "prediction" ? "（按预测到站时间）" : "（按实时间隔）",
              next.stop_name, hold, mins(h_ahead + hold));
          out.push_back(std::move(p));
        }
      } else if (!high_frequency) {
        const auto hold = schedule_hold(b.delay_s);
        if (double(hold) >= t.min_hold_s) {
          auto p = base(AdviceKind::kScheduleHold, "schedule", b);
          p.key = fmt::format("hold|{}|{}", b.vehicle_id, next.stop_id);
          p.stop_id = next.stop_id;
          p.stop_name = next.stop_name;
          p.hold_s = hold;
          p.scheduled_headway_s = scheduled;
          p.explanation = fmt::format("{} 比时刻表早 {} 秒，建议在{}滞站 {} 秒，按点发车", who(b),
                                      -b.delay_s, next.stop_name, hold);
          out.push_back(std::move(p));
        }
      }
    }

    // A large gap ahead of this bus.
    if (!ahead || ahead->scheduled_s <= 0) continue;
    const double r = ahead->ratio();
    // 大站车/放站: a late bus with a bunch behind runs through minor stops; its follower serves
    // them.
    if (r >= t.express_ratio && behind && behind->ratio() <= t.bunched_ratio &&
        b.ahead.size() > 2) {
      auto p = base(AdviceKind::kExpress, "express", b);
      p.key = fmt::format("express|{}|{}", b.vehicle_id, b.trip_id);
      for (std::size_t k = 1; k + 1 < b.ahead.size() && p.skip_stops.size() < 5; ++k)
        if (!b.ahead[k].control)
          p.skip_stops.emplace_back(b.ahead[k].stop_id, b.ahead[k].stop_name);
      if (p.skip_stops.empty()) continue;
      const auto saved = std::int64_t(p.skip_stops.size()) * kExpressSavingPerStop;
      p.stop_id = next.stop_id;
      p.stop_name = next.stop_name;
      p.headway_ahead_s = ahead->headway_s;
      p.headway_behind_s = behind->headway_s;
      p.scheduled_headway_s = ahead->scheduled_s;
      p.gap_before_s = ahead->headway_s;
      p.gap_after_s = ahead->headway_s - saved;
      std::string names;
      for (const auto& [id, name] : p.skip_stops) names += (names.empty() ? "" : "、") + name;
      p.explanation = fmt::format(
          "{} 与前车间隔 {}（计划 {}），后车仅隔 {}；建议放站快速通过 "
          "{}（由后车服务），预计与前车间隔缩短约 {} 秒",
          who(b), mins(ahead->headway_s), mins(ahead->scheduled_s), mins(behind->headway_s), names,
          saved);
      out.push_back(std::move(p));
    }
    // 区间车: an opposite-direction bus turns short where the gap is and starts this direction.
    if (r >= t.short_turn_ratio) {
      const auto& leader = buses[ahead->leader];
      std::optional<Proposal> best;
      for (std::size_t j = 0; j < buses.size(); ++j) {
        const auto& o = buses[j];
        if (!o.on_trip || o.route_id != b.route_id || o.direction == b.direction || o.ahead.empty())
          continue;
        // The stop of this direction nearest to where the other bus is now.
        for (const auto& s : b.ahead) {
          if (s.stop_id == leader.ahead.front().stop_id) break;  // past the gap
          const double d = haversine_m(s.lat, s.lon, o.ahead.front().lat, o.ahead.front().lon);
          if (d > 300) continue;
          const auto start = o.ahead.front().predicted + kLayover;
          const auto leader_at = s.predicted - ahead->headway_s;  // the leader passed it about then
          const auto before = start - leader_at, after = s.predicted - start;
          if (before <= 0 || after <= 0) continue;
          const auto worst = std::max(before, after);
          if (best && worst >= best->gap_after_s) continue;
          auto p = base(AdviceKind::kShortTurn, "short_turn", o);
          p.key = fmt::format("short_turn|{}|{}", o.vehicle_id, s.stop_id);
          p.stop_id = o.ahead.front().stop_id;
          p.stop_name = o.ahead.front().stop_name;
          p.turn_stop_id = s.stop_id;
          p.turn_stop_name = s.stop_name;
          p.headway_ahead_s = ahead->headway_s;
          p.scheduled_headway_s = ahead->scheduled_s;
          p.gap_before_s = ahead->headway_s;
          p.gap_after_s = worst;
          p.explanation = fmt::format(
              "{} 方向 {} 与前车 {} 间隔 {}（计划 {}）；建议对向 {} "
              "在{}调头作区间车，预计最大间隔降至 {}",
              b.route_name, bus_name(b), bus_name(leader), mins(ahead->headway_s),
              mins(ahead->scheduled_s), bus_name(o), s.stop_name, mins(worst));
          best = std::move(p);
        }
      }
      if (best && double(best->gap_after_s) < 0.75 * double(best->gap_before_s))
        out.push_back(std::move(*best));
    }
  }
  return out;
}

}  // namespace zt::transit::dispatch
