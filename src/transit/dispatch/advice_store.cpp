// Advice in tr_dispatch_advice (dispatch_store.hpp). What varies by kind (stops, hold, advised
// time, expected effect) is kept as JSON in `body`.
#include <map>

#include <fmt/format.h>

#include "transit/dispatch/dispatch_store.hpp"

namespace zt::transit::dispatch {
namespace {

using nlohmann::json;

constexpr std::int64_t kUnseen = 60;     // open advice not proposed for this long expires
constexpr std::int64_t kQuiet = 600;     // a decided situation is not advised again this soon
constexpr std::int64_t kLifetime = 600;  // an advice's expiry after it was last proposed
constexpr std::int64_t kRefresh = 30;

constexpr const char* kColumns =
    "id, unit_id, kind, rule, advice_key, route_id, route_name, direction, vehicle_id, trip_id, "
    "body, explanation, state, created_at, last_seen_at, expires_at, decided_at, decided_by, note";

json opt_json(const std::optional<std::int64_t>& v) { return v ? json(*v) : json(nullptr); }

json body_of(const Proposal& p) {
  json skip = json::array();
  for (const auto& [id, name] : p.skip_stops)
    skip.push_back({{"stop_id", id}, {"stop_name", name}});
  return {{"stop_id", p.stop_id},
          {"stop_name", p.stop_name},
          {"hold_s", p.hold_s},
          {"advised_at", p.advised_at ? json(p.advised_at) : json(nullptr)},
          {"turn_stop_id", p.turn_stop_id.empty() ? json(nullptr) : json(p.turn_stop_id)},
          {"turn_stop_name", p.turn_stop_name.empty() ? json(nullptr) : json(p.turn_stop_name)},
          {"skip_stops", skip},
          {"headway_ahead_s", p.headway_ahead_s},
          {"headway_behind_s", p.headway_behind_s},
          {"scheduled_headway_s", p.scheduled_headway_s},
          {"expected", {{"gap_before_s", p.gap_before_s}, {"gap_after_s", p.gap_after_s}}}};
}

void read_body(const std::string& text, Proposal& p) {
  auto j = json::parse(text, nullptr, false);
  if (!j.is_object()) return;
  auto s = [&](const char* k) {
    return j.contains(k) && j[k].is_string() ? j[k].get<std::string>() : "";
  };
  auto i = [&](const char* k) {
    return j.contains(k) && j[k].is_number_integer() ? j[k].get<std::int64_t>() : 0;
  };
  p.stop_id = s("stop_id");
  p.stop_name = s("stop_name");
  p.hold_s = i("hold_s");
  p.advised_at = i("advised_at");
  p.turn_stop_id = s("turn_stop_id");
  p.turn_stop_name = s("turn_stop_name");
  if (j.contains("skip_stops") && j["skip_stops"].is_array())
    for (const auto& x : j["skip_stops"])
      if (x.is_object())
        p.skip_stops.emplace_back(x.value("stop_id", ""), x.value("stop_name", ""));
  p.headway_ahead_s = i("headway_ahead_s");
  p.headway_behind_s = i("headway_behind_s");
  p.scheduled_headway_s = i("scheduled_headway_s");
  if (j.contains("expected") && j["expected"].is_object()) {
    p.gap_before_s = j["expected"].value("gap_before_s", std::int64_t(0));
    p.gap_after_s = j["expected"].value("gap_after_s", std::int64_t(0));
  }
}

Advice advice_of(const Row& r) {
  Advice a;
  a.id = r.i64(0);
  a.unit = r.opt_i64(1);
  auto& p = a.proposal;
  p.kind = advice_from_code(r.str(2)).value_or(AdviceKind::kHold);
  p.rule = r.str(3);
  p.key = r.str(4);
  p.route_id = r.str(5);
  p.route_name = r.str(6);
  p.direction = int(r.i64(7));
  p.vehicle_id = r.str(8);
  p.trip_id = r.str(9);
  read_body(r.str(10), p);
  p.explanation = r.str(11);
  a.state = r.str(12);
  a.created_at = r.i64(13);
  a.last_seen_at = r.i64(14);
  a.expires_at = r.i64(15);
  a.decided_at = r.opt_i64(16);
  a.decided_by = r.str(17);
  a.note = r.str(18);
  return a;
}

std::string_view state_label(const std::string& s) {
  if (s == "open") return "待处理";
  if (s == "accepted") return "已采纳";
  if (s == "rejected") return "未采纳";
  return "已过期";
}

Event event_of(const char* what, const Advice& a) { return {"advice", what, a.to_json(), a.unit}; }

Result<Advice> load(Tx& tx, std::int64_t id) {
  auto r = tx.query(fmt::format("SELECT {} FROM tr_dispatch_advice WHERE id = $1", kColumns), {id});
  if (!r) return fail(r.error());
  if (r->rows.empty()) return fail(Error::not_found("没有这条调度建议：" + std::to_string(id)));
  return advice_of(r->rows[0]);
}

Status audit(Tx& tx, const Actor& who, const char* action, const Advice* before,
             const Advice& after, const std::string& summary, Instant at) {
  auto a = append_audit(tx,
                        who.entry(action, "transit_advice", std::to_string(after.id), summary,
                                  before ? before->to_json().dump() : "", after.to_json().dump()),
                        at);
  if (!a) return fail(a.error());
  return {};
}

}  // namespace

json Advice::to_json() const {
  const auto& p = proposal;
  json j = body_of(p);
  j.update({{"id", id},
            {"unit_id", opt_json(unit)},
            {"kind", advice_code(p.kind)},
            {"kind_label", advice_label(p.kind)},
            {"rule", p.rule},
            {"route_id", p.route_id},
            {"route_name", p.route_name},
            {"direction", p.direction},
            {"vehicle_id", p.vehicle_id},
            {"trip_id", p.trip_id},
            {"explanation", p.explanation},
            {"state", state},
            {"state_label", state_label(state)},
            {"created_at", created_at},
            {"expires_at", expires_at},
            {"decided_at", opt_json(decided_at)},
            {"decided_by", decided_by.empty() ? json(nullptr) : json(decided_by)},
            {"note", note}});
  return j;
}

Result<std::vector<Event>> sync_advice(Store& store, const std::vector<Proposal>& proposals,
                                       std::optional<std::int64_t> unit, std::int64_t now,
                                       Instant at) {
  std::map<std::string, const Proposal*> wanted;
  for (const auto& p : proposals) wanted.emplace(p.key, &p);
  const Actor system;
  std::vector<Event> events;
  auto st = store.transact([&](Tx& tx) -> Status {
    events.clear();
    auto r = tx.query(fmt::format("SELECT {} FROM tr_dispatch_advice WHERE state = 'open' OR "
                                  "decided_at >= $1 ORDER BY id",
                                  kColumns),
                      {now - kQuiet});
    if (!r) return fail(r.error());
    std::map<std::string, Advice> known;
    for (const auto& row : r->rows) {
      auto a = advice_of(row);
      known[a.proposal.key] = std::move(a);
    }
    for (auto& [key, a] : known) {
      if (a.state != "open") continue;
      auto it = wanted.find(key);
      if (it == wanted.end()) {
        if (now - a.last_seen_at < kUnseen && now < a.expires_at) continue;
        const Advice before = a;
        a.state = "expired";
        auto u = tx.query("UPDATE tr_dispatch_advice SET state = 'expired' WHERE id = $1", {a.id});
        if (!u) return fail(u.error());
        if (auto s = audit(tx, system, "transit.advice.expire", &before, a,
                           fmt::format("调度建议过期：{}", a.proposal.explanation), at);
            !s)
          return s;
        events.push_back(event_of("expired", a));
        continue;
      }
      if (now - a.last_seen_at < kRefresh) continue;
      const auto& p = *it->second;
      a.proposal = p;
      a.last_seen_at = now;
      a.expires_at = now + kLifetime;
      auto u = tx.query(
          "UPDATE tr_dispatch_advice SET body = $2, explanation = $3, last_seen_at = $4, "
          "expires_at = $5 WHERE id = $1",
          {a.id, body_of(p).dump(), p.explanation, now, a.expires_at});
      if (!u) return fail(u.error());
      events.push_back(event_of("updated", a));
    }
    for (const auto& [key, p] : wanted) {
      if (known.contains(key)) continue;  // open, or decided lately: not advised again yet
      Advice a;
      a.unit = unit;
      a.proposal = *p;
      a.created_at = a.last_seen_at = now;
      a.expires_at = now + kLifetime;
      auto ins = tx.query(
          "INSERT INTO tr_dispatch_advice (unit_id, kind, rule, advice_key, route_id, route_name, "
          "direction, vehicle_id, trip_id, body, explanation, state, created_at, last_seen_at, "
          "expires_at, note) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'open', $12, "
          "$12, $13, '') RETURNING id",
          {nullable(unit), std::string(advice_code(p->kind)), p->rule, key, p->route_id,
           p->route_name, std::int64_t(p->direction), p->vehicle_id, p->trip_id, body_of(*p).dump(),
           p->explanation, now, a.expires_at});
      if (!ins) return fail(ins.error());
      a.id = ins->rows.at(0).i64(0);
      if (auto s = audit(tx, system, "transit.advice.create", nullptr, a,
                         fmt::format("{}：{}", advice_label(p->kind), p->explanation), at);
          !s)
        return s;
      events.push_back(event_of("created", a));
    }
    return {};
  });
  if (!st) return fail(st.error());
  return events;
}

Result<Page<Advice>> list_advice(Store& store, const ListQuery& q) {
  std::string where = "WHERE 1 = 1";
  std::vector<Param> params;
  if (q.open_only) where += " AND state = 'open'";
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
  auto n = store.query("SELECT COUNT(*) FROM tr_dispatch_advice " + where, params);
  if (!n) return fail(n.error());
  params.emplace_back(q.limit);
  params.emplace_back(q.offset);
  auto r = store.query(fmt::format("SELECT {} FROM tr_dispatch_advice {} ORDER BY id DESC LIMIT "
                                   "${} OFFSET ${}",
                                   kColumns, where, params.size() - 1, params.size()),
                       params);
  if (!r) return fail(r.error());
  Page<Advice> page;
  page.total = n->rows.at(0).i64(0);
  for (const auto& row : r->rows) page.items.push_back(advice_of(row));
  return page;
}

Result<Advice> get_advice(Store& store, std::int64_t id) {
  return store.transact_value<Advice>([&](Tx& tx) { return load(tx, id); });
}

Result<Advice> decide_advice(Store& store, std::int64_t id, bool accept, const std::string& note,
                             const Actor& who, std::int64_t now, Instant at) {
  return store.transact_value<Advice>([&](Tx& tx) -> Result<Advice> {
    auto a = load(tx, id);
    if (!a) return fail(a.error());
    if (a->state != "open")
      return fail(
          Error::conflict(fmt::format("调度建议 {} {}，不能再处理", id, state_label(a->state))));
    const Advice before = *a;
    a->state = accept ? "accepted" : "rejected";
    a->decided_at = now;
    a->decided_by = who.name;
    if (!note.empty()) a->note = note;
    auto u = tx.query(
        "UPDATE tr_dispatch_advice SET state = $2, decided_at = $3, decided_by = $4, note = $5 "
        "WHERE id = $1 AND state = 'open'",
        {id, a->state, now, who.name, a->note});
    if (!u) return fail(u.error());
    if (u->affected != 1) return fail(Error::conflict(fmt::format("调度建议 {} 刚被他人处理", id)));
    if (auto s = audit(
            tx, who, accept ? "transit.advice.accept" : "transit.advice.reject", &before, *a,
            fmt::format("{}调度建议：{}", accept ? "采纳" : "不采纳", a->proposal.explanation), at);
        !s)
      return fail(s.error());
    return *a;
  });
}

}  // namespace zt::transit::dispatch
