// The permission matrix with real objects: every route the router has × every role × an object
// of the caller's own unit and one of another unit. Each module's objects (report slots, their
// attachments, 督查 records, commitments, tasks; cases, evidence, draws, complaints, publications;
// users and units) are created for two units first, so an object route answers for a real object
// rather than a 404 for a missing one.
//
// The expectations are derived from what each route declares (its Permission and object Scope,
// listed by the router) and the one role table (permission_table in core/auth.cpp), plus a short
// table of intended exceptions: routes whose handler narrows further (by the act, the object's
// state or the unit's kind). Every route must also say how it is called (walks() below): a route
// added without an entry fails the test until someone gives it a target and a body.
#include <cstring>
#include <fstream>
#include <set>

#include <gtest/gtest.h>

#include "support/app_fixture.hpp"
#include "support/test_store.hpp"
#include "transit/dispatch/dispatch_store.hpp"
#include "transit/flow/flow_store.hpp"

namespace zt {
namespace {

using nlohmann::json;
using test::HttpClient;

// The callers: one per role, and two unit leaders (an enforcement unit's and another unit's, who
// see different things in the enforcement module).
enum class Who {
  kAdmin,
  kOffice,
  kReporter,
  kLeader,
  kLeaderEf,
  kOfficer,
  kReviewer,
  kJustice,
  kDispatcher,
  kPlanner
};
struct Caller {
  Who who;
  const char* username;
  const char* unit;
  Role role;
};
const Caller kCallers[] = {
    {Who::kAdmin, "admin", "三门峡市人民政府办公室", Role::kAdmin},
    {Who::kOffice, "ducha", "三门峡市人民政府办公室", Role::kOffice},
    {Who::kReporter, "fgw_tb", "三门峡市发展和改革委员会", Role::kUnitReporter},
    {Who::kLeader, "fgw_ld", "三门峡市发展和改革委员会", Role::kUnitLeader},
    {Who::kLeaderEf, "scjg_ld", "三门峡市市场监督管理局", Role::kUnitLeader},  // created below
    {Who::kOfficer, "scjg_zf1", "三门峡市市场监督管理局", Role::kEnforcementOfficer},
    {Who::kReviewer, "scjg_fz", "三门峡市市场监督管理局", Role::kLegalReviewer},
    {Who::kJustice, "sfj_jd", "三门峡市司法局", Role::kJusticeSupervisor},
    {Who::kDispatcher, "gj_dd", "三门峡市公共交通有限公司", Role::kDispatcher},
    {Who::kPlanner, "jt_gh", "三门峡市交通运输局", Role::kPlanner},
};

using Whos = std::set<Who>;
const Whos kNobody = {};

// What fills {id}: an object held by a unit (kNone: the route has no unit-owned object).
enum class Obj {
  kNone,
  kUnit,
  kUser,
  kTask,
  kSlot,
  kSvAttachment,
  kInspection,
  kCommitment,
  kPerson,
  kCase,
  kEvidence,
  kDraw,
  kComplaint,
  kPublication,
  kAlarm,
  kAdvice,
};

// kOk: a 2xx. kReached: the handler got past authorisation and found the object (any answer but
// 401/403/404 and 5xx), for writes whose outcome depends on the state earlier callers left.
enum class Want { kOk, kReached };

// How one route is called. Who may call it is not written here: it follows from the route.
struct Walk {
  std::string method, pattern;
  std::string target;  // the pattern with "{id}" (if any) left for the object
  Obj obj = Obj::kNone;
  std::string body;
  Want want = Want::kOk;
  bool skip = false;  // not walked (login, logout, the public complaint form)
};

// Bodies that pass validation, so that a refusal is the authorisation's and not the input's.
const std::string kReport =
    R"({"progress":"按计划推进","percent":40,"status":"正常推进","problems":"","next_steps":"继续"})";

std::vector<Walk> walks() {
  using W = Want;
  // One route to an entry, read as a table.
  // clang-format off
  std::vector<Walk> m = {
      // Core.
      {"GET", "/healthz", "/healthz", Obj::kNone, "", W::kOk},
      {"GET", "/metrics", "/metrics", Obj::kNone, "", W::kOk},
      {"POST", "/api/v1/auth/login", "", Obj::kNone, "", W::kOk, true},
      {"POST", "/api/v1/auth/logout", "", Obj::kNone, "", W::kOk, true},
      {"GET", "/api/v1/auth/me", "/api/v1/auth/me", Obj::kNone, "", W::kOk},
      {"GET", "/api/v1/units", "/api/v1/units", Obj::kNone, "", W::kOk},
      {"POST", "/api/v1/units", "/api/v1/units", Obj::kNone, "{}", W::kReached},
      {"PATCH", "/api/v1/units/{id}", "/api/v1/units/{id}", Obj::kUnit, "{}", W::kReached},
      {"POST", "/api/v1/units/{id}/aliases", "/api/v1/units/{id}/aliases", Obj::kUnit, "{}", W::kReached},
      {"GET", "/api/v1/users", "/api/v1/users?unit_id={id}", Obj::kUnit, "", W::kOk},
      {"POST", "/api/v1/users", "/api/v1/users", Obj::kNone, "{}", W::kReached},
      {"GET", "/api/v1/users/{id}", "/api/v1/users/{id}", Obj::kUser, "", W::kOk},
      {"PATCH", "/api/v1/users/{id}", "/api/v1/users/{id}", Obj::kUser, "{}", W::kReached},
      {"POST", "/api/v1/users/{id}/password", "/api/v1/users/{id}/password", Obj::kUser, "{}", W::kReached},
      {"POST", "/api/v1/users/{id}/disable", "/api/v1/users/{id}/disable", Obj::kUser, "{}", W::kReached},
      {"POST", "/api/v1/users/{id}/enable", "/api/v1/users/{id}/enable", Obj::kUser, "{}", W::kReached},
      {"POST", "/api/v1/users/{id}/unlock", "/api/v1/users/{id}/unlock", Obj::kUser, "{}", W::kReached},
      {"GET", "/api/v1/users/{id}/certificates", "/api/v1/users/{id}/certificates", Obj::kUser, "", W::kOk},
      {"POST", "/api/v1/users/{id}/certificates", "/api/v1/users/{id}/certificates", Obj::kUser, "{}", W::kReached},
      {"POST", "/api/v1/users/{id}/certificates/{cert}/revoke", "/api/v1/users/{id}/certificates/1/revoke", Obj::kUser, "{}", W::kReached},
      // A task's history: whoever may see the task (its units, the office, admins, the bureau).
      {"GET", "/api/v1/audit", "/api/v1/audit?object=task:{id}", Obj::kTask, "", W::kOk},
      // The first record (the city's first unit): a unit's history is everyone's to read.
      {"GET", "/api/v1/audit/records/{seq}", "/api/v1/audit/records/1", Obj::kNone, "", W::kOk},
      {"GET", "/api/v1/audit/verify", "/api/v1/audit/verify", Obj::kNone, "", W::kOk},
      {"GET", "/api/v1/calendar/working-days", "/api/v1/calendar/working-days?from=2024-03-01&to=2024-03-31", Obj::kNone, "", W::kReached},
      {"GET", "/api/v1/calendar/add-working-days", "/api/v1/calendar/add-working-days?from=2024-03-01&n=5", Obj::kNone, "", W::kReached},
      {"GET", "/api/v1/calendar/{year}", "/api/v1/calendar/2024", Obj::kNone, "", W::kOk},
      {"GET", "/api/v1/identifiers/check", "/api/v1/identifiers/check?type=uscc&value=91411200MA44X0A1XK", Obj::kNone, "", W::kReached},
      {"GET", "/api/v1/outbox", "/api/v1/outbox", Obj::kNone, "", W::kOk},
      // 督查督办.
      {"POST", "/api/v1/supervision/plan", "/api/v1/supervision/plan", Obj::kNone, R"({"doc_no":"三政办〔2024〕9号","year":2024})", W::kOk},
      {"GET", "/api/v1/supervision/periods", "/api/v1/supervision/periods", Obj::kNone, "", W::kOk},
      {"GET", "/api/v1/supervision/slots", "/api/v1/supervision/slots?period=2024-03", Obj::kNone, "", W::kOk},
      {"GET", "/api/v1/supervision/slots/{id}", "/api/v1/supervision/slots/{id}", Obj::kSlot, "", W::kOk},
      {"POST", "/api/v1/supervision/slots/{id}/reports", "/api/v1/supervision/slots/{id}/reports", Obj::kSlot, kReport, W::kOk},
      {"GET", "/api/v1/supervision/slots/{id}/targets", "/api/v1/supervision/slots/{id}/targets", Obj::kSlot, "", W::kOk},
      {"GET", "/api/v1/supervision/slots/{id}/attachments", "/api/v1/supervision/slots/{id}/attachments", Obj::kSlot, "", W::kOk},
      {"POST", "/api/v1/supervision/slots/{id}/attachments", "/api/v1/supervision/slots/{id}/attachments?name=minutes.txt", Obj::kSlot, "会议纪要", W::kOk},
      {"GET", "/api/v1/supervision/attachments/{id}", "/api/v1/supervision/attachments/{id}", Obj::kSvAttachment, "", W::kOk},
      {"GET", "/api/v1/supervision/bulletins/{period}", "/api/v1/supervision/bulletins/2024-03", Obj::kNone, "", W::kOk},
      {"GET", "/api/v1/supervision/bulletins/{period}/print", "/api/v1/supervision/bulletins/2024-03/print", Obj::kNone, "", W::kOk},
      {"GET", "/api/v1/supervision/bulletins/{period}/xlsx", "/api/v1/supervision/bulletins/2024-03/xlsx", Obj::kNone, "", W::kOk},
      {"POST", "/api/v1/supervision/bulletins/{period}/publish", "/api/v1/supervision/bulletins/2024-02/publish", Obj::kNone, "{}", W::kReached},
      {"GET", "/api/v1/supervision/progress", "/api/v1/supervision/progress", Obj::kNone, "", W::kOk},
      {"GET", "/api/v1/supervision/todo", "/api/v1/supervision/todo", Obj::kNone, "", W::kOk},
      {"GET", "/api/v1/supervision/tasks", "/api/v1/supervision/tasks", Obj::kNone, "", W::kOk},
      {"GET", "/api/v1/supervision/tasks/{id}", "/api/v1/supervision/tasks/{id}", Obj::kTask, "", W::kOk},
      {"GET", "/api/v1/supervision/units", "/api/v1/supervision/units?q=%E5%8F%91%E6%94%B9%E5%A7%94", Obj::kNone, "", W::kOk},
      // 催报 of a slot: the office's; a second one within the day, or of a filed slot, is a 409.
      {"POST", "/api/v1/supervision/slots/{id}/remind", "/api/v1/supervision/slots/{id}/remind", Obj::kSlot, "{}", W::kReached},
      {"GET", "/api/v1/supervision/notices", "/api/v1/supervision/notices", Obj::kNone, "", W::kOk},
      {"POST", "/api/v1/supervision/gazette/preview", "/api/v1/supervision/gazette/preview", Obj::kNone, R"({"text":"无"})", W::kReached},
      {"POST", "/api/v1/supervision/gazette/import", "/api/v1/supervision/gazette/import", Obj::kNone, R"({"text":"无"})", W::kReached},
      {"GET", "/api/v1/supervision/ledger.xlsx", "/api/v1/supervision/ledger.xlsx", Obj::kNone, "", W::kOk},
      {"POST", "/api/v1/supervision/ledger/import", "/api/v1/supervision/ledger/import", Obj::kNone, "not a workbook", W::kReached},
      {"GET", "/api/v1/supervision/dashboard", "/api/v1/supervision/dashboard?year=2024", Obj::kNone, "", W::kOk},
      {"GET", "/api/v1/supervision/commitments", "/api/v1/supervision/commitments", Obj::kNone, "", W::kOk},
      {"POST", "/api/v1/supervision/commitments/{id}/done", "/api/v1/supervision/commitments/{id}/done", Obj::kCommitment, R"({"note":"已完成"})", W::kReached},
      {"POST", "/api/v1/supervision/reminders/run", "/api/v1/supervision/reminders/run", Obj::kNone, "{}", W::kOk},
      {"GET", "/api/v1/supervision/people", "/api/v1/supervision/people", Obj::kNone, "", W::kOk},
      {"PATCH", "/api/v1/supervision/people/{id}", "/api/v1/supervision/people/{id}", Obj::kPerson, R"({"user_id":null})", W::kOk},
      {"GET", "/api/v1/supervision/inspections", "/api/v1/supervision/inspections", Obj::kNone, "", W::kOk},
      {"POST", "/api/v1/supervision/inspections", "/api/v1/supervision/inspections", Obj::kNone, "{}", W::kReached},
      // The task's lead unit rectifies; the office closes (after a rectification: kReached).
      {"POST", "/api/v1/supervision/inspections/{id}/rectification", "/api/v1/supervision/inspections/{id}/rectification", Obj::kInspection, R"({"rectification":"已整改"})", W::kOk},
      {"POST", "/api/v1/supervision/inspections/{id}/close", "/api/v1/supervision/inspections/{id}/close", Obj::kInspection, R"({"closure":"同意销号"})", W::kReached},
      // 行政执法.
      {"GET", "/api/v1/enforcement/meta", "/api/v1/enforcement/meta", Obj::kNone, "", W::kOk},
      {"GET", "/api/v1/enforcement/acts", "/api/v1/enforcement/acts", Obj::kNone, "", W::kOk},
      {"GET", "/api/v1/enforcement/cases", "/api/v1/enforcement/cases", Obj::kNone, "", W::kOk},
      {"POST", "/api/v1/enforcement/cases", "/api/v1/enforcement/cases", Obj::kNone, "{}", W::kReached},
      {"GET", "/api/v1/enforcement/cases/{id}", "/api/v1/enforcement/cases/{id}", Obj::kCase, "", W::kOk},
      {"POST", "/api/v1/enforcement/cases/{id}/actions/{action}", "/api/v1/enforcement/cases/{id}/actions/evidence", Obj::kCase, R"({"officers":["scjg_zf1","scjg_zf2"],"description":"现场笔录"})", W::kReached},
      {"GET", "/api/v1/enforcement/cases/{id}/documents/{kind}", "/api/v1/enforcement/cases/{id}/documents/filing", Obj::kCase, "", W::kOk},
      {"POST", "/api/v1/enforcement/cases/{id}/attachments", "/api/v1/enforcement/cases/{id}/attachments?name=photo.jpg", Obj::kCase, "\xff\xd8\xff\xe0 photo", W::kOk},
      {"GET", "/api/v1/enforcement/cases/{id}/attachments", "/api/v1/enforcement/cases/{id}/attachments", Obj::kCase, "", W::kOk},
      {"GET", "/api/v1/enforcement/attachments/{id}", "/api/v1/enforcement/attachments/{id}", Obj::kEvidence, "", W::kOk},
      {"GET", "/api/v1/enforcement/todo", "/api/v1/enforcement/todo", Obj::kNone, "", W::kOk},
      {"GET", "/api/v1/enforcement/rules", "/api/v1/enforcement/rules", Obj::kNone, "", W::kOk},
      {"PUT", "/api/v1/enforcement/settings/{name}", "/api/v1/enforcement/settings/statement_days", Obj::kNone, "{}", W::kReached},
      {"POST", "/api/v1/enforcement/catalogue", "/api/v1/enforcement/catalogue", Obj::kNone, "{}", W::kReached},
      {"POST", "/api/v1/enforcement/benchmarks", "/api/v1/enforcement/benchmarks", Obj::kNone, "{}", W::kReached},
      {"POST", "/api/v1/enforcement/devices", "/api/v1/enforcement/devices", Obj::kNone, "{}", W::kReached},
      {"POST", "/api/v1/enforcement/conflicts", "/api/v1/enforcement/conflicts", Obj::kNone, "{}", W::kReached},
      {"GET", "/api/v1/enforcement/stats", "/api/v1/enforcement/stats", Obj::kNone, "", W::kOk},
      {"GET", "/api/v1/enforcement/stats.xlsx", "/api/v1/enforcement/stats.xlsx", Obj::kNone, "", W::kOk},
      {"GET", "/api/v1/enforcement/reviews/checklist", "/api/v1/enforcement/reviews/checklist", Obj::kNone, "", W::kOk},
      {"GET", "/api/v1/enforcement/reviews", "/api/v1/enforcement/reviews", Obj::kNone, "", W::kOk},
      {"POST", "/api/v1/enforcement/reviews/sample", "/api/v1/enforcement/reviews/sample", Obj::kNone, R"({"count":1,"seed":"评查"})", W::kReached},
      {"POST", "/api/v1/enforcement/cases/{id}/file-review", "/api/v1/enforcement/cases/{id}/file-review", Obj::kCase, R"({"scores":{}})", W::kReached},
      {"POST", "/api/v1/public/complaints", "", Obj::kNone, "", W::kOk, true},
      {"GET", "/api/v1/enforcement/complaints", "/api/v1/enforcement/complaints", Obj::kNone, "", W::kOk},
      {"POST", "/api/v1/enforcement/complaints", "/api/v1/enforcement/complaints", Obj::kNone, "{}", W::kReached},
      {"POST", "/api/v1/enforcement/complaints/{id}/refer", "/api/v1/enforcement/complaints/{id}/refer", Obj::kComplaint, R"({"unit":"市市场监管局"})", W::kReached},
      {"POST", "/api/v1/enforcement/complaints/{id}/reply", "/api/v1/enforcement/complaints/{id}/reply", Obj::kComplaint, R"({"reply":"已核实"})", W::kReached},
      {"POST", "/api/v1/enforcement/complaints/{id}/close", "/api/v1/enforcement/complaints/{id}/close", Obj::kComplaint, R"({"satisfaction":"满意"})", W::kReached},
      {"GET", "/api/v1/enforcement/officers", "/api/v1/enforcement/officers", Obj::kNone, "", W::kOk},
      {"GET", "/api/v1/enforcement/publications", "/api/v1/enforcement/publications", Obj::kNone, "", W::kOk},
      {"POST", "/api/v1/enforcement/publications", "/api/v1/enforcement/publications", Obj::kNone, R"({"kind":"licensing","title":"准予许可","party_kind":"organisation","party_name":"某公司","decided_on":"2024-03-01"})", W::kOk},
      {"POST", "/api/v1/enforcement/publications/{id}/publish", "/api/v1/enforcement/publications/{id}/publish", Obj::kPublication, "{}", W::kReached},
      {"POST", "/api/v1/enforcement/publications/{id}/withdraw", "/api/v1/enforcement/publications/{id}/withdraw", Obj::kPublication, "{}", W::kReached},
      {"GET", "/api/v1/public/decisions", "/api/v1/public/decisions", Obj::kNone, "", W::kOk},
      {"GET", "/api/v1/public/inspection-results", "/api/v1/public/inspection-results", Obj::kNone, "", W::kOk},
      {"POST", "/api/v1/enforcement/entities/import", "/api/v1/enforcement/entities/import", Obj::kNone, "uscc,name,credit_class\n", W::kOk},
      {"POST", "/api/v1/enforcement/inspectors/import", "/api/v1/enforcement/inspectors/import", Obj::kNone, "姓名,执法证号,有效期至,执法领域\n", W::kOk},
      {"GET", "/api/v1/enforcement/entities", "/api/v1/enforcement/entities", Obj::kNone, "", W::kOk},
      {"GET", "/api/v1/enforcement/inspectors", "/api/v1/enforcement/inspectors", Obj::kNone, "", W::kOk},
      {"GET", "/api/v1/enforcement/draws", "/api/v1/enforcement/draws", Obj::kNone, "", W::kOk},
      {"POST", "/api/v1/enforcement/draws", "/api/v1/enforcement/draws", Obj::kNone, "{}", W::kReached},
      {"GET", "/api/v1/enforcement/draws/{id}", "/api/v1/enforcement/draws/{id}", Obj::kDraw, "", W::kOk},
      {"GET", "/api/v1/enforcement/draws/{id}/verify", "/api/v1/enforcement/draws/{id}/verify", Obj::kDraw, "", W::kOk},
      {"POST", "/api/v1/enforcement/draws/{id}/redraw", "/api/v1/enforcement/draws/{id}/redraw", Obj::kDraw, R"({"seed":"另一种子","reason":"人员调整"})", W::kReached},
      {"POST", "/api/v1/enforcement/draws/{id}/picks/{seq}/result", "/api/v1/enforcement/draws/{id}/picks/1/result", Obj::kDraw, R"({"result":"未发现问题"})", W::kReached},
      {"POST", "/api/v1/enforcement/draws/{id}/publish", "/api/v1/enforcement/draws/{id}/publish", Obj::kDraw, "{}", W::kReached},
      // 智能公交: the city's network, held by no unit; stops and vehicles are not unit objects.
      {"POST", "/api/v1/transit/gtfs-rt", "/api/v1/transit/gtfs-rt", Obj::kNone, "", W::kReached},
      {"POST", "/api/v1/transit/avl", "/api/v1/transit/avl", Obj::kNone, "{}", W::kReached},
      {"GET", "/api/v1/transit/vehicles", "/api/v1/transit/vehicles", Obj::kNone, "", W::kOk},
      {"GET", "/api/v1/transit/vehicles/{id}/trajectory", "/api/v1/transit/vehicles/1208/trajectory", Obj::kNone, "", W::kOk},
      {"GET", "/gtfs-rt/vehicle-positions", "/gtfs-rt/vehicle-positions", Obj::kNone, "", W::kOk},
      {"GET", "/api/v1/transit/stops/{id}/arrivals", "/api/v1/transit/stops/BEATTY_AIRPORT/arrivals", Obj::kNone, "", W::kOk},
      {"GET", "/gtfs-rt/trip-updates", "/gtfs-rt/trip-updates", Obj::kNone, "", W::kOk},
      {"GET", "/api/v1/transit/coverage", "/api/v1/transit/coverage", Obj::kNone, "", W::kOk},
      {"GET", "/api/v1/transit/stops", "/api/v1/transit/stops?lat=36.9&lon=-116.76", Obj::kNone, "", W::kOk},
      {"GET", "/api/v1/transit/network", "/api/v1/transit/network", Obj::kNone, "", W::kOk},
      {"GET", "/api/v1/transit/stops/search", "/api/v1/transit/stops/search?q=Demo", Obj::kNone, "", W::kOk},
      {"GET", "/api/v1/transit/feeds", "/api/v1/transit/feeds", Obj::kNone, "", W::kOk},
      {"POST", "/api/v1/transit/feeds/validate", "/api/v1/transit/feeds/validate", Obj::kNone, "not a zip", W::kReached},
      {"POST", "/api/v1/transit/feeds", "/api/v1/transit/feeds", Obj::kNone, "not a zip", W::kReached},
      // 调度台 (dispatch console).
      {"GET", "/api/v1/transit/dispatch/ladder", "/api/v1/transit/dispatch/ladder?route=CITY", Obj::kNone, "", W::kReached},
      {"GET", "/api/v1/transit/dispatch/vehicles/{id}", "/api/v1/transit/dispatch/vehicles/" + std::string(65, 'x'), Obj::kNone, "", W::kReached},
      {"GET", "/api/v1/transit/dispatch/terminals", "/api/v1/transit/dispatch/terminals", Obj::kNone, "", W::kOk},
      {"GET", "/api/v1/transit/dispatch/board", "/api/v1/transit/dispatch/board?stop=STAGECOACH", Obj::kNone, "", W::kReached},
      {"GET", "/api/v1/transit/dispatch/fleet", "/api/v1/transit/dispatch/fleet", Obj::kNone, "", W::kOk},
      {"GET", "/api/v1/transit/map-config", "/api/v1/transit/map-config", Obj::kNone, "", W::kOk},
      // 运营记录与指标.
      {"GET", "/api/v1/transit/kpi/days", "/api/v1/transit/kpi/days", Obj::kNone, "", W::kOk},
      {"GET", "/api/v1/transit/kpi/days/{date}", "/api/v1/transit/kpi/days/2024-03-20", Obj::kNone, "", W::kOk},
      {"GET", "/api/v1/transit/kpi/days/{date}/vehicles", "/api/v1/transit/kpi/days/2024-03-20/vehicles", Obj::kNone, "", W::kOk},
      {"GET", "/api/v1/transit/kpi/months/{month}", "/api/v1/transit/kpi/months/2024-03", Obj::kNone, "", W::kOk},
      {"GET", "/api/v1/transit/kpi/trips", "/api/v1/transit/kpi/trips?date=2024-03-20", Obj::kNone, "", W::kOk},
      {"GET", "/api/v1/transit/scheduling/blocks", "/api/v1/transit/scheduling/blocks?date=2024-03-20", Obj::kNone, "", W::kReached},
      // A date the sample feed does not run (a 400), so the walk does not switch the feed.
      {"POST", "/api/v1/transit/scheduling/blocks/publish", "/api/v1/transit/scheduling/blocks/publish?date=2024-03-20", Obj::kNone, "", W::kReached},
      {"GET", "/api/v1/transit/scheduling/duties", "/api/v1/transit/scheduling/duties?date=2024-03-20", Obj::kNone, "", W::kReached},
      {"GET", "/api/v1/transit/scheduling/duties.xlsx", "/api/v1/transit/scheduling/duties.xlsx?date=2024-03-20", Obj::kNone, "", W::kReached},
      {"GET", "/api/v1/transit/scheduling/duties/ods.zip", "/api/v1/transit/scheduling/duties/ods.zip?date=2024-03-20", Obj::kNone, "", W::kReached},
      {"GET", "/api/v1/transit/scheduling/running-times", "/api/v1/transit/scheduling/running-times", Obj::kNone, "", W::kOk},
      {"POST", "/api/v1/transit/scheduling/timetable", "/api/v1/transit/scheduling/timetable", Obj::kNone, "{}", W::kReached},
      {"POST", "/api/v1/transit/scheduling/timetable/publish", "/api/v1/transit/scheduling/timetable/publish", Obj::kNone, "{}", W::kReached},
      {"GET", "/api/v1/transit/kpi/tides/trips_performed.csv", "/api/v1/transit/kpi/tides/trips_performed.csv", Obj::kNone, "", W::kOk},
      {"GET", "/api/v1/transit/kpi/tides/stop_visits.csv", "/api/v1/transit/kpi/tides/stop_visits.csv?date=2024-03-20", Obj::kNone, "", W::kOk},
      {"GET", "/api/v1/transit/kpi/tides/vehicle_locations.csv", "/api/v1/transit/kpi/tides/vehicle_locations.csv?date=2024-03-20", Obj::kNone, "", W::kOk},
      {"GET", "/api/v1/transit/kpi/months/{month}/xlsx", "/api/v1/transit/kpi/months/2024-03/xlsx", Obj::kNone, "", W::kOk},
      {"POST", "/api/v1/transit/kpi/days/{date}/record", "/api/v1/transit/kpi/days/2024-03-20/record", Obj::kNone, "", W::kReached},
      {"POST", "/api/v1/transit/kpi/tides/trips_performed", "/api/v1/transit/kpi/tides/trips_performed", Obj::kNone, "not a csv", W::kReached},
      {"GET", "/api/v1/transit/kpi/stop-coverage", "/api/v1/transit/kpi/stop-coverage", Obj::kNone, "", W::kOk},
      {"GET", "/api/v1/transit/kpi/stop-coverage/area", "/api/v1/transit/kpi/stop-coverage/area", Obj::kNone, "", W::kOk},
      {"POST", "/api/v1/transit/kpi/stop-coverage/area", "/api/v1/transit/kpi/stop-coverage/area", Obj::kNone, "{}", W::kReached},
      {"PUT", "/api/v1/transit/kpi/stop-coverage/area", "/api/v1/transit/kpi/stop-coverage/area", Obj::kNone, "{}", W::kReached},
      {"GET", "/api/v1/transit/kpi/forecast-coverage", "/api/v1/transit/kpi/forecast-coverage", Obj::kNone, "", W::kOk},
      {"GET", "/api/v1/transit/kpi/forecast-coverage/days", "/api/v1/transit/kpi/forecast-coverage/days?date=2024-03-20", Obj::kNone, "", W::kOk},
      {"GET", "/api/v1/transit/kpi/accuracy", "/api/v1/transit/kpi/accuracy?date=2024-03-20", Obj::kNone, "", W::kOk},
      {"GET", "/api/v1/transit/kpi/years/{year}", "/api/v1/transit/kpi/years/2024", Obj::kNone, "", W::kOk},
      {"GET", "/api/v1/transit/kpi/years/{year}/xlsx", "/api/v1/transit/kpi/years/2024/xlsx", Obj::kNone, "", W::kOk},
      {"POST", "/api/v1/transit/kpi/tides/stop_visits", "/api/v1/transit/kpi/tides/stop_visits?date=2024-03-20", Obj::kNone, "not a csv", W::kReached},
      {"POST", "/api/v1/transit/kpi/tides/vehicle_locations", "/api/v1/transit/kpi/tides/vehicle_locations", Obj::kNone, "not a csv", W::kReached},
      {"GET", "/api/v1/transit/fleet/vehicles", "/api/v1/transit/fleet/vehicles", Obj::kNone, "", W::kOk},
      {"POST", "/api/v1/transit/fleet/vehicles/import", "/api/v1/transit/fleet/vehicles/import", Obj::kNone, "", W::kReached},
      {"GET", "/api/v1/transit/fleet/targets", "/api/v1/transit/fleet/targets", Obj::kNone, "", W::kOk},
      {"GET", "/api/v1/transit/accidents", "/api/v1/transit/accidents", Obj::kNone, "", W::kOk},
      {"POST", "/api/v1/transit/accidents", "/api/v1/transit/accidents", Obj::kNone, "{}", W::kReached},
      {"GET", "/api/v1/transit/dispatch/alarms", "/api/v1/transit/dispatch/alarms?state=all", Obj::kNone, "", W::kOk},
      {"POST", "/api/v1/transit/dispatch/alarms/{id}/ack", "/api/v1/transit/dispatch/alarms/{id}/ack", Obj::kAlarm, "{}", W::kReached},
      {"POST", "/api/v1/transit/dispatch/alarms/{id}/close", "/api/v1/transit/dispatch/alarms/{id}/close", Obj::kAlarm, "{}", W::kReached},
      {"GET", "/api/v1/transit/dispatch/advice", "/api/v1/transit/dispatch/advice", Obj::kNone, "", W::kOk},
      {"POST", "/api/v1/transit/dispatch/advice/{id}/accept", "/api/v1/transit/dispatch/advice/{id}/accept", Obj::kAdvice, "{}", W::kReached},
      {"POST", "/api/v1/transit/dispatch/advice/{id}/reject", "/api/v1/transit/dispatch/advice/{id}/reject", Obj::kAdvice, "{}", W::kReached},
      {"GET", "/api/v1/transit/dispatch/assignments", "/api/v1/transit/dispatch/assignments?date=2008-06-02", Obj::kNone, "", W::kOk},
      {"PUT", "/api/v1/transit/dispatch/assignments/{date}/{block}", "/api/v1/transit/dispatch/assignments/2008-06-02/1", Obj::kNone, R"({"vehicle_id":"BUS1","driver_name":"张建国"})", W::kOk},
      {"DELETE", "/api/v1/transit/dispatch/assignments/{date}/{block}", "/api/v1/transit/dispatch/assignments/2008-06-02/1", Obj::kNone, "", W::kOk},
      {"GET", "/api/v1/transit/dispatch/departures", "/api/v1/transit/dispatch/departures?stop=BEATTY_AIRPORT", Obj::kNone, "", W::kOk},
      {"POST", "/api/v1/transit/vehicles/{id}/messages", "/api/v1/transit/vehicles/BUS1/messages", Obj::kNone, "{}", W::kReached},
      {"GET", "/api/v1/transit/vehicles/{id}/messages", "/api/v1/transit/vehicles/BUS1/messages", Obj::kNone, "", W::kOk},
      {"GET", "/api/v1/transit/messages", "/api/v1/transit/messages", Obj::kNone, "", W::kOk},
      // 客流分析.
      {"POST", "/api/v1/transit/flow/days/{date}", "/api/v1/transit/flow/days/2024-03-20", Obj::kNone, "not a csv", W::kReached},
      {"GET", "/api/v1/transit/flow/days", "/api/v1/transit/flow/days", Obj::kNone, "", W::kOk},
      {"GET", "/api/v1/transit/flow/days/{date}", "/api/v1/transit/flow/days/2024-03-20", Obj::kNone, "", W::kReached},
      {"GET", "/api/v1/transit/flow/days/{date}/xlsx", "/api/v1/transit/flow/days/2024-03-20/xlsx", Obj::kNone, "", W::kReached},
      {"GET", "/api/v1/transit/flow/loads", "/api/v1/transit/flow/loads?date=2024-03-20", Obj::kNone, "", W::kReached},
      {"POST", "/api/v1/transit/flow/days/{date}/counts", "/api/v1/transit/flow/days/2024-03-20/counts", Obj::kNone, "not a csv", W::kReached},
      {"GET", "/api/v1/transit/flow/days/{date}/counts", "/api/v1/transit/flow/days/2024-03-20/counts", Obj::kNone, "", W::kOk},
      {"GET", "/api/v1/transit/flow/days/{date}/stops", "/api/v1/transit/flow/days/2024-03-20/stops", Obj::kNone, "", W::kReached},
      {"GET", "/api/v1/transit/flow/days/{date}/zones", "/api/v1/transit/flow/days/2024-03-20/zones", Obj::kNone, "", W::kReached},
      {"GET", "/api/v1/transit/flow/days/{date}/tides/stop_visits.csv", "/api/v1/transit/flow/days/2024-03-20/tides/stop_visits.csv", Obj::kNone, "", W::kReached},
  };
  // clang-format on
  return m;
}

// Who may call a route (on their own unit's object) and who also on another unit's.
struct Expect {
  Whos roles;
  Whos across;
};

// The intended exceptions: the handler narrows what the route's permission grants.
struct Exception {
  std::string method, pattern;
  Expect expect;
  const char* why;
};
std::vector<Exception> exceptions() {
  return {
      {"POST",
       "/api/v1/enforcement/cases/{id}/actions/{action}",
       {{Who::kOfficer}, kNobody},
       "the act walked (evidence) is an officer's; each act names its own role"},
      {"GET",
       "/api/v1/enforcement/entities",
       {{Who::kAdmin, Who::kLeaderEf, Who::kOfficer, Who::kReviewer, Who::kJustice}, kNobody},
       "a unit leader reads the directory only when the unit enforces (has officers)"},
  };
}

// What a route's declaration and the role table grant, for an object of the caller's own unit
// and for another unit's. User objects are never the caller (a bystander of the unit).
Expect derive(const http::Access& a) {
  Expect e;
  for (const auto& c : kCallers) {
    auto holds = [&](Permission p) { return role_grants(c.role, p); };
    bool own = holds(a.permission), across = own;
    switch (a.scope) {
      case http::Scope::kNone:
        break;
      case http::Scope::kOwnUnit:
        across = own && holds(Permission::kAllUnits);
        break;
      case http::Scope::kOwnUser:
        own = own && holds(Permission::kUsersRead);
        across = own && holds(Permission::kAllUnits);
        break;
      case http::Scope::kSelf:
        own = across = own && holds(Permission::kUsersWrite);
        break;
    }
    if (own) e.roles.insert(c.who);
    if (across) e.across.insert(c.who);
  }
  return e;
}

// Every route's expectation: derived from its declaration, unless it is an exception.
std::map<std::string, Expect> expectations(const http::Router& router) {
  std::map<std::string, Expect> out;
  for (const auto& r : router.routes())
    if (!r.websocket) out[r.method + " " + r.pattern] = derive(r.access);
  for (const auto& x : exceptions()) out[x.method + " " + x.pattern] = x.expect;
  return out;
}

std::string names(const Whos& w) {
  std::string out;
  for (const auto& c : kCallers)
    if (w.count(c.who)) out += std::string(out.empty() ? "" : ",") + c.username;
  return "{" + out + "}";
}

// The objects each unit holds, made through the API as their users would make them.
struct World {
  std::map<Obj, std::map<std::int64_t, std::int64_t>> by_unit;  // object → unit id → object id
  std::map<std::string, std::int64_t> unit_id;                  // by unit name
  std::map<std::string, std::map<std::string, std::string>> auth;  // by username
};

const char* kNotice =
    "# 三门峡市人民政府办公室关于印发2024年重点工作任务分解的通知\n"
    "三政办〔2024〕9号\n"
    "一、重点工作任务分解\n"
    "（一）稳定经济运行\n"
    "1. 扩大有效投资，推动重大项目落地，确保年度完成投资1500亿元以上。（市发展改革委、市工业和"
    "信息化局牵头，市财政局配合）\n"
    "2. 推进智能制造，加快5G项目建设，2024年新建5G基站700个以上。（市工业和信息化局牵头负责）\n"
    "3. 深化投融资体制改革，推广政府和社会资本合作模式。（市发展改革委牵头负责）\n"
    "4. 2024年6月月底前完成重大项目储备库建设。（责任单位：市发展改革委）\n"
    "5. 2024年9月月底前完成工业互联网平台建设。（责任单位：市工业和信息化局）\n"
    "三门峡市人民政府办公室\n"
    "2024年2月28日\n"
    "附件\n"
    "序号\t项目（任务）\t责任领导\t责任单位\n"
    "1\t推动重大项目落地，确保年度完成投资1500亿元以上。\t万战伟\t市发展改革委\n";

constexpr const char* kNdrc = "三门峡市发展和改革委员会";
constexpr const char* kMiit = "三门峡市工业和信息化局";
constexpr const char* kMarket = "三门峡市市场监督管理局";
constexpr const char* kCity = "三门峡市城市管理局";

class PermissionsTest : public test::AppFixture<> {
 protected:
  std::int64_t unit(const std::string& name) {
    auto u = t_->app().org().resolve_unit(name);
    EXPECT_TRUE(u && *u) << name;
    return u && *u ? (*u)->value : 0;
  }
  void add_user(const std::string& username, const std::string& unit_name, Role role,
                const char* cert_field) {
    Actor sys;
    auto u = t_->app().org().add_user(
        {username, "测试" + username, UnitId{unit(unit_name)}, {role}, "Zhengtong@2024"}, sys);
    ASSERT_TRUE(u) << u.error().message;
    if (cert_field) {
      Certificate c;
      c.user = u->id;
      c.number = "4112009" + std::to_string(900000 + u->id.value);
      c.field = cert_field;
      c.valid_from = *parse_date("2023-01-01");
      c.valid_to = *parse_date("2027-12-31");
      ASSERT_TRUE(t_->app().org().add_certificate(c, sys));
    }
  }
  const std::map<std::string, std::string>& as(const std::string& username) {
    auto it = w_.auth.find(username);
    if (it == w_.auth.end()) it = w_.auth.emplace(username, t_->bearer(username)).first;
    return it->second;
  }
  json call(const std::string& method, const std::string& target, const std::string& body,
            const std::string& username, int want) {
    auto r = c_->request(method, target, body, as(username));
    EXPECT_EQ(r.status, want) << method << " " << target << " as " << username << ": " << r.body;
    return r.status / 100 == 2 && !r.body.empty() && r.body[0] != '<' ? r.json() : json();
  }
  std::int64_t scalar(const std::string& sql, std::vector<Param> params) {
    auto r = t_->app().store().query(sql, std::span<const Param>(params));
    EXPECT_TRUE(r && !r->rows.empty()) << sql;
    return r && !r->rows.empty() ? r->rows[0].i64(0) : 0;
  }
  void own(Obj o, const std::string& unit_name, std::int64_t id) {
    ASSERT_NE(id, 0) << unit_name;
    w_.by_unit[o][unit(unit_name)] = id;
  }

