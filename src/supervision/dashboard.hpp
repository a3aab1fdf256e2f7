// The office's dashboard for a year's work plans: filing rate by unit and month, progress by
// section （一）…（九）, numeric targets against their latest reported figures, and dated
// commitments that are overdue or coming up. Each part is limited to the principal's scope.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/auth.hpp"
#include "core/clock.hpp"
#include "core/store.hpp"
#include "supervision/progress.hpp"
#include "supervision/system_figures.hpp"

namespace zt::supervision {

// Whether `latest` meets a target: >= > <= as written; "=" (增长7%) when reached; "~" (左右)
// within 10 % of the value.
bool target_met(const std::string& comparator, double target, double latest);

// Filing by unit and period: the share of slots filed (percent, one decimal), nullopt for a
// period not due yet or with nothing to file.
struct FilingUnit {
  UnitId unit_id;
  std::string unit;
  std::vector<std::optional<double>> rates;  // one per Filing::periods
  std::optional<double> rate;                // over the due periods
};
struct Filing {
  std::vector<std::string> periods;  // months in order, the year-end report last
  std::vector<FilingUnit> units;
  std::vector<std::optional<double>> overall, on_time;  // one per period, all units
};

// Progress of one section （一）…（九） of the year's tasks.
struct SectionProgress {
  std::string section, title;
  int tasks = 0;
  double avg_reported = 0, avg_expected = 0;  // percent, one decimal
  int green = 0, yellow = 0, red = 0;
};

// Where a numeric target (sv_kpis) stands against its latest figure: a unit's report, or the
// month's automatic figure when no unit reported that period or a later one.
enum class TargetKind { kTask, kTarget, kNotice };  // a task's own, a 预期目标, the notice's
std::string_view target_kind_name(TargetKind k);    // task target notice
struct TargetStatus {
  std::int64_t id = 0;
  std::string indicator, comparator;
  double value = 0;
  std::string unit, by, notice;
  TargetKind kind = TargetKind::kNotice;
  struct Latest {
    double value = 0;
    std::string period, unit;  // unit: who reported it, or kSystemSourceLabel
    Instant filed_at;          // or when the system computed it
    bool system = false;       // the automatic figure (no unit reported the period or later)
    std::string query;         // a system figure's query
    std::int64_t count = 0;    // what a system figure counted
  };
  std::optional<Latest> latest;     // none reported or computed yet
  std::optional<bool> met;          // with latest
  std::vector<SystemFigure> trend;  // the year's automatic figures, by month
};

// A dated commitment (承诺事项) and how far its deadline is.
struct CommitmentView {
  std::int64_t id = 0;
  std::string notice, text, deadline;
  std::vector<std::string> units;
  bool done = false;
  std::string done_note;
  int days_left = 0;  // negative: past the deadline
  bool overdue = false;
};
struct Commitments {
  int overdue = 0, open = 0, done = 0;
  std::vector<CommitmentView> items;  // by deadline
};

struct DashboardView {
  int year = 0;
  Filing filing;
  std::vector<SectionProgress> sections;
  std::vector<TargetStatus> targets;
  Commitments commitments;
};

// Thread-safety: as the store; holds no state of its own.
class Dashboard {
 public:
  Dashboard(Store& store, ProgressBoard& progress, const Clock& clock)
      : store_(store), progress_(progress), clock_(clock) {}

  Result<DashboardView> build(const Principal& p, int year);
  Result<Filing> filing(const Principal& p, int year);
  Result<std::vector<SectionProgress>> sections(const Principal& p, int year);
  Result<std::vector<TargetStatus>> targets(const Principal& p, int year);
  Result<Commitments> commitments(const Principal& p, std::optional<int> year);

  // A commitment met: the office, or a unit it is assigned to, marks it done (audited).
  Status mark_done(const Principal& p, std::int64_t commitment_id, const std::string& note,
                   const std::string& request_id);

 private:
  Store& store_;
  ProgressBoard& progress_;
  const Clock& clock_;
};

}  // namespace zt::supervision
