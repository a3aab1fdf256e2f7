// Alarms in tr_dispatch_alarms (dispatch_store.hpp).
#include <map>
#include <set>

#include <fmt/format.h>

#include "transit/dispatch/dispatch_store.hpp"

namespace zt::transit::dispatch {
namespace {

using nlohmann::json;

constexpr std::int64_t kRevive = 120;  // a condition back this soon is the same alarm
constexpr std::int64_t kRefresh = 30;  // a lasting condition is written at most this often

constexpr const char* kColumns =
    "id, unit_id, kind, cond_key, route_id, route_name, direction, vehicle_id, trip_id, stop_id, "
    "stop_name, value, threshold, message, state, active, raised_at, last_seen_at, cleared_at, "
    "acknowledged_at, acknowledged_by, closed_at, closed_by, note";

json opt_json(const std::optional<std::int64_t>& v) { return v ? json(*v) : json(nullptr); }

Alarm alarm_of(const Row& r) {
  Alarm a;
  a.id = r.i64(0);
  a.unit = r.opt_i64(1);
  auto& c = a.condition;
  c.kind = alarm_from_code(r.str(2)).value_or(AlarmKind::kBunching);
  c.key = r.str(3);
  c.route_id = r.str(4);
  c.route_name = r.str(5);
  c.direction = int(r.i64(6));
  c.vehicle_id = r.str(7);
  c.trip_id = r.str(8);
  c.stop_id = r.str(9);
  c.stop_name = r.str(10);
  c.value = r.f64(11);
  c.threshold = r.f64(12);
  c.message = r.str(13);
  a.state = r.str(14);
  a.active = r.i64(15) != 0;
  a.raised_at = r.i64(16);
  a.last_seen_at = r.i64(17);
  a.cleared_at = r.opt_i64(18);
  a.acknowledged_at = r.opt_i64(19);
  a.acknowledged_by = r.str(20);
  a.closed_at = r.opt_i64(21);
  a.closed_by = r.str(22);
  a.note = r.str(23);
  return a;
}

std::string_view state_label(const std::string& s) {
  if (s == "raised") return "未确认";
  if (s == "acknowledged") return "已确认";
  return "已关闭";
}

Event event_of(const char* what, const Alarm& a) { return {"alarm", what, a.to_json(), a.unit}; }

Result<Alarm> load(Tx& tx, std::int64_t id) {
  auto r = tx.query(fmt::format("SELECT {} FROM tr_dispatch_alarms WHERE id = $1", kColumns), {id});
  if (!r) return fail(r.error());
  if (r->rows.empty()) return fail(Error::not_found("没有这条报警：" + std::to_string(id)));
  return alarm_of(r->rows[0]);
}

Status audit(Tx& tx, const Actor& who, const char* action, const Alarm& before, const Alarm& after,
             const std::string& summary, Instant at) {
  auto a = append_audit(tx,
                        who.entry(action, "transit_alarm", std::to_string(after.id), summary,
                                  before.id ? before.to_json().dump() : "", after.to_json().dump()),
                        at);
  if (!a) return fail(a.error());
  return {};
}

}  // namespace

json Alarm::to_json() const {
  const auto& c = condition;
  return {{"id", id},
          {"unit_id", opt_json(unit)},
          {"kind", alarm_code(c.kind)},
          {"kind_label", alarm_label(c.kind)},
          {"route_id", c.route_id},
          {"route_name", c.route_name},
          {"direction", c.direction},
          {"vehicle_id", c.vehicle_id},
          {"trip_id", c.trip_id},
          {"stop_id", c.stop_id},
          {"stop_name", c.stop_name},
          {"value", c.value},
          {"threshold", c.threshold},
          {"message", c.message},
          {"state", state},
          {"state_label", state_label(state)},
          {"active", active},
          {"raised_at", raised_at},
          {"last_seen_at", last_seen_at},
          {"cleared_at", opt_json(cleared_at)},
          {"acknowledged_at", opt_json(acknowledged_at)},
          {"acknowledged_by", acknowledged_by.empty() ? json(nullptr) : json(acknowledged_by)},
          {"closed_at", opt_json(closed_at)},
          {"closed_by", closed_by.empty() ? json(nullptr) : json(closed_by)},
          {"note", note}};
}

std::string Event::to_text() const {
  return json{{"type", type}, {"event", event}, {type, object}}.dump();
}

Result<std::vector<Event>> sync_alarms(Store& store, const std::vector<Condition>& conditions,
                                       std::optional<std::int64_t> unit, std::int64_t now,
                                       Instant at) {
  std::map<std::string, const Condition*> wanted;
  for (const auto& c : conditions) wanted.emplace(c.key, &c);
  const Actor system;
  std::vector<Event> events;
  auto st = store.transact([&](Tx& tx) -> Status {
    events.clear();
    auto r = tx.query(fmt::format("SELECT {} FROM tr_dispatch_alarms WHERE active = 1 OR "
                                  "(cleared_at >= $1 AND state <> 'closed') ORDER BY id",
                                  kColumns),
                      {now - kRevive});
    if (!r) return fail(r.error());
    std::map<std::string, Alarm> known;  // by key: the latest
    for (const auto& row : r->rows) {
      auto a = alarm_of(row);
      known[a.condition.key] = std::move(a);
    }
    for (auto& [key, a] : known) {
      auto it = wanted.find(key);
      if (it == wanted.end()) {
        if (!a.active) continue;
        const Alarm before = a;
        a.active = false;
        a.cleared_at = now;
        auto u = tx.query("UPDATE tr_dispatch_alarms SET active = 0, cleared_at = $2 WHERE id = $1",
                          {a.id, now});
        if (!u) return fail(u.error());
        if (auto s = audit(tx, system, "transit.alarm.clear", before, a,
                           fmt::format("报警解除：{}", a.condition.message), at);
            !s)
          return s;
        events.push_back(event_of("updated", a));
        continue;
      }
      const auto& c = *it->second;
      const bool revive = !a.active;
      if (!revive && now - a.last_seen_at < kRefresh) continue;
      const Alarm before = a;
      a.active = true;
      a.cleared_at.reset();
      a.last_seen_at = now;
      a.condition.value = c.value;
      a.condition.message = c.message;
      a.condition.stop_id = c.stop_id;
      a.condition.stop_name = c.stop_name;
      auto u = tx.query(
          "UPDATE tr_dispatch_alarms SET active = 1, cleared_at = NULL, last_seen_at = $2, "
          "value = $3, message = $4, stop_id = $5, stop_name = $6 WHERE id = $1",
          {a.id, now, c.value, c.message, c.stop_id, c.stop_name});
      if (!u) return fail(u.error());
      if (revive)
        if (auto s = audit(tx, system, "transit.alarm.revive", before, a,
                           fmt::format("报警再现：{}", c.message), at);
            !s)
          return s;
      events.push_back(event_of("updated", a));
    }
    for (const auto& [key, c] : wanted) {
      if (known.contains(key)) continue;
      Alarm a;
      a.unit = unit;
      a.condition = *c;
      a.raised_at = a.last_seen_at = now;
      auto ins = tx.query(
          "INSERT INTO tr_dispatch_alarms (unit_id, kind, cond_key, route_id, route_name, "
          "direction, vehicle_id, trip_id, stop_id, stop_name, value, threshold, message, state, "
          "active, raised_at, last_seen_at, note) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
          "$10, $11, $12, $13, 'raised', 1, $14, $14, '') RETURNING id",
          {nullable(unit), std::string(alarm_code(c->kind)), key, c->route_id, c->route_name,
           std::int64_t(c->direction), c->vehicle_id, c->trip_id, c->stop_id, c->stop_name,
           c->value, c->threshold, c->message, now});
      if (!ins) return fail(ins.error());
      a.id = ins->rows.at(0).i64(0);
      if (auto s = audit(tx, system, "transit.alarm.raise", Alarm{}, a,
                         fmt::format("{}：{}", alarm_label(c->kind), c->message), at);
          !s)
        return s;
      events.push_back(event_of("raised", a));
    }
    return {};
  });
  if (!st) return fail(st.error());
  return events;
}

Result<Page<Alarm>> list_alarms(Store& store, const ListQuery& q) {
  std::string where = "WHERE 1 = 1";
  std::vector<Param> params;
  if (q.open_only) where += " AND state <> 'closed'";
  if (!q.route_id.empty()) {
    params.emplace_back(q.route_id);
    where += fmt::format(" AND route_id = ${}", params.size());
  }
  if (!q.all_units) {
    if (q.unit) {
      params.emplace_back(*q.unit);
      where += fmt::format(" AND (unit_id IS NULL OR unit_id = ${})", params.size());
    } else {
      where += " AND unit_id IS NULL";
    }
  }
  auto n = store.query("SELECT COUNT(*) FROM tr_dispatch_alarms " + where, params);
  if (!n) return fail(n.error());
  params.emplace_back(q.limit);
  params.emplace_back(q.offset);
  auto r = store.query(fmt::format("SELECT {} FROM tr_dispatch_alarms {} ORDER BY id DESC LIMIT "
                                   "${} OFFSET ${}",
                                   kColumns, where, params.size() - 1, params.size()),
                       params);
  if (!r) return fail(r.error());
  Page<Alarm> page;
  page.total = n->rows.at(0).i64(0);
  for (const auto& row : r->rows) page.items.push_back(alarm_of(row));
  return page;
}

Result<Alarm> get_alarm(Store& store, std::int64_t id) {
  return store.transact_value<Alarm>([&](Tx& tx) { return load(tx, id); });
}

Result<Alarm> act_on_alarm(Store& store, std::int64_t id, AlarmAct act, const std::string& note,
                           const Actor& who, std::int64_t now, Instant at) {
  return store.transact_value<Alarm>([&](Tx& tx) -> Result<Alarm> {
    auto a = load(tx, id);
    if (!a) return fail(a.error());
    const Alarm before = *a;
    if (act == AlarmAct::kAcknowledge) {
      if (a->state != "raised")
        return fail(
            Error::conflict(fmt::format("报警 {} {}，不能再确认", id, state_label(a->state))));
      a->state = "acknowledged";
      a->acknowledged_at = now;
      a->acknowledged_by = who.name;
    } else {
      if (a->state == "closed") return fail(Error::conflict(fmt::format("报警 {} 已关闭", id)));
      a->state = "closed";
      a->closed_at = now;
      a->closed_by = who.name;
    }
    if (!note.empty()) a->note = note;
    auto u = tx.query(
        "UPDATE tr_dispatch_alarms SET state = $2, acknowledged_at = $3, acknowledged_by = $4, "
        "closed_at = $5, closed_by = $6, note = $7 WHERE id = $1 AND state = $8",
        {id, a->state, nullable(a->acknowledged_at),
         a->acknowledged_by.empty() ? Param(nullptr) : Param(a->acknowledged_by),
         nullable(a->closed_at), a->closed_by.empty() ? Param(nullptr) : Param(a->closed_by),
         a->note, before.state});
    if (!u) return fail(u.error());
    if (u->affected != 1) return fail(Error::conflict(fmt::format("报警 {} 刚被他人处理", id)));
    const bool ack = act == AlarmAct::kAcknowledge;
    if (auto s = audit(tx, who, ack ? "transit.alarm.ack" : "transit.alarm.close", before, *a,
                       fmt::format("{}报警：{}", ack ? "确认" : "关闭", a->condition.message), at);
        !s)
      return fail(s.error());
    return *a;
  });
}

}  // namespace zt::transit::dispatch