  void build_supervision() {
    call("POST", "/api/v1/supervision/gazette/import", json{{"text", kNotice}}.dump(), "ducha",
         201);
    call("POST", "/api/v1/supervision/plan",
         json{{"doc_no", "三政办〔2024〕9号"}, {"year", 2024}}.dump(), "ducha", 201);
    auto task_of = [&](int no) {
      return scalar("SELECT id FROM sv_tasks WHERE no = $1", {std::int64_t(no)});
    };
    auto slot_of = [&](int no, const char* u) {
      return scalar(
          "SELECT id FROM sv_slots WHERE task_id = $1 AND unit_id = $2 AND period = "
          "'2024-03'",
          {task_of(no), unit(u)});
    };
    // Task 1 has two lead units (发展改革委, 工业和信息化局) and a cooperating one (财政局):
    // each lead's slot is the other's "other unit" object.
    own(Obj::kSlot, kNdrc, slot_of(1, kNdrc));
    own(Obj::kSlot, kMiit, slot_of(1, kMiit));
    own(Obj::kTask, kNdrc, task_of(3));
    own(Obj::kTask, kMiit, task_of(2));
    for (auto [u, user] : {std::pair{kNdrc, "fgw_tb"}, std::pair{kMiit, "gxj_tb"}}) {
      auto slot = std::to_string(w_.by_unit[Obj::kSlot][unit(u)]);
      auto a = call("POST", "/api/v1/supervision/slots/" + slot + "/attachments?name=a.txt",
                    "照片说明", user, 201);
      own(Obj::kSvAttachment, u, a.value("id", std::int64_t(0)));
    }
    for (auto [u, no] : {std::pair{kNdrc, 3}, std::pair{kMiit, 2}}) {
      auto v = call("POST", "/api/v1/supervision/inspections",
                    json{{"task_id", task_of(no)},
                         {"inspected_on", "2024-03-18"},
                         {"inspectors", "王督查"},
                         {"findings", "进度偏慢"},
                         {"rectify_by", "2024-04-30"}}
                        .dump(),
                    "ducha", 201);
      own(Obj::kInspection, u, v.value("id", std::int64_t(0)));
    }
    for (auto u : {kNdrc, kMiit})
      own(Obj::kCommitment, u,
          scalar("SELECT object_id FROM sv_assignments WHERE object_type = 'commitment' AND "
                 "unit_id = $1",
                 {unit(u)}));
    // A responsible leader is the office's to link; held by the office's unit.
    own(Obj::kPerson, "三门峡市人民政府办公室", scalar("SELECT MIN(id) FROM sv_people", {}));
  }

