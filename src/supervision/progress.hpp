// 序时进度 (time-proportional expected progress) and the colour a task shows: green on schedule,
// yellow behind it, red overdue. A task that was red and catches up shows yellow, not green, as
// supervision offices mark it; every change of colour is kept with its time.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/auth.hpp"
#include "core/clock.hpp"
#include "core/store.hpp"
#include "supervision/ids.hpp"

namespace zt::supervision {

enum class Colour { kGreen, kYellow, kRed };
std::string_view colour_name(Colour c);   // green yellow red
std::string_view colour_label(Colour c);  // 正常 滞后 逾期

// Expected percent at `now` for a task running from `start` to `deadline` (0..100).
double expected_percent(Instant start, Instant deadline, Instant now);
// The colour from expected and reported progress; `was_red` keeps a caught-up task yellow.
Colour colour_of(double expected, int reported, bool overdue, bool was_red);

struct TaskProgress {
  TaskId task_id;
  int no = 0;
  std::string text;
  std::string section;
  std::string section_title;
  double expected = 0;
  int reported = 0;  // the lead units' latest percent (lowest of them), 0 if none
  Colour colour = Colour::kGreen;
  std::vector<std::pair<std::string, std::string>> history;  // (time, colour)
};

class ProgressBoard {
 public:
  ProgressBoard(Store& store, const Clock& clock) : store_(store), clock_(clock) {}
  // Evaluates every task in the principal's scope now, records colour changes, returns the board.
  // A task runs from its notice's issue date to the end of that year.
  // With `year`, only the work plans (notices) issued that year.
  Result<std::vector<TaskProgress>> evaluate(const Principal& p, std::optional<int> year = {});

 private:
  Store& store_;
  const Clock& clock_;
};

}  // namespace zt::supervision
