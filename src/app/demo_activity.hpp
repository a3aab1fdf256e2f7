// The demo city in the middle of its year: months of progress reports (most on time, some late,
// some missing, a few revised), published bulletins, 督查 records, commitments done, enforcement
// cases in every state with decisions disclosed on /gs, a completed random inspection with
// results, 12345 complaints and a case-file review.
//
// Everything is made through the app's own routes as the demo users (the same rules, refusals
// and audit records as their clicks), at the dates the clock is moved to, and is reproducible:
// the fates come from hashes of the objects' names, not from a random generator.
#pragma once

#include <string>
#include <string_view>

#include "core/calendar.hpp"
#include "core/clock.hpp"
#include "core/config.hpp"
#include "core/error.hpp"

namespace zt {

class App;

// The seed gazette the demo imports (relative to the repository; paths.hpp finds it).
inline constexpr std::string_view kDemoGazette = "data/seed/sanmenxia-gazette-2024-02.txt";

// The demo's "today": Friday 20 September 2024, 10:00 in Sanmenxia, mid-year of the seed
// notice's reporting cycle (August's bulletin out, September's reports due on the 25th).
Instant demo_today();

struct DemoActivity {
  int reporters = 0;  // unit reporter accounts created
  int reports = 0;    // filings, revisions included
  int bulletins = 0;
  int inspections = 0;
  int cases = 0;
  int draws = 0;
  int complaints = 0;
  bool skipped = false;  // the database already had the activity
};

// Loads the activity from 1 March up to `today` into a database that holds the demo's units,
// users, the seed gazette and the enforcement rules (load_demo). `app` must have been opened with
// `clock`; the clock is left at `today`. Skipped when reports were filed before.
Result<DemoActivity> load_demo_activity(App& app, ManualClock& clock, Instant today);

struct DemoOptions {
  std::string gazette;   // the seed gazette (data/seed/…); its folder's sibling data/demo too
  std::string gtfs;      // a GTFS zip for the transit module, or empty
  bool activity = true;  // the year's activity up to demo_today() (load_demo_activity)
};
// `zhengtong demo`: the organisation, users, gazette and rules (load_demo), then the activity on
// a clock moved through the demo's year (so its records carry their own dates), then the transit
// feed; prints what it loaded. Each part is skipped when already loaded.
Status load_demo_database(const Config& config, const DemoOptions& options);

}  // namespace zt