  // An alarm and an advice of the bus company's dispatch and of another unit's.
  void build_dispatch() {
    const Instant now = t_->clock().now();
    std::vector<transit::dispatch::Condition> conditions;
    std::vector<transit::dispatch::Proposal> proposals;
    for (auto u : {"三门峡市公共交通有限公司", "三门峡市交通运输局"}) {
      transit::dispatch::Condition c;
      c.key = std::string("bunching|") + u;
      c.message = "串车";
      conditions.push_back(c);  // the first unit's is still there: refreshed, not raised again
      auto a = transit::dispatch::sync_alarms(t_->app().store(), conditions, unit(u),
                                              unix_seconds(now), now);
      ASSERT_TRUE(a && a->size() == 1) << u;
      own(Obj::kAlarm, u, a->at(0).object["id"].get<std::int64_t>());
      transit::dispatch::Proposal p;
      p.key = std::string("hold|") + u;
      p.explanation = "建议滞站";
      proposals.push_back(p);
      auto d = transit::dispatch::sync_advice(t_->app().store(), proposals, unit(u),
                                              unix_seconds(now), now);
      ASSERT_TRUE(d && d->size() == 1) << u;
      own(Obj::kAdvice, u, d->at(0).object["id"].get<std::int64_t>());
    }
  }

