// The supervision dashboard and bulletin over a synthetic city: 10 years × 2,000 tasks × 12
// periods (each task with a lead and a cooperating unit: 480,000 report slots, ~400,000 reports),
// on SQLite and, with ZT_BENCH_PG_URL, PostgreSQL. Goal: p99 < 50 ms for the dashboard queries.
// Baseline in the same run: the filing aggregate as one raw SQL statement through the store,
// i.e. what the database alone costs, so the app's own overhead shows.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <map>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "app/app.hpp"
#include "core/calendar.hpp"
#include "supervision/dashboard.hpp"

namespace {

using Steady = std::chrono::steady_clock;
constexpr int kYears = 10, kTasks = 2000, kUnits = 120, kFirstYear = 2015;
constexpr int kRuns = 40;
// The bench's "now": 2024-12-20 10:00 in Shanghai.
const std::int64_t kNow =
    zt::unix_seconds(zt::shanghai_time(std::chrono::year{2024} / 12 / 20, 10, 0, 0));

void die(const zt::Error& e) {
  std::fprintf(stderr, "bench: %s\n", e.message.c_str());
  std::exit(1);
}

// Rows as literal VALUES lists, a thousand per statement; statements are kept until flush() so
// tables load in foreign-key order whatever order the rows were made in.
struct Loader {
  zt::Tx& tx;
  std::string table, columns, values;
  int rows = 0;
  std::vector<std::string> statements = {};
  void add(const std::string& row) {
    values += (rows ? "," : "") + ("(" + row + ")");
    if (++rows == 1000) cut();
  }
  void cut() {
    if (!rows) return;
    statements.push_back("INSERT INTO " + table + " (" + columns + ") VALUES " + values);
    values.clear();
    rows = 0;
  }
  void flush() {
    cut();
    for (const auto& s : statements)
      if (auto st = tx.exec_script(s); !st) die(st.error());
    statements.clear();
  }
};

void generate(zt::App& app) {
  std::mt19937 rng(20240220);
  auto st = app.store().transact([&](zt::Tx& tx) -> zt::Status {
    auto unit = tx.query("SELECT MIN(id) FROM units");
    if (!unit) return zt::fail(unit.error());
    Loader units{tx, "units", "name, kind, parent_id, created_at", "", 0};
    for (int u = 0; u < kUnits; ++u)
      units.add(fmt::format("'合成单位{:03}', 'department', NULL, 0", u));
    units.flush();
    auto ids = tx.query("SELECT id FROM units WHERE name LIKE '合成单位%' ORDER BY id");
    if (!ids) return zt::fail(ids.error());
    std::vector<std::int64_t> unit_ids;
    for (const auto& r : ids->rows) unit_ids.push_back(r.i64(0));
    auto user = tx.query("SELECT MIN(id) FROM users");
    if (!user) return zt::fail(user.error());
    const auto filer = user->rows[0].i64(0);

    std::int64_t task_id = 0, slot_id = 0, report_id = 0, kpi_id = 0;
    Loader notices{tx, "sv_notices", "id, doc_no, title, issued, source_digest, imported_at", "",
                   0};
    Loader tasks{tx, "sv_tasks", "id, notice_id, no, section, section_title, text", "", 0};
    Loader assign{tx, "sv_assignments", "object_type, object_id, role, name, unit_id", "", 0};
    Loader slots{tx, "sv_slots",
                 "id, task_id, unit_id, role, period, due_at, first_filed_at, revisions, "
                 "latest_report_id",
                 "", 0};
    Loader latest{tx, "sv_latest", "task_id, unit_id, role, slot_id, report_id, percent, filed_at",
                  "", 0};
    Loader reports{
        tx, "sv_reports",
        "id, slot_id, revision, filed_at, filed_by, progress, percent, status, problems, "
        "next_steps",
        "", 0};
    Loader kpis{tx, "sv_kpis",
                "id, notice_id, indicator, comparator, value, unit, by_date, task_id, "
                "latest_value, latest_report_id",
                "", 0};
    Loader figures{tx, "sv_report_figures", "report_id, kpi_id, value", "", 0};
    std::map<std::pair<std::int64_t, std::int64_t>, std::string> last;  // (task, unit) -> row
    const char* sections[] = {"（一）", "（二）", "（三）", "（四）", "（五）",
                              "（六）", "（七）", "（八）", "（九）"};
    for (int y = 0; y < kYears; ++y) {
      const int year = kFirstYear + y;
      const int notice = y + 1000;
      notices.add(fmt::format("{}, '合政办〔{}〕4号', '{}年重点工作任务分解', '{}-02-20', 'x', 0",
                              notice, year, year, year));
      for (int t = 0; t < kTasks; ++t) {
        ++task_id;
        const char* section = sections[t % 9];
        tasks.add(fmt::format("{}, {}, {}, '{}', '领域{}', '第{}项重点任务：推进重大项目建设'",
                              task_id, notice, t + 1, section, t % 9, t + 1));
        std::int64_t lead = unit_ids[std::size_t(t) % unit_ids.size()];
        std::int64_t coop = unit_ids[std::size_t(t * 7 + 3) % unit_ids.size()];
        assign.add(fmt::format("'task', {}, 'lead', '单位', {}", task_id, lead));
        assign.add(fmt::format("'task', {}, 'cooperating', '单位', {}", task_id, coop));
        std::int64_t kpi = t % 10 == 0 ? ++kpi_id : 0;
        std::string kpi_latest = "NULL, NULL";
        for (int p = 0; p < 12; ++p) {
          const bool annual = p == 11;
          const std::string period =
              annual ? fmt::format("{}-年度", year) : fmt::format("{}-{:02}", year, p + 1);
          const int month = annual ? 12 : p + 1;
          const auto due = zt::unix_seconds(zt::shanghai_time(
              std::chrono::year{year} / std::chrono::month(unsigned(month)) / std::chrono::day{25},
              23, 59, 59));
          for (auto [unit, role] : {std::pair{lead, "lead"}, {coop, "cooperating"}}) {
            ++slot_id;
            auto roll = rng() % 100;
            const std::int64_t filed = due + (roll < 17 ? 3600 * 30 : -3600 * 24 * int(roll % 9));
            // 12 % never filed; nothing is filed after "now" (2024-12-20).
            if (roll < 12 || filed > kNow) {
              slots.add(fmt::format("{}, {}, {}, '{}', '{}', {}, NULL, 0, NULL", slot_id, task_id,
                                    unit, role, period, due));
              continue;
            }
            ++report_id;
            const int percent = std::min(100, month * 8 + int(roll % 10));
            slots.add(fmt::format("{}, {}, {}, '{}', '{}', {}, {}, 1, {}", slot_id, task_id, unit,
                                  role, period, due, filed, report_id));
            reports.add(fmt::format("{}, {}, 1, {}, {}, '本月按计划推进', {}, '正常推进', '', ''",
                                    report_id, slot_id, filed, filer, percent));
            if (kpi && std::string_view(role) == "lead") {
              figures.add(fmt::format("{}, {}, {}", report_id, kpi, month * 8));
              kpi_latest = fmt::format("{}, {}", month * 8, report_id);
            }
            last[{task_id, unit}] = fmt::format("{}, {}, '{}', {}, {}, {}, {}", task_id, unit, role,
                                                slot_id, report_id, percent, filed);
          }
        }
        if (kpi)
          kpis.add(fmt::format("{}, {}, '指标{}', '>=', 100, '个', '{}-12-31', {}, {}", kpi, notice,
                               t, year, task_id, kpi_latest));
      }
      for (const auto& [key, row] : last) latest.add(row);
      last.clear();
    }
    for (auto* l : {&notices, &tasks, &assign, &kpis, &slots, &reports, &figures, &latest})
      l->flush();
    return {};
  });
  if (!st) die(st.error());
  // PostgreSQL plans by statistics: give it fresh ones, as autovacuum would.
  // Fresh statistics (and, on PostgreSQL, the visibility map index-only scans need), as
  // autovacuum would have after a bulk load.
  (void)app.store().query(app.store().dialect() == zt::Dialect::kPostgres ? "VACUUM ANALYZE"
                                                                          : "ANALYZE");
  // Explicit ids above: move PostgreSQL's sequences past them.
  if (app.store().dialect() == zt::Dialect::kPostgres)
    for (const char* t : {"sv_notices", "sv_tasks", "sv_slots", "sv_reports", "sv_kpis"})
      (void)app.store().query(fmt::format(
          "SELECT setval(pg_get_serial_sequence('{}', 'id'), (SELECT MAX(id) FROM {}))", t, t));
}

struct Stats {
  double p50, p99, max;
};

Stats measure(const std::function<void()>& fn) {
  for (int i = 0; i < 3; ++i) fn();  // warm caches and statement caches
  std::vector<double> ms;
  for (int i = 0; i < kRuns; ++i) {
    auto t = Steady::now();
    fn();
    ms.push_back(std::chrono::duration<double, std::milli>(Steady::now() - t).count());
  }
  std::sort(ms.begin(), ms.end());
  auto at = [&](double q) {
    return ms[std::min(ms.size() - 1, std::size_t(q * double(ms.size())))];
  };
  return {at(0.5), at(0.99), ms.back()};
}

void run(const std::string& label, const std::string& url) {
  zt::ManualClock clock(zt::shanghai_time(std::chrono::year{2024} / 12 / 20, 10, 0, 0));
  zt::Config config;
  config.db_url = url;
  config.db_pool = 2;
  auto app = zt::App::open(config, &clock);
  if (!app) die(app.error());
  if (auto d = zt::load_demo(**app); !d) die(d.error());
  auto t0 = Steady::now();
  generate(**app);
  double gen = std::chrono::duration<double>(Steady::now() - t0).count();
  auto count = (*app)->store().query("SELECT COUNT(*) FROM sv_slots");
  auto reports = (*app)->store().query("SELECT COUNT(*) FROM sv_reports");
  std::printf("\n%s: %lld slots, %lld reports generated in %.1f s\n", label.c_str(),
              (long long)count->rows[0].i64(0), (long long)reports->rows[0].i64(0), gen);

  zt::Principal office;
  office.roles = {zt::Role::kOffice};
  zt::Principal unit = office;
  unit.roles = {zt::Role::kUnitReporter};
  auto first = (*app)->store().query("SELECT MIN(id) FROM units WHERE name LIKE '合成单位%'");
  unit.unit = zt::UnitId{first->rows[0].i64(0)};
  auto& d = (*app)->dashboard();
  auto must = [](auto r) {
    if (!r) die(r.error());
  };
  struct Row {
    const char* name;
    Stats s;
  };
  std::vector<Row> rows;
  rows.push_back({"baseline: naive filing SQL over reports", measure([&] {
                    must((*app)->store().query(
                        "SELECT s.unit_id, s.period, COUNT(*), SUM(CASE WHEN EXISTS (SELECT 1 FROM "
                        "sv_reports r WHERE r.slot_id = s.id) THEN 1 ELSE 0 END) FROM sv_slots s "
                        "WHERE s.period >= '2024-' AND s.period < '2024.' GROUP BY s.unit_id, "
                        "s.period"));
                  })});
  rows.push_back(
      {"dashboard: filing by unit × month", measure([&] { must(d.filing(office, 2024)); })});
  rows.push_back(
      {"dashboard: progress by section", measure([&] { must(d.sections(office, 2024)); })});
  rows.push_back({"dashboard: targets vs latest", measure([&] { must(d.targets(office, 2024)); })});
  rows.push_back({"dashboard: commitments", measure([&] { must(d.commitments(office, 2024)); })});
  rows.push_back({"dashboard: whole page (office)", measure([&] { must(d.build(office, 2024)); })});
  rows.push_back({"dashboard: whole page (one unit)", measure([&] { must(d.build(unit, 2024)); })});
  rows.push_back(
      {"bulletin 2024-06", measure([&] { must((*app)->reporting().bulletin("2024-06")); })});
  std::printf("%-38s %9s %9s %9s\n", "query (year 2024 of 10)", "p50 ms", "p99 ms", "max ms");
  for (const auto& r : rows)
    std::printf("%-38s %9.2f %9.2f %9.2f%s\n", r.name, r.s.p50, r.s.p99, r.s.max,
                r.s.p99 < 50 ? "" : "   ← over the 50 ms goal");
}

}  // namespace

int main() {
  auto dir = std::filesystem::temp_directory_path() / "zt-supervision-bench";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  run("SQLite", "sqlite:" + (dir / "bench.db").string());
  if (const char* pg = std::getenv("ZT_BENCH_PG_URL"); pg && *pg) run("PostgreSQL", pg);
  std::filesystem::remove_all(dir);
}
