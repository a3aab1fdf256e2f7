#include "supervision/ledger.hpp"

#include <map>
#include <set>

#include "supervision/list_query.hpp"
#include "supervision/scope.hpp"
#include "supervision/text.hpp"

namespace zt::supervision {
namespace {

// The task a ledger line belongs to: the notice's task whose text covers most of the line, if
// it covers at least half of it (the appendix repeats a task's words, often shortened).
std::optional<std::int64_t> ledger_task(
    const LedgerRow& row, const std::string& notice,
    const std::vector<std::pair<const Task*, std::int64_t>>& tasks) {
  auto line = to_u32(row.task);
  double best = 0.5;
  std::optional<std::int64_t> out;
  for (const auto& [t, id] : tasks) {
    if (t->notice != notice) continue;
    double cover = bigram_cover(line, to_u32(t->text));
    if (cover > best) best = cover, out = id;
  }
  return out;
}

// A numeric target found inside a task's (or a target's) text belongs to it.
template <class T>
Param kpi_owner(const KpiTarget& k, const std::vector<std::pair<const T*, std::int64_t>>& owners) {
  if (k.text.empty()) return nullptr;
  for (const auto& [t, id] : owners)
    if (t->notice == k.notice && t->text.find(k.text) != std::string::npos) return id;
  return nullptr;
}

bool collective(const std::string& name) {
  for (const char* w : {"有关部门", "相关部门", "成员单位", "行政执法部门", "按职责"})
    if (name.find(w) != std::string::npos) return true;
  return name.starts_with("相关") || name.starts_with("各");
}

bool all_counties(const std::string& name) {
  return name.starts_with("各县") && name.ends_with("政府");
}

Param opt_text(const std::string& s) { return s.empty() ? Param{nullptr} : Param{s}; }

}  // namespace

Result<Resolution> Ledger::resolve(const std::string& name) {
  Resolution r;
  if (all_counties(name)) {
    r.group = true;
    auto units = org_.list_units();
    if (!units) return fail(units.error());
    for (const auto& u : *units)
      if (u.kind == UnitKind::kCountyGovernment && u.name.ends_with("人民政府"))
        r.units.push_back(u.id);
    return r;
  }
  if (collective(name)) {
    r.group = true;
    return r;
  }
  auto id = org_.resolve_unit(name);
  if (!id) return fail(id.error());
  if (*id) {
    r.units.push_back(**id);
    return r;
  }
  return r;
}

Result<ImportReport> Ledger::import(const Gazette& g, const std::string& digest,
                                    const ImportOptions& options, const Actor& actor) {
  ImportReport report;
  // Resolve every unit name first; missing ones are created (if asked) before the import's
  // own transaction, since each unit creation is a transaction of its own.
  std::set<std::string> names;
  for (const auto& t : g.targets) names.insert(t.units.begin(), t.units.end());
  for (const auto& t : g.tasks) {
    names.insert(t.lead_units.begin(), t.lead_units.end());
    names.insert(t.cooperating_units.begin(), t.cooperating_units.end());
  }
  for (const auto& r : g.ledger) names.insert(r.units.begin(), r.units.end());
  for (const auto& c : g.dated_commitments) names.insert(c.units.begin(), c.units.end());
  std::map<std::string, Resolution> resolved;
  std::optional<std::string> city;  // "三门峡市", for full names of created units
  for (const auto& name : names) {
    auto r = resolve(name);
    if (!r) return fail(r.error());
    if (r->units.empty() && !r->group) {
      if (!options.create_missing_units || options.dry_run) {
        report.unresolved_units.push_back(name);
      } else {
        if (!city) {
          auto units = org_.list_units();
          if (!units) return fail(units.error());
          city = "";
          for (const auto& u : *units)
            if (!u.parent && u.kind == UnitKind::kGovernmentOffice && u.name.ends_with("人民政府"))
              city = u.name.substr(0, u.name.size() - std::string("人民政府").size());
        }
        NewUnit nu;
        bool city_level = name.starts_with("市") && !city->empty();
        nu.name = city_level ? *city + name.substr(std::string("市").size()) : name;
        nu.kind = city_level ? UnitKind::kDepartment : UnitKind::kOther;
        if (nu.name != name) nu.aliases.push_back(name);
        auto u = org_.add_unit(nu, actor);
        if (!u) return fail(u.error());
        r->units.push_back(u->id);
        report.units_created++;
      }
    }
    resolved[name] = *r;
  }

  auto st = store_.transact([&](Tx& tx) -> Status {
    const auto now = unix_seconds(clock_.now());
    auto assign = [&](const char* type, std::int64_t id, const char* role,
                      const std::vector<std::string>& units) -> Status {
      for (const auto& name : units) {
        const auto& r = resolved[name];
        std::vector<std::optional<UnitId>> targets;
        for (auto u : r.units) targets.push_back(u);
        if (targets.empty()) targets.push_back(std::nullopt);
        for (const auto& u : targets) {
          auto q = tx.query(
              "INSERT INTO sv_assignments (object_type, object_id, role, name, unit_id) VALUES "
              "($1, $2, $3, $4, $5)",
              {std::string(type), id, std::string(role), name,
               u ? Param{u->value} : Param{nullptr}});
          if (!q) return fail(q.error());
        }
      }
      return {};
    };
    std::map<std::string, std::int64_t> notice_ids;
    for (const auto& n : g.notices) {
      auto have = tx.query("SELECT id FROM sv_notices WHERE doc_no = $1", {n.doc_no});
      if (!have) return fail(have.error());
      if (!have->rows.empty()) {
        report.notices_existing++;
        continue;  // imported before: nothing of it changes
      }
      auto ins = tx.query(
          "INSERT INTO sv_notices (doc_no, title, issued, source_digest, imported_at) VALUES ($1, "
          "$2, $3, $4, $5) RETURNING id",
          {n.doc_no, n.title, n.issued, digest, now});
      if (!ins) return fail(ins.error());
      notice_ids[n.doc_no] = ins->rows[0].i64(0);
      report.notices_created++;
      auto a = append_audit(
          tx,
          actor.entry(
              "notice.import", "notice", std::to_string(notice_ids[n.doc_no]),
              "导入通知 " + n.doc_no, "",
              nlohmann::json{{"doc_no", n.doc_no}, {"title", n.title}, {"source_digest", digest}}
                  .dump()),
          clock_.now());
      if (!a) return fail(a.error());
    }
    auto notice_of = [&](const std::string& doc_no) -> std::optional<std::int64_t> {
      auto it = notice_ids.find(doc_no);
      if (it == notice_ids.end()) return std::nullopt;
      return it->second;
    };
    std::vector<std::pair<const Target*, std::int64_t>> target_ids;
    for (const auto& t : g.targets) {
      auto nid = notice_of(t.notice);
      if (!nid) continue;
      auto ins =
          tx.query("INSERT INTO sv_targets (notice_id, no, text) VALUES ($1, $2, $3) RETURNING id",
                   {*nid, std::int64_t(t.no), t.text});
      if (!ins) return fail(ins.error());
      target_ids.push_back({&t, ins->rows[0].i64(0)});
      if (auto s = assign("target", ins->rows[0].i64(0), "lead", t.units); !s) return s;
      report.targets_created++;
    }
    std::vector<std::pair<const Task*, std::int64_t>> task_ids;
    for (const auto& t : g.tasks) {
      auto nid = notice_of(t.notice);
      if (!nid) continue;
      auto ins = tx.query(
          "INSERT INTO sv_tasks (notice_id, no, section, section_title, text) VALUES ($1, $2, $3, "
          "$4, $5) RETURNING id",
          {*nid, std::int64_t(t.no), t.section, t.section_title, t.text});
      if (!ins) return fail(ins.error());
      auto id = ins->rows[0].i64(0);
      task_ids.push_back({&t, id});
      if (auto s = assign("task", id, "lead", t.lead_units); !s) return s;
      if (auto s = assign("task", id, "cooperating", t.cooperating_units); !s) return s;
      auto a =
          append_audit(tx,
                       actor.entry("task.create", "task", std::to_string(id),
                                   "导入任务 " + t.notice + " 第" + std::to_string(t.no) + "项", "",
                                   nlohmann::json{{"no", t.no}, {"text", t.text}}.dump()),
                       clock_.now());
      if (!a) return fail(a.error());
      report.tasks_created++;
    }
    // The ledger belongs to the last notice that precedes it (the appendix of that notice).
    std::optional<std::int64_t> ledger_notice;
    if (!g.notices.empty()) ledger_notice = notice_of(g.notices.back().doc_no);
    for (const auto& r : g.ledger) {
      if (!ledger_notice) break;
      auto task = ledger_task(r, g.notices.back().doc_no, task_ids);
      auto ins = tx.query(
          "INSERT INTO sv_ledger (notice_id, no, task_text, task_id) VALUES ($1, $2, $3, $4) "
          "RETURNING id",
          {*ledger_notice, std::int64_t(r.no), r.task, task ? Param{*task} : Param{nullptr}});
      if (!ins) return fail(ins.error());
      auto id = ins->rows[0].i64(0);
      for (const auto& leader : r.leaders) {
        auto p = tx.query("SELECT id FROM sv_people WHERE name = $1", {leader});
        if (!p) return fail(p.error());
        std::int64_t pid = 0;
        if (p->rows.empty()) {
          auto np = tx.query("INSERT INTO sv_people (name) VALUES ($1) RETURNING id", {leader});
          if (!np) return fail(np.error());
          pid = np->rows[0].i64(0);
          report.people_created++;
        } else {
          pid = p->rows[0].i64(0);
        }
        auto l = tx.query("INSERT INTO sv_ledger_leaders (ledger_id, person_id) VALUES ($1, $2)",
                          {id, pid});
        if (!l) return fail(l.error());
      }
      if (auto s = assign("ledger", id, "lead", r.units); !s) return s;
      report.ledger_created++;
    }
    for (const auto& c : g.dated_commitments) {
      auto nid = notice_of(c.notice);
      if (!nid) continue;
      auto ins = tx.query(
          "INSERT INTO sv_commitments (notice_id, text, deadline) VALUES ($1, $2, $3) RETURNING id",
          {*nid, c.text, c.deadline});
      if (!ins) {
        if (ins.error().kind == ErrorKind::kConflict) continue;  // the same sentence twice
        return fail(ins.error());
      }
      if (auto s = assign("commitment", ins->rows[0].i64(0), "lead", c.units); !s) return s;
      report.commitments_created++;
    }
    for (const auto& k : g.kpi_targets) {
      auto nid = notice_of(k.notice);
      if (!nid) continue;
      auto ins = tx.query(
          "INSERT INTO sv_kpis (notice_id, indicator, comparator, value, unit, by_date, task_id, "
          "target_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
          {*nid, k.indicator, k.comparator, k.value, k.unit, opt_text(k.by), kpi_owner(k, task_ids),
           kpi_owner(k, target_ids)});
      if (!ins) {
        if (ins.error().kind == ErrorKind::kConflict) continue;
        return fail(ins.error());
      }
      report.kpis_created++;
    }
    // A dry run rolls back everything it did and keeps only the counts.
    if (options.dry_run) return fail(Error::rule_violation("dry-run", "预览：不保存"));
    return Status{};
  });
  if (!st && !(options.dry_run && st.error().rule == "dry-run")) return fail(st.error());
  return report;
}

Result<std::vector<Ledger::TaskView>> Ledger::tasks_for(const Principal& p) {
  auto list = find_tasks(p, {});
  if (!list) return fail(list.error());
  return std::move(list->tasks);
}

Result<Ledger::TaskList> Ledger::find_tasks(const Principal& p, const TaskQuery& q) {
  TaskList out;
  std::vector<Param> params;
  std::string where = task_scope(p, "t.id", params);
  auto next = [&params](Param v) {
    params.push_back(std::move(v));
    return "$" + std::to_string(params.size());
  };
  if (q.units) {
    if (q.units->empty()) return out;  // no unit of that name
    std::string ids;
    for (auto u : *q.units) ids += (ids.empty() ? "" : ",") + std::to_string(u.value);
    where +=
        " AND t.id IN (SELECT object_id FROM sv_assignments WHERE object_type = 'task' AND "
        "unit_id IN (" +
        ids + "))";
  }
  if (!q.section.empty()) where += " AND t.section = " + next(q.section);
  if (q.id) where += " AND t.id = " + next(q.id->value);
  if (!q.keyword.empty()) {
    const std::string like = next(like_pattern(q.keyword));
    std::string cond = "t.text LIKE " + like +
                       " ESCAPE '\\' OR t.id IN (SELECT object_id FROM "
                       "sv_assignments WHERE object_type = 'task' AND name LIKE " +
                       like + " ESCAPE '\\')";
    if (is_task_number(q.keyword)) cond += " OR t.no = " + next(std::stoll(q.keyword));
    where += " AND (" + cond + ")";
  }
  const std::string from = " FROM sv_tasks t JOIN sv_notices n ON n.id = t.notice_id WHERE ";
  auto count = store_.query("SELECT COUNT(*)" + from + where, std::span<const Param>(params));
  if (!count) return fail(count.error());
  out.total = int(count->rows[0].i64(0));
  std::string sql = "SELECT t.id, n.doc_no, t.section, t.section_title, t.text, t.no" + from +
                    where + " ORDER BY n.doc_no, t.no, t.id";
  if (q.per_page > 0)
    sql += " LIMIT " + std::to_string(q.per_page) + " OFFSET " +
           std::to_string(std::int64_t(std::max(q.page, 1) - 1) * q.per_page);
  auto rows = store_.query(sql, std::span<const Param>(params));
  if (!rows) return fail(rows.error());
  auto assigned = store_.query(
      "SELECT object_id, role, name FROM sv_assignments WHERE object_type = 'task' ORDER BY id");
  if (!assigned) return fail(assigned.error());
  std::map<TaskId, std::pair<std::vector<std::string>, std::vector<std::string>>> units;
  for (const auto& r : assigned->rows) {
    auto& [lead, coop] = units[TaskId{r.i64(0)}];
    auto& dest = r.str(1) == "lead" ? lead : coop;
    if (dest.empty() || dest.back() != r.str(2)) dest.push_back(r.str(2));
  }
  auto leaders = store_.query(
      "SELECT l.task_id, pp.name FROM sv_ledger l JOIN sv_ledger_leaders ll ON ll.ledger_id = "
      "l.id JOIN sv_people pp ON pp.id = ll.person_id WHERE l.task_id IS NOT NULL ORDER BY l.no");
  if (!leaders) return fail(leaders.error());
  std::map<TaskId, std::vector<std::string>> leaders_of;
  for (const auto& r : leaders->rows) {
    auto& v = leaders_of[TaskId{r.i64(0)}];
    if (std::find(v.begin(), v.end(), r.str(1)) == v.end()) v.push_back(r.str(1));
  }
  for (const auto& r : rows->rows) {
    TaskView t;
    t.id = TaskId{r.i64(0)};
    t.notice = r.str(1);
    t.section = r.str(2);
    t.section_title = r.str(3);
    t.text = r.str(4);
    t.no = int(r.i64(5));
    t.lead_units = units[t.id].first;
    t.cooperating_units = units[t.id].second;
    t.leaders = leaders_of[t.id];
    out.tasks.push_back(std::move(t));
  }
  return out;
}

Result<std::vector<Ledger::PersonView>> Ledger::people() {
  auto rows = store_.query(
      "SELECT p.id, p.name, p.user_id, COALESCE(u.username, ''), (SELECT COUNT(*) FROM "
      "sv_ledger_leaders ll WHERE ll.person_id = p.id), (SELECT COUNT(DISTINCT l.task_id) FROM "
      "sv_ledger_leaders ll JOIN sv_ledger l ON l.id = ll.ledger_id WHERE ll.person_id = p.id) "
      "FROM sv_people p LEFT JOIN users u ON u.id = p.user_id ORDER BY p.id");
  if (!rows) return fail(rows.error());
  std::vector<PersonView> out;
  for (const auto& r : rows->rows)
    out.push_back({r.i64(0), r.str(1), r.opt_i64(2), r.str(3), int(r.i64(4)), int(r.i64(5))});
  return out;
}

Result<Ledger::PersonView> Ledger::link_person(std::int64_t person_id, std::optional<UserId> user,
                                               const Actor& actor) {
  if (user) {
    auto u = org_.get_user(*user);
    if (!u) return fail(Error::invalid("没有这个用户", "user_id"));
  }
  auto st = store_.transact([&](Tx& tx) -> Status {
    auto before = tx.query("SELECT name, user_id FROM sv_people WHERE id = $1", {person_id});
    if (!before) return fail(before.error());
    if (before->rows.empty()) return fail(Error::not_found("没有这位责任领导"));
    auto upd = tx.query("UPDATE sv_people SET user_id = $1 WHERE id = $2",
                        {user ? Param{user->value} : Param{nullptr}, person_id});
    if (!upd) return fail(upd.error());
    auto old = before->rows[0].opt_i64(1);
    auto a = append_audit(
        tx,
        actor.entry("person.link", "person", std::to_string(person_id),
                    "责任领导 " + before->rows[0].str(0) + (user ? " 关联账号" : " 解除账号关联"),
                    old ? std::to_string(*old) : "", user ? std::to_string(user->value) : ""),
        clock_.now());
    if (!a) return fail(a.error());
    return {};
  });
  if (!st) return fail(st.error());
  auto all = people();
  if (!all) return fail(all.error());
  for (auto& p : *all)
    if (p.id == person_id) return p;
  return fail(Error::not_found("没有这位责任领导"));
}

}  // namespace zt::supervision