  void build_enforcement() {
    add_user("scjg_ld", kMarket, Role::kUnitLeader, nullptr);
    add_user("cg_zf1", kCity, Role::kEnforcementOfficer, "城市管理");
    add_user("cg_zf2", kCity, Role::kEnforcementOfficer, "城市管理");
    add_user("cg_fz", kCity, Role::kLegalReviewer, "法律职业资格");
    struct Side {
      const char* unit;
      const char* officer;
      const char* officer2;
      const char* field;
      const char* code;
      const char* cert;
    };
    call("POST", "/api/v1/enforcement/entities/import",
         "uscc,name,credit_class\n91411200MA44X0A1XK,企业甲,D\n91411200MA44X0A28K,企业乙,D\n",
         "scjg_zf1", 200);
    for (const Side& s : {Side{kMarket, "scjg_zf1", "scjg_zf2", "市场监管", "SC-03", "MK"},
                          Side{kCity, "cg_zf1", "cg_zf2", "城市管理", "CG-01", "CG"}}) {
      auto c = call("POST", "/api/v1/enforcement/cases",
                    json{{"field", s.field},
                         {"party_kind", "individual"},
                         {"party_name", "王小明"},
                         {"party_id", "411202199001011230"},
                         {"violation_code", s.code},
                         {"facts", "违法事实"},
                         {"act_ended_on", "2024-02-20"}}
                        .dump(),
                    s.officer, 201);
      auto id = c.value("id", std::int64_t(0));
      own(Obj::kCase, s.unit, id);
      call("POST", "/api/v1/enforcement/cases/" + std::to_string(id) + "/actions/file",
           json{{"officers", {s.officer, s.officer2}}}.dump(), s.officer, 200);
      auto f = call("POST",
                    "/api/v1/enforcement/cases/" + std::to_string(id) + "/attachments?name=e.jpg",
                    "evidence bytes", s.officer, 201);
      own(Obj::kEvidence, s.unit, f.value("id", std::int64_t(0)));
      call("POST", "/api/v1/enforcement/inspectors/import",
           std::string("姓名,执法证号,有效期至,执法领域\n甲,") + s.cert + "1,2027-12-31," +
               s.field + "\n乙," + s.cert + "2,2027-12-31," + s.field + "\n",
           s.officer, 200);
      auto d = call("POST", "/api/v1/enforcement/draws",
                    json{{"matter", "监督检查"},
                         {"field", s.field},
                         {"percent", {{"A", 100}, {"B", 100}, {"C", 100}, {"D", 100}}},
                         {"per_entity", 2},
                         {"seed", "种子"}}
                        .dump(),
                    s.officer, 201);
      own(Obj::kDraw, s.unit, d.value("id", std::int64_t(0)));
      auto p = call("POST", "/api/v1/enforcement/publications",
                    json{{"kind", "licensing"},
                         {"title", "准予许可"},
                         {"party_kind", "organisation"},
                         {"party_name", "某公司"},
                         {"decided_on", "2024-03-01"}}
                        .dump(),
                    s.officer, 201);
      own(Obj::kPublication, s.unit, p.value("id", std::int64_t(0)));
      auto k = call("POST", "/api/v1/enforcement/complaints",
                    json{{"ticket_no", std::string("12345-") + s.cert},
                         {"complainant", "钱女士"},
                         {"phone", "13900002222"},
                         {"subject", "处罚过重"},
                         {"content", "对罚款金额有异议"}}
                        .dump(),
                    "sfj_jd", 201);
      auto kid = k.value("id", std::int64_t(0));
      own(Obj::kComplaint, s.unit, kid);
      call("POST", "/api/v1/enforcement/complaints/" + std::to_string(kid) + "/refer",
           json{{"unit", s.unit}}.dump(), "sfj_jd", 200);
    }
  }

