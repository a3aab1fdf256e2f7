// The monthly reporting cycle: a report slot per task × responsible unit × period, its state
// (未报 / 按时 / 迟报 / 补报) from the deadline to the minute in Asia/Shanghai, reports with their
// revisions, and the month's bulletin (通报).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/audit.hpp"
#include "core/auth.hpp"
#include "core/calendar.hpp"
#include "core/clock.hpp"
#include "core/store.hpp"
#include "supervision/ids.hpp"

namespace zt::supervision {

// "每月25日前 … 12月25日前报告全年": monthly periods from `first_month` to November, then the
// year-end report; each due at 23:59:59 Shanghai time on `day`.
struct ReportingPlan {
  int year = 2024;
  unsigned first_month = 3;
  unsigned day = 25;
};

struct Period {
  std::string key;    // "2024-03" or "2024-年度"
  std::string label;  // "2024年3月" / "2024年度"
  Instant due;
};
std::vector<Period> periods_of(const ReportingPlan& plan);
// Whether `key` is a period key periods_of() can make: "YYYY-MM" (month 01–12) or "YYYY-年度",
// the year 2000–2100. Anything else is refused before it reaches a query or a page.
bool is_period_key(std::string_view key);

// Filed after the deadline but before the bulletin flagged it: 迟报; after being flagged: 补报.
SlotState slot_state(Instant due, std::optional<Instant> first_filed,
                     std::optional<Instant> flagged);

// A figure reported against one of the task's numeric targets (sv_kpis).
struct Figure {
  std::int64_t kpi_id = 0;
  double value = 0;
};

struct NewReport {
  std::string progress;
  int percent = 0;
  ReportStatus status = ReportStatus::kOnTrack;
  std::string problems;
  std::string next_steps;
  std::vector<Figure> figures;
};

// A numeric target a slot's reports give figures for: those in the task's own text, and those
// of the notice's 预期目标 that the slot's unit answers for (生产总值增长6.5% for 市发展改革委).
struct KpiView {
  std::int64_t id = 0;
  std::string indicator, comparator, unit, by;
  double value = 0;
};

struct SlotView {
  SlotId id;
  TaskId task_id;
  int task_no = 0;
  std::string task_text;
  UnitId unit_id;
  std::string unit_name;
  std::string role;  // lead / cooperating
  std::string period;
  Instant due;
  SlotState state = SlotState::kNotFiled;
  bool overdue = false;
  int revisions = 0;
  std::optional<NewReport> latest;
  std::optional<Instant> latest_filed_at;
  std::optional<Instant> reminded_at;  // the office's last 催报 (remind_slot)
};

// The states a list of slots is filtered by: a slot's SlotState, and 逾期未报 (not filed, past
// its deadline).
enum class StateFilter { kNotFiled, kOverdue, kOnTime, kLate, kSupplemented };
// 未报 逾期未报 按时 迟报 补报; nullopt for anything else.
std::optional<StateFilter> parse_state_filter(std::string_view label);

// Which slots of a period a list shows; each field set narrows it.
struct SlotQuery {
  std::string period;
  std::optional<std::vector<UnitId>> units;  // these units only (none: nothing matches)
  std::optional<StateFilter> state;
  std::string keyword;  // the task's number, or a part of its text
  int page = 1;         // from 1
  int per_page = 0;     // 0: every matching slot on one page
};
struct SlotPage {
  std::vector<SlotView> slots;  // the page, in the list's order (task number, lead first, unit)
  int total = 0;                // slots matching the query
  int period_total = 0;         // slots of the period in the principal's scope, unfiltered
};

// The month's bulletin (通报) as data: what the API serialises and the page and workbook print.
struct BulletinUnit {
  int rank = 0;  // 1 = best on-time rate; equal scores share a rank (1, 2, 2, 4)
  std::string unit;
  int due = 0, on_time = 0, late = 0, supplemented = 0, missing = 0;
  double on_time_rate = 0;         // percent, one decimal
  std::vector<int> missing_tasks;  // task numbers not filed
};
// A lead unit's latest report of the period that says 滞后 or 受阻.
struct BulletinBehind {
  int task_no = 0;
  std::string task, unit;
  ReportStatus status = ReportStatus::kBehind;
  int percent = 0;
  std::string problems;
};
// A numeric target's figure of the bulletin's month: the latest a unit reported in a report of
// that period, else the month's automatic figure (system_figures.hpp).
struct BulletinTarget {
  std::int64_t kpi_id = 0;
  std::string notice, indicator, comparator, unit;
  double target = 0, value = 0;
  std::string source;  // the reporting unit's name, or kSystemSourceLabel
  bool system = false;
  std::string query;  // a system figure's
  std::int64_t count = 0;
  bool met = false;
};
struct Bulletin {
  std::string period;
  Instant generated_at;
  // Set once published: its 文号 (三督查通报〔2024〕3号) and when.
  std::optional<std::string> doc_no;
  std::optional<Instant> published_at;
  struct Totals {
    int due = 0, filed = 0, on_time = 0;
    double on_time_rate = 0;  // percent, one decimal
  } totals;
  std::vector<BulletinUnit> units;  // ranked
  std::vector<BulletinBehind> behind;
  std::vector<BulletinTarget> targets;  // those with a figure for the month, by target id
};

// The prefix of a bulletin's 文号: the office's 通报 series in 三门峡 (三 for the city, as in
// 三政办〔2024〕4号).
inline constexpr std::string_view kBulletinDocPrefix = "三督查通报";
// "三督查通报〔2024〕3号": the `seq`-th bulletin published in `year`.
std::string bulletin_doc_no(int year, int seq);
// The date the document carries: its publication day, or today's for a draft (Shanghai).
Date bulletin_date(const Bulletin& b);
// Orders `units` best first — on-time rate, then the share filed at all, then name — and ranks
// them: units with the same rate and share share a rank and the next rank skips (1, 2, 2, 4).
void rank_units(std::vector<BulletinUnit>& units);

// What publishing a bulletin did.
struct Publication {
  int flagged = 0;        // slots still missing, now flagged (later filings count as 补报)
  std::string doc_no;     // its 文号, given at the first publication and kept after
  bool numbered = false;  // this call gave the number
};

class Reporting {
 public:
  Reporting(Store& store, const Clock& clock) : store_(store), clock_(clock) {}

