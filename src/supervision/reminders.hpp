// Reminders for unfiled reports: once a day per unit, a message listing the unit's slots due
// within N days or overdue, addressed to its reporters and leaders, queued in the outbox; and the
// office's own reminder (催报) of one slot from the 进展报送 list.
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

// The 24 hours within which a slot is not reminded again.
inline constexpr std::chrono::seconds kRemindInterval{86400};

struct SlotReminder {
  SlotView slot;       // after the reminder (reminded_at set)
  int recipients = 0;  // the unit's reporters and leaders addressed
};

// 催报: the office (supervision.manage) reminds the unit of a slot past its deadline and not
// filed, through the outbox, audited on the slot's task. Refused (kConflict): a slot already
// filed, one not yet due (the daily reminders cover those), one reminded within kRemindInterval
// (naming when); the slot's visibility as Reporting::slot.
Result<SlotReminder> remind_slot(Store& store, Reporting& reporting, const Clock& clock,
                                 const Principal& p, SlotId slot, const std::string& request_id);

}  // namespace zt::supervision