  void on_open() override {
    // A bystander in every unit: the target of user routes, so no caller changes itself.
    Actor sys;
    int n = 0;
    std::set<std::string> units;
    for (const auto& c : kCallers) units.insert(c.unit);
    for (auto u : {kMiit, kCity}) units.insert(u);
    for (const auto& u : units) {
      auto b = t_->app().org().add_user({"bystander" + std::to_string(n++),
                                         "旁人",
                                         UnitId{unit(u)},
                                         {Role::kUnitReporter},
                                         "bystander-pw"},
                                        sys);
      ASSERT_TRUE(b) << b.error().message;
      w_.by_unit[Obj::kUser][unit(u)] = b->id.value;
      w_.by_unit[Obj::kUnit][unit(u)] = unit(u);
    }
    ASSERT_NO_FATAL_FAILURE(build_supervision());
    ASSERT_NO_FATAL_FAILURE(build_enforcement());
    auto zip = [] {
      std::ifstream in(std::string(ZT_DATA_DIR) + "/gtfs/google-sample-feed-1.zip",
                       std::ios::binary);
      return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    }();
    call("POST", "/api/v1/transit/feeds?name=sample.zip", zip, "jt_gh", 201);
    ASSERT_NO_FATAL_FAILURE(build_dispatch());
    // A stored flow day, so that the flow routes' callers reach one (an empty day is a 404).
    transit::flow::FlowDay flow_day;
    flow_day.day = *parse_date("2024-03-20");
    flow_day.source = "simulated";
    ASSERT_TRUE(transit::flow::save_flow_day(t_->app().store(), flow_day, {},
                                             t_->app().clock().now(), sys));
    // A built-up area around Beatty, so that reading it answers one.
    call("POST", "/api/v1/transit/kpi/stop-coverage/area",
         R"({"type":"Polygon","coordinates":[[[-116.8,36.85],[-116.75,36.85],[-116.75,36.9],)"
         R"([-116.8,36.9],[-116.8,36.85]]]})",
         "jt_gh", 201);
  }

