#include "supervision/ledger_sheet.hpp"

#include <map>
#include <set>

#include "supervision/text.hpp"

namespace zt::supervision {
namespace {

// "市发展改革委、市财政局" / "万战伟，卫祥玉" / space-separated, as people type them.
std::vector<std::string> split_names(const std::string& cell) {
  std::vector<std::string> out;
  for (auto& part : split_top_level(normalise(to_u32(cell)), U"、，,；; \t\n")) {
    auto t = to_utf8(trim(part));
    if (!t.empty()) out.push_back(t);
  }
  return out;
}

struct Parsed {
  int line = 0, no = 0;
  std::string task;
  std::vector<std::string> leaders, units;
  std::map<std::string, Resolution> resolved;
};

struct Existing {
  std::int64_t id = 0;
  std::string task;
  std::vector<std::string> leaders, units;
};

}  // namespace

Result<LedgerSheetReport> import_ledger_sheet(Store& store, Ledger& ledger, const Clock& clock,
                                              const std::string& doc_no,
                                              const std::vector<SheetRow>& rows, bool dry_run,
                                              const Actor& actor) {
  LedgerSheetReport report;
  // The notice.
  auto n =
      doc_no.empty()
          ? store.query(
                "SELECT n.id, n.doc_no FROM sv_notices n WHERE EXISTS (SELECT 1 FROM sv_ledger "
                "l WHERE l.notice_id = n.id) ORDER BY n.id DESC LIMIT 1")
          : store.query("SELECT id, doc_no FROM sv_notices WHERE doc_no = $1", {doc_no});
  if (!n) return fail(n.error());
  if (n->rows.empty())
    return fail(
        Error::not_found(doc_no.empty() ? "还没有带台账的通知" : "没有这个通知：" + doc_no));
  const std::int64_t notice_id = n->rows[0].i64(0);
  report.notice = n->rows[0].str(1);

  // The header row names the columns; the export's own header is 序号 项目（任务） 责任领导
  // 责任单位.
  std::size_t header = rows.size();
  int c_no = -1, c_task = -1, c_leaders = -1, c_units = -1;
  for (std::size_t i = 0; i < rows.size() && header == rows.size(); ++i) {
    for (std::size_t c = 0; c < rows[i].cells.size(); ++c) {
      auto cell = to_utf8(trim(normalise(to_u32(rows[i].cells[c]))));
      if (cell == "序号") c_no = int(c);
      if (cell.starts_with("项目")) c_task = int(c);
      if (cell == "责任领导") c_leaders = int(c);
      if (cell == "责任单位") c_units = int(c);
    }
    if (c_no >= 0 && c_task >= 0 && c_leaders >= 0 && c_units >= 0) header = i;
  }
  if (header == rows.size())
    return fail(
        Error::invalid("找不到表头：须有 序号、项目（任务）、责任领导、责任单位 四列", "file"));

  // Validate every row before changing anything.
  std::vector<Parsed> good;
  std::set<int> seen;
  for (std::size_t i = header + 1; i < rows.size(); ++i) {
    const auto& r = rows[i];
    auto cell = [&](int c) {
      return std::size_t(c) < r.cells.size() ? to_utf8(trim(to_u32(r.cells[std::size_t(c)])))
                                             : std::string();
    };
    auto error = [&](const char* column, std::string msg) {
      report.errors.push_back({r.line, column, std::move(msg)});
    };
    Parsed p;
    p.line = r.line;
    auto no = cell(c_no);
    char* end = nullptr;
    long v = std::strtol(no.c_str(), &end, 10);
    // Excel may store 12 as "12" or "12.0".
    if (no.empty() || v <= 0 || v > 100000 || (*end != '\0' && std::string_view(end) != ".0")) {
      error("序号", "序号须为正整数：" + (no.empty() ? std::string("（空）") : no));
      continue;
    }
    p.no = int(v);
    if (!seen.insert(p.no).second) {
      error("序号", "序号 " + no + " 重复");
      continue;
    }
    p.task = cell(c_task);
    if (p.task.empty()) {
      error("项目（任务）", "项目（任务）为空");
      continue;
    }
    p.leaders = split_names(cell(c_leaders));
    if (p.leaders.empty()) {
      error("责任领导", "责任领导为空");
      continue;
    }
    p.units = split_names(cell(c_units));
    if (p.units.empty()) {
      error("责任单位", "责任单位为空");
      continue;
    }
    bool ok = true;
    for (const auto& u : p.units) {
      auto res = ledger.resolve(u);
      if (!res) return fail(res.error());
      if (res->units.empty() && !res->group) {
        error("责任单位", "单位无法识别：" + u + "（可在单位管理中添加别名）");
        ok = false;
        break;
      }
      p.resolved[u] = *res;
    }
    if (ok) good.push_back(std::move(p));
  }

  auto st = store.transact([&](Tx& tx) -> Status {
    std::map<int, Existing> existing;
    auto cur =
        tx.query("SELECT id, no, task_text FROM sv_ledger WHERE notice_id = $1", {notice_id});
    if (!cur) return fail(cur.error());
    for (const auto& r : cur->rows) existing[int(r.i64(1))] = {r.i64(0), r.str(2), {}, {}};
    auto leaders = tx.query(
        "SELECT l.no, p.name FROM sv_ledger_leaders ll JOIN sv_ledger l ON l.id = ll.ledger_id "
        "JOIN "
        "sv_people p ON p.id = ll.person_id WHERE l.notice_id = $1 ORDER BY p.id",
        {notice_id});
    if (!leaders) return fail(leaders.error());
    for (const auto& r : leaders->rows) existing[int(r.i64(0))].leaders.push_back(r.str(1));
    auto units = tx.query(
        "SELECT l.no, a.name FROM sv_assignments a JOIN sv_ledger l ON l.id = a.object_id WHERE "
        "a.object_type = 'ledger' AND l.notice_id = $1 ORDER BY a.id",
        {notice_id});
    if (!units) return fail(units.error());
    for (const auto& r : units->rows) {
      auto& v = existing[int(r.i64(0))].units;
      if (v.empty() || v.back() != r.str(1)) v.push_back(r.str(1));
    }
    auto tasks = tx.query("SELECT id, text FROM sv_tasks WHERE notice_id = $1", {notice_id});
    if (!tasks) return fail(tasks.error());

    for (const auto& p : good) {
      auto it = existing.find(p.no);
      bool is_new = it == existing.end() || it->second.id == 0;
      if (!is_new) {
        auto sorted = [](std::vector<std::string> v) {
          std::sort(v.begin(), v.end());
          return v;
        };
        if (it->second.task == p.task && sorted(it->second.leaders) == sorted(p.leaders) &&
            it->second.units == p.units) {
          report.unchanged++;
          continue;
        }
      }
      // The task this line belongs to, by wording (as on import).
      Param task_id = nullptr;
      double best = 0.5;
      for (const auto& t : tasks->rows) {
        double cover = bigram_cover(to_u32(p.task), to_u32(t.str(1)));
        if (cover > best) best = cover, task_id = t.i64(0);
      }
      std::int64_t id = 0;
      if (is_new) {
        auto ins = tx.query(
            "INSERT INTO sv_ledger (notice_id, no, task_text, task_id) VALUES ($1, $2, $3, $4) "
            "RETURNING id",
            {notice_id, std::int64_t(p.no), p.task, task_id});
        if (!ins) return fail(ins.error());
        id = ins->rows[0].i64(0);
        report.created++;
      } else {
        id = it->second.id;
        auto upd = tx.query("UPDATE sv_ledger SET task_text = $1, task_id = $2 WHERE id = $3",
                            {p.task, task_id, id});
        if (!upd) return fail(upd.error());
        for (const char* sql : {"DELETE FROM sv_ledger_leaders WHERE ledger_id = $1",
                                "DELETE FROM sv_assignments WHERE object_type = 'ledger' AND "
                                "object_id = $1"}) {
          auto d = tx.query(sql, {id});
          if (!d) return fail(d.error());
        }
        report.updated++;
      }
      for (const auto& name : p.leaders) {
        auto person = tx.query("SELECT id FROM sv_people WHERE name = $1", {name});
        if (!person) return fail(person.error());
        std::int64_t pid = 0;
        if (person->rows.empty()) {
          auto np = tx.query("INSERT INTO sv_people (name) VALUES ($1) RETURNING id", {name});
          if (!np) return fail(np.error());
          pid = np->rows[0].i64(0);
        } else {
          pid = person->rows[0].i64(0);
        }
        auto l = tx.query(
            "INSERT INTO sv_ledger_leaders (ledger_id, person_id) VALUES ($1, $2) ON CONFLICT "
            "(ledger_id, person_id) DO NOTHING",
            {id, pid});
        if (!l) return fail(l.error());
      }
      for (const auto& name : p.units) {
        const auto& res = p.resolved.at(name);
        std::vector<Param> targets;
        for (auto u : res.units) targets.push_back(u.value);
        if (targets.empty()) targets.push_back(nullptr);
        for (const auto& u : targets) {
          auto a = tx.query(
              "INSERT INTO sv_assignments (object_type, object_id, role, name, unit_id) VALUES "
              "('ledger', $1, 'lead', $2, $3)",
              {id, name, u});
          if (!a) return fail(a.error());
        }
      }
      nlohmann::json after{
          {"no", p.no}, {"task", p.task}, {"leaders", p.leaders}, {"units", p.units}};
      std::string before;
      if (!is_new)
        before = nlohmann::json{{"no", p.no},
                                {"task", it->second.task},
                                {"leaders", it->second.leaders},
                                {"units", it->second.units}}
                     .dump();
      auto a = append_audit(
          tx,
          actor.entry(
              is_new ? "ledger.create" : "ledger.update", "notice", std::to_string(notice_id),
              std::string(is_new ? "台账新增" : "台账修改") + " 第" + std::to_string(p.no) + "项",
              before, after.dump()),
          clock.now());
      if (!a) return fail(a.error());
    }
    if (dry_run) return fail(Error::rule_violation("dry-run", "预览：不保存"));
    return {};
  });
  if (!st && !(dry_run && st.error().rule == "dry-run")) return fail(st.error());
  return report;
}

}  // namespace zt::supervision
