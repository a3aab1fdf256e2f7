// Reminders for unfiled reports: once a day per unit, a message listing the unit's slots due
// within N days or overdue, addressed to its reporters and leaders, queued in the outbox.
#pragma once

#include "core/clock.hpp"
#include "core/store.hpp"
#include "supervision/reporting.hpp"

namespace zt::supervision {

struct ReminderRun {
  int units = 0;   // units with something to file
  int queued = 0;  // messages queued now (0 for a unit already reminded today)
};

// Queues today's reminders (dedupe key "sv-remind:<unit>:<YYYY-MM-DD>").
Result<ReminderRun> queue_reminders(Store& store, Reporting& reporting, const Clock& clock,
                                    int days);

}  // namespace zt::supervision