  World w_;
};

TEST_P(PermissionsTest, EveryRouteIsClassified) {
  std::set<std::string> listed, routed;
  std::map<std::string, const http::Route*> by_key;
  for (const auto& w : walks())
    EXPECT_TRUE(listed.insert(w.method + " " + w.pattern).second) << w.pattern;
  for (const auto& r : t_->app().router().routes()) {
    if (r.websocket) continue;
    const auto key = r.method + " " + r.pattern;
    routed.insert(key);
    by_key[key] = &r;
    EXPECT_TRUE(listed.count(key))
        << key << " has no entry in walks(): say how it is called (target, object, body)";
  }
  for (const auto& l : listed) EXPECT_TRUE(routed.count(l)) << l << " is no longer a route";
  for (const auto& x : exceptions()) {
    const auto key = x.method + " " + x.pattern;
    auto it = by_key.find(key);
    if (it == by_key.end()) {
      ADD_FAILURE() << key << " is an exception but no longer a route";
      continue;
    }
    // A handler can only narrow: the server and the router refuse outside the declaration.
    auto d = derive(it->second->access);
    for (auto w : x.expect.roles) EXPECT_TRUE(d.roles.count(w)) << key << " widens " << names({w});
    for (auto w : x.expect.across)
      EXPECT_TRUE(d.across.count(w)) << key << " widens across units " << names({w});
    EXPECT_FALSE(d.roles == x.expect.roles && d.across == x.expect.across)
        << key << " is listed as an exception but the declaration already says it";
  }
}

TEST_P(PermissionsTest, EveryRouteEveryRoleOwnAndOtherUnitsObjects) {
  int checked = 0, own_checked = 0;
  const auto expect = expectations(t_->app().router());
  for (const auto& e : walks()) {
    if (e.skip) continue;
    auto found = expect.find(e.method + " " + e.pattern);
    ASSERT_NE(found, expect.end()) << e.method << " " << e.pattern;
    const Expect& want = found->second;
    for (const auto& caller : kCallers) {
      const std::int64_t mine =
          w_.unit_id.count(caller.unit) ? w_.unit_id[caller.unit] : unit(caller.unit);
      struct Try {
        bool own;
        std::string target;
      };
      std::vector<Try> tries;
      if (e.obj == Obj::kNone) {
        tries.push_back({true, e.target});
      } else {
        const auto& held = w_.by_unit[e.obj];
        auto fill = [&](std::int64_t id) {
          std::string t = e.target;
          t.replace(t.find("{id}"), 4, std::to_string(id));
          return t;
        };
        // Another unit's object first (refusals change nothing), then the caller's own.
        for (const auto& [u, id] : held)
          if (u != mine) {
            tries.push_back({false, fill(id)});
            break;
          }
        if (auto it = held.find(mine); it != held.end()) tries.push_back({true, fill(it->second)});
      }
      for (const auto& t : tries) {
        const bool allowed =
            t.own ? want.roles.count(caller.who) > 0 : want.across.count(caller.who) > 0;
        auto reply = c_->request(e.method, t.target, e.body, as(caller.username));
        SCOPED_TRACE(std::string(caller.username) + " " + e.method + " " + t.target +
                     (e.obj == Obj::kNone ? ""
                      : t.own             ? " (own unit's)"
                                          : " (other unit's)") +
                     " -> " + std::to_string(reply.status) + " " + reply.body.substr(0, 300));
        EXPECT_NE(reply.status, 401);
        EXPECT_LT(reply.status, 500);
        if (!allowed) {
          EXPECT_TRUE(reply.status == 403 || reply.status == 404) << "expected a refusal";
        } else if (e.want == Want::kOk) {
          EXPECT_EQ(reply.status / 100, 2) << "expected success";
        } else {
          EXPECT_TRUE(reply.status != 403 && reply.status != 404) << "expected to be let through";
        }
        ++checked;
        own_checked += t.own && allowed && e.obj != Obj::kNone;
      }
    }
  }
  EXPECT_GT(checked, 1000);
  EXPECT_GT(own_checked, 60);  // real objects of the caller's own unit were reached
  // And nobody gets anything without logging in.
  for (const auto& r : t_->app().router().routes()) {
    if (r.permission == Permission::kPublic || r.websocket) continue;
    std::string target = r.pattern;
    for (const char* p :
         {"{id}", "{year}", "{action}", "{kind}", "{seq}", "{name}", "{period}", "{cert}"})
      if (auto at = target.find(p); at != std::string::npos)
        target.replace(at, std::strlen(p), "1");
    auto reply = c_->request(r.method, target, r.method == "GET" ? "" : "{}");
    EXPECT_EQ(reply.status, 401) << r.method << " " << target;
  }
}

// /auth/me lists what the table grants: the web app's pages and buttons follow it.
TEST_P(PermissionsTest, MeListsThePermissionsTheTableGrants) {
  for (const auto& caller : kCallers) {
    std::set<std::string> want, got;
    for (const auto& rule : permission_table())
      if (rule.permission != Permission::kPublic && role_grants(caller.role, rule.permission))
        want.insert(rule.name);
    auto me = c_->request("GET", "/api/v1/auth/me", "", as(caller.username));
    ASSERT_EQ(me.status, 200) << caller.username;
    const auto body = me.json();
    for (const auto& p : body["permissions"]) got.insert(p.get<std::string>());
    EXPECT_EQ(got, want) << caller.username;
  }
  auto office = c_->request("GET", "/api/v1/auth/me", "", as("ducha")).json()["permissions"];
  for (const char* p : {"supervision", "supervision.manage", "units.all", "outbox.read"})
    EXPECT_NE(std::find(office.begin(), office.end(), p), office.end()) << p;
  for (const char* p : {"transit", "supervision.report", "enforcement"})
    EXPECT_EQ(std::find(office.begin(), office.end(), p), office.end()) << p;
}

INSTANTIATE_TEST_SUITE_P(Backends, PermissionsTest, ::testing::ValuesIn(test::backends()));

}  // namespace
}  // namespace zt