  // Creates the slots of a notice's tasks for every resolved responsible unit; existing slots
  // are kept. Returns how many were created.
  Result<int> plan(const std::string& doc_no, const ReportingPlan& plan, const Actor& actor);
  // Slots of a period in the principal's scope (own unit; all for cross-unit roles).
  Result<std::vector<SlotView>> slots(const Principal& p, const std::string& period);
  // A page of a period's slots in the principal's scope, filtered on the server
  // (reporting_list.cpp).
  Result<SlotPage> list_slots(const Principal& p, const SlotQuery& q);
  // Every slot of a task the principal may see, by may_see_slot's rule applied to them at once
  // (the task page); the caller checked may_see_task.
  Result<std::vector<SlotView>> task_slots(const Principal& p, TaskId task);
  // Whether any report was ever filed (the demo loads its year once).
  Result<bool> any_report_filed();
  // One slot, if the principal may see it (may_see_slot): every route that touches a slot or
  // what hangs off it (reports, figures, attachments) goes through here.
  Result<SlotView> slot(const Principal& p, SlotId id);
  // Own unit's slots; cross-unit roles; the task's responsible leader; and a lead unit for the
  // cooperating units' slots of its task and period (not a co-lead's).
  Result<bool> may_see_slot(const Principal& p, const SlotView& s);
  // Files (or revises) the report of a slot of the principal's own unit; `request_id` goes into
  // the audit record.
  Result<SlotView> file(const Principal& p, SlotId slot_id, const NewReport& r,
                        const std::string& request_id = {});
  // Unfiled slots of the principal's scope that are overdue or due within `days` days, soonest
  // first: the reporter's to-do list.
  Result<std::vector<SlotView>> todo(const Principal& p, int days);
  Result<std::vector<KpiView>> targets_of(TaskId task_id, UnitId unit_id);
  // Per task, the lead unit's most recent report across periods.
  Result<std::map<TaskId, SlotView>> latest_by_task();
  // The bulletin of a period: per unit filing figures, ranking, missing and behind.
  Result<Bulletin> bulletin(const std::string& period);
  // Publishes the bulletin: slots still missing are flagged, so later filings count as 补报. The
  // first publication of a period numbers it, in publication order within its (Shanghai) year;
  // publishing again flags what is missing since and keeps the number.
  Result<Publication> publish_bulletin(const std::string& period, const Actor& actor);

 private:
  // `limit` ("LIMIT n OFFSET m" or "") follows the list's ORDER BY.
  Result<std::vector<SlotView>> query_slots(const std::string& where, std::vector<Param> params,
                                            const std::string& limit = "");
  Store& store_;
  const Clock& clock_;
};

// The bulletin as a printable A4 page in the layout of an official 通报: masthead, 文号 (once
// published), the signature dated in Chinese (chinese_date). With `print_dialog` the page loads
// /bulletin-print.js, which opens the browser's print dialog.
std::string bulletin_html(const Bulletin& bulletin, const std::string& issuer,
                          bool print_dialog = false);

}  // namespace zt::supervision
