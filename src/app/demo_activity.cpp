#include "app/demo_activity.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>

#include <fmt/format.h>

#include "app/app.hpp"
#include "app/paths.hpp"
#include "transit/feed_store.hpp"
#include "transit/flow/count_store.hpp"
#include "transit/flow/flow_api.hpp"
#include "transit/flow/riders_sim.hpp"
#include "transit/gtfs.hpp"
#include "transit/kpi/built_up_area.hpp"
#include "transit/kpi/demo_days.hpp"
#include "transit/network.hpp"
#include "transit/register/vehicle_register.hpp"
#include "transit/scheduling/publish_blocks.hpp"

namespace zt {
namespace {

// One simulated day of passenger flow (客流分析) on the demo's last recorded day, so the page has
// figures at once: riders drawn by transit/flow/riders_sim over its own simulated visits of the
// timetable, the taps hashed under a throwaway key (the cards are no one's), its buses' counter
// counts and the aggregates stored.
Status load_demo_flow_day(Store& store, const transit::Network& n, Instant now) {
  const Date day = *parse_date("2024-09-19");
  auto have = transit::flow::find_flow_day(store, day);
  if (!have) return fail(have.error());
  if (*have || n.empty()) return {};
  auto hasher = transit::flow::TokenHasher::make("demo-flow-day-throwaway-key");
  if (!hasher) return fail(hasher.error());
  transit::flow::RidersOptions ro;
  ro.riders = 3000;
  auto sim = transit::flow::simulate_riders(n, day, *hasher, ro);
  if (sim.taps.empty()) return {};
  Actor cli{std::nullopt, "cli", std::nullopt, "cli"};
  // The counters' counts as a planner's upload would have stored them, before the taps.
  if (auto c = transit::flow::save_counts(store, n, day, "simulated",
                                          transit::flow::counts_on_visits(sim.apc), now, cli);
      !c)
    return fail(c.error());
  auto d = transit::flow::infer_and_save(store, n, day, "simulated", sim.taps,
                                         std::move(sim.visits), sim.apc, now, cli);
  if (!d) return fail(d.error());
  std::printf("演示客流分析已生成：%s，刷卡 %d 条，推断率 %.1f%%\n", format_date(day).c_str(),
              d->taps, d->inference_rate * 100);
  return {};
}

using json = nlohmann::json;
using namespace std::chrono;

const std::string kPassword = "Zhengtong@2024";

// FNV-1a: the same name always gets the same fate.
std::uint64_t mix(std::string_view s) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  return h ^ (h >> 29);
}
double chance(std::string_view key) { return double(mix(key) >> 11) * 0x1.0p-53; }
int pick(std::string_view key, int n) { return int(mix(key) % std::uint64_t(n)); }

// An instant at a Shanghai wall-clock time (UTC+8, no daylight saving since 1991).
Instant at(Date d, int hour, int minute = 0) {
  return Instant{d.time_since_epoch()} + hours(hour - 8) + minutes(minute);
}
Date ymd(int y, unsigned m, unsigned d) { return Date{year{y} / month{m} / day{d}}; }
// The first working day on or after `d`.
Date working_on_or_after(const Calendar& cal, Date d) {
  while (!cal.is_working_day(d)) d += days{1};
  return d;
}

// Requests through the app's router as a demo user: the route's permission, the handler's own
// checks and its audit record, exactly as a browser's request would meet them.
class Caller {
 public:
  explicit Caller(App& app) : app_(app) {}

  // A request whose answer the demo does not need.
  Status run(const std::string& user, const std::string& method, const std::string& target,
             const json& body = json::object()) {
    if (auto r = call(user, method, target, body); !r) return fail(r.error());
    return {};
  }

  Result<json> call(const std::string& user, const std::string& method, const std::string& target,
                    const json& body = json::object()) {
    http::Request req;
    req.method = method;
    auto q = target.find('?');
    req.path = target.substr(0, q);
    if (q != std::string::npos) {
      std::string_view rest = std::string_view(target).substr(q + 1);
      while (!rest.empty()) {
        auto amp = rest.find('&');
        auto pair = rest.substr(0, amp);
        auto eq = pair.find('=');
        req.query[std::string(pair.substr(0, eq))] =
            eq == std::string_view::npos ? "" : std::string(pair.substr(eq + 1));
        if (amp == std::string_view::npos) break;
        rest = rest.substr(amp + 1);
      }
    }
    bool mismatch = false;
    const auto* route = app_.router().match(method, req.path, req.params, mismatch);
    if (!route) return fail(Error::internal("演示数据：没有这个地址 " + method + " " + target));
    if (method != "GET") {
      req.body = body.dump();
      req.headers["content-type"] = "application/json";
    }
    req.request_id = fmt::format("demo-{}", ++seq_);
    req.remote = "127.0.0.1";
    if (!user.empty()) {
      auto p = principal(user);
      if (!p) return fail(p.error());
      req.principal = *p;
    }
    if (auto ok = http::admit(*route, req); !ok)
      return fail(Error::forbidden("演示数据：" + user + " " + target + "：" + ok.error().message));
    auto r = route->handler(req);
    if (!r) {
      auto e = r.error();
      e.message = fmt::format("演示数据：{} {} {}（{}）：{}", user, method, target,
                              std::string(e.rule), e.message);
      return fail(e);
    }
    if (r->status >= 300)
      return fail(Error::internal(fmt::format("演示数据：{} {} 返回 {}：{}", method, target,
                                              r->status, r->body.substr(0, 300))));
    if (r->content_type.starts_with("application/json"))
      return json::parse(r->body, nullptr, false);
    return json(r->body);
  }

 private:
  Result<Principal> principal(const std::string& username) {
    if (auto it = principals_.find(username); it != principals_.end()) return it->second;
    auto u = app_.org().find_user(username);
    if (!u) return fail(u.error());
    if (!*u) return fail(Error::internal("演示数据：没有用户 " + username));
    auto unit = app_.org().get_unit((*u)->unit);
    if (!unit) return fail(unit.error());
    Principal p{(*u)->id, (*u)->username, (*u)->display_name, (*u)->unit, unit->name, (*u)->roles,
                "",       false};
    return principals_.emplace(username, std::move(p)).first->second;
  }

  App& app_;
  std::map<std::string, Principal> principals_;
  int seq_ = 0;
};

// Things that happen at a time; run in time order (stable for equal times), each with the clock
// set to its instant.
class Timeline {
 public:
  void at(Instant t, std::function<Status()> step) {
    steps_.push_back({t, steps_.size(), std::move(step)});
  }
  Status run(ManualClock& clock, Instant until) {
    std::stable_sort(steps_.begin(), steps_.end(),
                     [](const Step& a, const Step& b) { return a.t < b.t; });
    for (auto& s : steps_) {
      if (s.t > until) continue;
      clock.set(s.t);
      if (auto st = s.run(); !st) return st;
    }
    clock.set(until);
    return {};
  }

 private:
  struct Step {
    Instant t;
    std::size_t seq;
    std::function<Status()> run;
  };
  std::vector<Step> steps_;
};

// Short codes for the reporter accounts of the demo's units (市发展改革委 → fgw_tb).
const std::map<std::string, std::string>& unit_codes() {
  static const std::map<std::string, std::string> kCodes = {
      {"三门峡市发展和改革委员会", "fgw"},
      {"三门峡市科学技术局", "kjj"},
      {"三门峡市工业和信息化局", "gxj"},
      {"三门峡市商务局", "swj"},
      {"三门峡市财政局", "czj"},
      {"三门峡市人力资源和社会保障局", "rsj"},
      {"三门峡市农业农村局", "nyj"},
      {"三门峡市市场监督管理局", "scjg"},
      {"三门峡市住房和城乡建设局", "zjj"},
      {"三门峡市文化广电和旅游局", "wgl"},
      {"三门峡市体育局", "tyj"},
      {"三门峡市卫生健康委员会", "wjw"},
      {"三门峡市城市管理局", "cgj"},
      {"三门峡市金融工作局", "jrj"},
      {"三门峡市自然资源和规划局", "zrj"},
      {"三门峡市交通运输局", "jtj"},
      {"三门峡市司法局", "sfj"},
      {"三门峡市政务服务和大数据管理局", "dsj"},
      {"三门峡市生态环境局", "sthj"},
      {"三门峡市水利局", "slj"},
      {"三门峡市林业局", "lyj"},
      {"三门峡市应急管理局", "yjj"},
      {"三门峡市公安局", "gaj"},
      {"三门峡市教育局", "jyj"},
      {"三门峡市民政局", "mzj"},
      {"三门峡市统计局", "tjj"},
      {"三门峡市医疗保障局", "ybj"},
      {"三门峡市人民政府国有资产监督管理委员会", "gzw"},
      {"三门峡市乡村振兴局", "xczx"},
      {"三门峡市退役军人事务局", "tyjr"},
      {"三门峡市国防动员办公室", "gdb"},
      {"三门峡市信访局", "xfj"},
      {"三门峡市公路事业发展中心", "glzx"},
      {"湖滨区人民政府", "hbq"},
      {"陕州区人民政府", "szq"},
      {"渑池县人民政府", "mcx"},
      {"卢氏县人民政府", "lsx"},
      {"义马市人民政府", "yms"},
      {"灵宝市人民政府", "lbs"},
      {"三门峡市城乡一体化示范区管理委员会", "sfq"},
      {"三门峡经济技术开发区管理委员会", "jkq"},
      {"三门峡市现代服务业开发区管理委员会", "xfq"},
      {"三门峡市公共交通有限公司", "gjgs"},
      {"三门峡市铁路建设投资有限公司", "tjgs"},
      {"三门峡市城市建设投资集团有限公司", "cjjt"},
      {"三门峡市文化旅游投资集团有限公司", "wljt"},
      {"三门峡市酒店集团", "jdjt"},
      {"三门峡市人民政府办公室", "zfb"},
      {"三门峡市人民政府", "szf"},
  };
  return kCodes;
}

// A plausible Chinese name for a generated account.
std::string person_name(std::string_view key) {
  static const char* kSurnames[] = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周",
                                    "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗",
                                    "郑", "梁", "谢", "宋", "唐", "韩", "冯", "邓", "曹", "彭"};
  static const char* kGiven[] = {"建国", "丽娜", "志强", "海燕", "晓东", "红梅", "卫东", "静怡",
                                 "磊",   "婷婷", "军",   "敏",   "洋",   "艳红", "勇",   "杰",
                                 "娟",   "涛",   "明辉", "超",   "秀英", "华",   "平",   "刚",
                                 "桂英", "霞",   "辉",   "鑫",   "宇航", "佳琪"};
  auto h = mix(key);
  return std::string(kSurnames[h % std::size(kSurnames)]) +
         kGiven[(h / std::size(kSurnames)) % std::size(kGiven)];
}

// A resident ID number with its GB 11643 check character, born in the 1970s–90s in 湖滨区.
std::string resident_id(std::string_view key) {
  auto h = mix(key);
  auto born = ymd(1970 + int(h % 25), unsigned(1 + (h >> 8) % 12), unsigned(1 + (h >> 16) % 28));
  year_month_day b{born};
  auto body = fmt::format("411202{:04d}{:02d}{:02d}{:03d}", int(b.year()), unsigned(b.month()),
                          unsigned(b.day()), int((h >> 24) % 1000));
  static const int kWeights[] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (body[i] - '0') * kWeights[i];
  return body + "10X98765432"[sum % 11];
}

struct Demo {
  App& app;
  Caller caller;
  Timeline timeline;
  DemoActivity out;
  const Calendar& cal;
  Date today;
};

// ---- 督查督办 -------------------------------------------------------------------------------

// The reporter account of each unit that has report slots (fgw_tb and gxj_tb exist already).
Result<std::map<std::int64_t, std::string>> reporters(Demo& d, const json& slots) {
  std::map<std::int64_t, std::string> by_unit;
  auto users = d.app.org().list_users(std::nullopt);
  if (!users) return fail(users.error());
  for (const auto& u : *users)
    if (u.has(Role::kUnitReporter) && !by_unit.count(u.unit.value))
      by_unit[u.unit.value] = u.username;
  Actor system{std::nullopt, "demo", std::nullopt, "demo"};
  for (const auto& s : slots) {
    auto unit = s["unit_id"].get<std::int64_t>();
    if (by_unit.count(unit)) continue;
    auto got = d.app.org().get_unit(UnitId{unit});
    if (!got) return fail(got.error());
    auto code =
        unit_codes().count(got->name) ? unit_codes().at(got->name) : fmt::format("dw{}", unit);
    auto username = code + "_tb";
    auto existing = d.app.org().find_user(username);
    if (!existing) return fail(existing.error());
    if (!*existing) {
      auto u = d.app.org().add_user(
          {username, person_name(username), UnitId{unit}, {Role::kUnitReporter}, kPassword},
          system);
      if (!u) return fail(u.error());
      ++d.out.reporters;
    }
    by_unit[unit] = username;
  }
  return by_unit;
}

// The opening clause of a task ("把恢复和扩大消费摆在优先位置"), for report texts.
std::string clause(const std::string& text) {
  auto end = text.find("，");
  auto s = text.substr(0, std::min(end, text.size()));
  // At most about twenty characters (three bytes each in UTF-8).
  if (s.size() > 60) {
    auto cut = std::size_t(60);
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
    s = s.substr(0, cut) + "……";
  }
  return s;
}

json report_body(const json& slot, unsigned month, bool revised) {
  auto key = fmt::format("{}-{}", slot["id"].get<std::int64_t>(), month);
  bool behind = chance("behind" + key) < 0.12;
  int percent = std::min(100, int(month - 2) * 10 + pick("pct" + key, 8) - (behind ? 12 : 0));
  percent = std::max(5, percent);
  const char* status = behind ? "滞后" : (percent >= 100 ? "已完成" : "正常推进");
  static const char* kDone[] = {"召开专题推进会", "完成阶段性目标任务", "开展实地调研督导",
                                "印发工作方案",   "建立工作台账",       "组织专项检查"};
  static const char* kProblems[] = {"项目前期手续办理较慢，要素保障压力较大",
                                    "资金到位滞后，部分子项目开工推迟",
                                    "协调事项较多，需牵头单位统筹推进"};
  auto task = slot["task"].get<std::string>();
  json b = {{"progress", fmt::format("{}月围绕“{}”{}，累计完成年度目标的{}%。{}", month,
                                     clause(task), kDone[pick("done" + key, 6)], percent,
                                     revised ? "（更正：补充了本月数据）" : "")},
            {"percent", percent},
            {"status", status},
            {"problems", behind ? kProblems[pick("prob" + key, 3)] : ""},
            {"next_steps", behind ? "倒排工期，加大协调力度，确保下月赶上进度"
                                  : "按照时间节点继续推进，加强与相关单位的沟通协调"}};
  return b;
}

Status plan_reports(Demo& d, std::shared_ptr<std::map<std::int64_t, std::string>>& who) {
  auto periods = d.caller.call("ducha", "GET", "/api/v1/supervision/periods");
  if (!periods) return fail(periods.error());
  for (const auto& per : (*periods)["periods"]) {
    auto key = per["period"].get<std::string>();
    if (key.size() != 7) continue;  // the year-end report is December's
    unsigned month = unsigned(std::stoi(key.substr(5)));
    int y = std::stoi(key.substr(0, 4));
    auto due = ymd(y, month, 25);
    if (due - days{20} > d.today) break;  // not yet open
    auto slots = d.caller.call("ducha", "GET", "/api/v1/supervision/slots?period=" + key);
    if (!slots) return fail(slots.error());
    if (!who) {
      auto r = reporters(d, (*slots)["slots"]);
      if (!r) return fail(r.error());
      who = std::make_shared<std::map<std::int64_t, std::string>>(std::move(*r));
    }
    // The bulletin goes out on the second working day after the deadline.
    auto bulletin_day = working_on_or_after(d.cal, due + days{2});
    bool current = due >= d.today;
    for (const auto& s : (*slots)["slots"]) {
      auto id = s["id"].get<std::int64_t>();
      auto unit = s["unit_id"].get<std::int64_t>();
      auto fate = chance(fmt::format("fate-{}-{}", id, key));
      // A unit's habits: some units are always early, a few usually late.
      auto habit = chance(fmt::format("habit-{}", unit));
      Date day;
      if (current) {
        if (fate > 0.45 + habit * 0.2) continue;  // not filed yet
        day = due - days{5 + pick(fmt::format("day-{}", id), 10)};
      } else if (fate < 0.06 + (habit > 0.9 ? 0.15 : 0.0)) {
        continue;  // never filed: the bulletin names the unit
      } else if (fate < 0.11 + (habit > 0.9 ? 0.2 : 0.0)) {
        day = due + days{1};  // 迟报, before the bulletin
      } else if (fate < 0.15 + (habit > 0.9 ? 0.2 : 0.0)) {
        day = bulletin_day + days{3 + pick(fmt::format("late-{}", id), 5)};  // 补报
      } else {
        day = due - days{pick(fmt::format("day-{}-{}", id, key), 12)};
      }
      auto t = at(day, 9 + pick(fmt::format("hour-{}-{}", id, key), 8),
                  pick(fmt::format("min-{}-{}", id, key), 60));
      auto path = fmt::format("/api/v1/supervision/slots/{}/reports", id);
      d.timeline.at(t, [&d, who, unit, path, s, month] {
        auto r = d.caller.call(who->at(unit), "POST", path, report_body(s, month, false));
        if (!r) return Status(fail(r.error()));
        ++d.out.reports;
        return Status{};
      });
      // A few reports are revised a day or two later.
      if (chance(fmt::format("revise-{}-{}", id, key)) < 0.06)
        d.timeline.at(
            t + hours(26 + pick(fmt::format("rh-{}", id), 20)), [&d, who, unit, path, s, month] {
              auto r = d.caller.call(who->at(unit), "POST", path, report_body(s, month, true));
              if (!r) return Status(fail(r.error()));
              ++d.out.reports;
              return Status{};
            });
    }
    if (!current)
      d.timeline.at(at(bulletin_day, 10), [&d, key] {
        auto r =
            d.caller.call("ducha", "POST", "/api/v1/supervision/bulletins/" + key + "/publish");
        if (!r) return Status(fail(r.error()));
        ++d.out.bulletins;
        return Status{};
      });
  }
  return {};
}

// 督查: the office inspects six tasks from April on; most are rectified and closed, one is past
// its deadline unrectified, one is still within it.
Status plan_inspections(Demo& d, std::shared_ptr<std::map<std::int64_t, std::string>>& who) {
  auto slots = d.caller.call("ducha", "GET", "/api/v1/supervision/slots?period=2024-03");
  if (!slots) return fail(slots.error());
  std::map<std::int64_t, std::int64_t> lead_of;  // task → lead unit
  for (const auto& s : (*slots)["slots"])
    if (s["role"] == "lead" && !lead_of.count(s["task_id"].get<std::int64_t>()))
      lead_of[s["task_id"].get<std::int64_t>()] = s["unit_id"].get<std::int64_t>();
  struct Visit {
    std::size_t task_index;
    Date on;
    int rectify_days;
    int rectified_after;  // days; 0: not rectified
    int closed_after;     // days after rectification; 0: not closed
    const char* findings;
  };
  const Visit kVisits[] = {
      {2, ymd(2024, 4, 18), 30, 21, 6, "项目进度与序时目标相比滞后约两周，资金拨付台账不完整"},
      {11, ymd(2024, 5, 22), 30, 18, 5, "部分子任务责任未落实到人，月度报送内容较为笼统"},
      {24, ymd(2024, 6, 19), 30, 25, 7, "现场查看发现两个配套项目尚未开工"},
      {38, ymd(2024, 7, 17), 30, 20, 0, "政策兑现流程较长，企业反映办理时限偏长"},
      {52, ymd(2024, 8, 14), 30, 0, 0, "工作台账与实际进度不一致，佐证材料缺失"},
      {67, ymd(2024, 9, 11), 30, 0, 0, "宣传发动不够，群众知晓率偏低"},
  };
  std::vector<std::int64_t> tasks;
  for (const auto& [task, unit] : lead_of) tasks.push_back(task);
  for (const auto& v : kVisits) {
    if (v.task_index >= tasks.size()) continue;
    auto task = tasks[v.task_index];
    auto unit = lead_of[task];
    auto id = std::make_shared<std::int64_t>(0);
    d.timeline.at(at(v.on, 16), [&d, v, task, id] {
      json body = {{"task_id", task},
                   {"inspected_on", format_date(v.on)},
                   {"inspectors", "市政府督查室 王督查、李科长"},
                   {"findings", v.findings},
                   {"rectify_by", format_date(v.on + days{v.rectify_days})}};
      auto r = d.caller.call("ducha", "POST", "/api/v1/supervision/inspections", body);
      if (!r) return Status(fail(r.error()));
      *id = (*r)["id"].get<std::int64_t>();
      ++d.out.inspections;
      return Status{};
    });
    if (!v.rectified_after) continue;
    auto rectified = v.on + days{v.rectified_after};
    d.timeline.at(at(rectified, 11), [&d, who, unit, id] {
      if (!who || !who->count(unit)) return Status{};
      return d.caller.run(
          who->at(unit), "POST",
          fmt::format("/api/v1/supervision/inspections/{}/rectification", *id),
          {{"rectification",
            "已逐项整改：明确责任人和完成时限，补齐佐证材料，整改情况已报市政府督查室"}});
    });
    if (!v.closed_after) continue;
    d.timeline.at(at(rectified + days{v.closed_after}, 15), [&d, id] {
      return d.caller.run("ducha", "POST",
                          fmt::format("/api/v1/supervision/inspections/{}/close", *id),
                          {{"closure", "经复核，整改到位，同意销号"}});
    });
  }
  return {};
}

// Commitments whose deadlines have passed are mostly done, a little before the deadline.
Status plan_commitments(Demo& d) {
  auto c = d.caller.call("ducha", "GET", "/api/v1/supervision/commitments");
  if (!c) return fail(c.error());
  for (const auto& item : (*c)["items"]) {
    auto deadline = parse_date(item["deadline"].get<std::string>());
    if (!deadline || *deadline > d.today + days{10}) continue;
    auto id = item["id"].get<std::int64_t>();
    if (chance(fmt::format("commitment-{}", id)) < 0.25) continue;  // overdue, left open
    auto on = std::max(ymd(2024, 3, 1), *deadline - days{3 + pick(fmt::format("c{}", id), 10)});
    if (on > d.today) continue;
    d.timeline.at(at(on, 17), [&d, id] {
      auto r =
          d.caller.call("ducha", "POST", fmt::format("/api/v1/supervision/commitments/{}/done", id),
                        {{"note", "已按期完成，相关材料已归档备查"}});
      if (!r) return Status(fail(r.error()));
      return Status{};
    });
  }
  return {};
}

// ---- 行政执法 -------------------------------------------------------------------------------

struct Party {
  std::string kind, name, id;
};

// Where a case stops: the state it is left in today.
enum class Stop {
  kRegistered,
  kFiled,
  kInvestigating,
  kNotified,
  kDecided,
  kServed,
  kExecuted,
  kArchived,
  kClosed,
  kWithdrawn,
  kSpot,
  kSpotArchived
};

struct CasePlan {
  Date opened;
  Stop stop;
  const char* violation;
  const char* violation_name;
  const char* basis;
  double fine;
  const char* source;
  bool major = false;
};

Status plan_case(Demo& d, const CasePlan& c, const Party& party, int n) {
  auto id = std::make_shared<std::int64_t>(0);
  const json two = json::array({n % 2 ? "scjg_zf1" : "scjg_zf2", "scjg_zf3"});
  const std::string lead = n % 2 ? "scjg_zf1" : "scjg_zf2";
  bool simplified = c.stop == Stop::kSpot || c.stop == Stop::kSpotArchived;
  Date day = c.opened;
  auto when = [&](int add_working_days, int hour) {
    if (add_working_days) day = d.cal.add_working_days(day, add_working_days);
    return at(day, hour, 10 * (n % 6));
  };
  d.timeline.at(when(0, 9), [&d, c, party, id, lead, simplified] {
    json body = {
        {"field", "市场监管"},
        {"procedure", simplified ? "simplified" : "general"},
        {"source", c.source},
        {"party_kind", party.kind},
        {"party_name", party.name},
        {"party_id", party.id},
        {"party_phone", "1390398" + std::to_string(1000 + mix(party.name) % 9000)},
        {"party_address", "河南省三门峡市湖滨区"},
        {"violation_code", c.violation},
        {"violation_name", c.violation_name},
        {"facts", fmt::format("经查，{}存在{}的行为。", party.name, c.violation_name)},
        {"act_ended_on", format_date(shanghai_date(Instant{d.app.clock().now()}) - days{6})},
        {"major_flag", c.major}};
    auto r = d.caller.call(lead, "POST", "/api/v1/enforcement/cases", body);
    if (!r) return Status(fail(r.error()));
    *id = (*r)["id"].get<std::int64_t>();
    ++d.out.cases;
    return Status{};
  });
  auto act = [&d, id](std::string who, std::string action, json body) {
    return [&d, id, who, action, body] {
      return d.caller.run(
          who, "POST", fmt::format("/api/v1/enforcement/cases/{}/actions/{}", *id, action), body);
    };
  };
  if (c.stop == Stop::kRegistered) return {};
  if (simplified) {
    json spot = {{"officers", two}, {"penalty", "fine"}, {"fine", c.fine}};
    d.timeline.at(when(0, 10), act(lead, "on_the_spot", spot));
    if (c.stop == Stop::kSpotArchived) {
      d.timeline.at(when(2, 10), act(lead, "execute", {{"amount", c.fine}}));
      d.timeline.at(when(1, 15), act(lead, "archive", json::object()));
    }
    return {};
  }
  d.timeline.at(when(1, 9), act(lead, "file", {{"officers", two}}));
  if (c.stop == Stop::kFiled) return {};
  if (c.stop == Stop::kWithdrawn) {
    d.timeline.at(when(3, 11),
                  act(lead, "withdraw", {{"reason", "经核查，违法事实不能成立，撤销立案"}}));
    return {};
  }
  d.timeline.at(when(2, 14),
                act(lead, "evidence",
                    {{"officers", two}, {"description", "现场检查笔录、询问笔录及现场照片"}}));
  if (c.stop == Stop::kInvestigating) return {};
  if (c.stop == Stop::kClosed) {
    d.timeline.at(when(3, 16),
                  act(lead, "close",
                      {{"officers", two},
                       {"reason", "违法行为轻微并及时改正，没有造成危害后果，依法不予行政处罚"}}));
    return {};
  }
  d.timeline.at(
      when(3, 10),
      act(lead, "notify",
          {{"officers", two}, {"penalty", "fine"}, {"fine", c.fine}, {"basis", c.basis}}));
  if (c.stop == Stop::kNotified) return {};
  d.timeline.at(when(1, 15),
                act(lead, "statement", {{"content", "当事人对违法事实无异议，放弃陈述申辩"}}));
  if (c.major) {
    d.timeline.at(when(1, 10),
                  act("scjg_fz", "review",
                      {{"result", "pass"}, {"opinion", "事实清楚，证据确凿，程序合法，同意处罚"}}));
    d.timeline.at(when(1, 15), act(lead, "discuss",
                                   {{"members", "局长、分管副局长、法规科科长等7人"},
                                    {"conclusion", "同意按照拟处罚意见作出处罚决定"}}));
  }
  d.timeline.at(when(1, 10), act(lead, "decide",
                                 {{"officers", two},
                                  {"penalty", "fine"},
                                  {"fine", c.fine},
                                  {"breach_class", "ordinary"}}));
  // The decision's disclosure (公示) within seven working days: published on the second.
  auto decided_day = day;
  d.timeline.at(at(d.cal.add_working_days(decided_day, 2), 16), [&d, id] {
    auto list = d.caller.call("scjg_zf1", "GET", "/api/v1/enforcement/publications");
    if (!list) return Status(fail(list.error()));
    const json& items = list->is_array() ? *list : (*list)["publications"];
    for (const auto& p : items)
      if (p.value("case_id", json()) == json(*id) && p.value("published_on", json()).is_null()) {
        auto r = d.caller.call("scjg_zf1", "POST",
                               fmt::format("/api/v1/enforcement/publications/{}/publish",
                                           p["id"].get<std::int64_t>()));
        if (!r) return Status(fail(r.error()));
      }
    return Status{};
  });
  if (c.stop == Stop::kDecided) return {};
  d.timeline.at(when(1, 10), act(lead, "serve", {{"officers", two}, {"method", "direct"}}));
  if (c.stop == Stop::kServed) return {};
  d.timeline.at(when(4, 11), act(lead, "execute", {{"amount", c.fine}}));
  if (c.stop == Stop::kExecuted) return {};
  d.timeline.at(when(3, 16), act(lead, "archive", json::object()));
  return {};
}

Result<std::vector<Party>> parties(Demo& d) {
  auto e = d.caller.call("scjg_zf1", "GET", "/api/v1/enforcement/entities?limit=60");
  if (!e) return fail(e.error());
  std::vector<Party> out;
  const json& items = e->contains("entities") ? (*e)["entities"] : (*e)["items"];
  for (const auto& x : items)
    out.push_back({"organisation", x.value("name", ""), x.value("uscc", "")});
  return out;
}

Status plan_cases(Demo& d) {
  auto orgs = parties(d);
  if (!orgs) return fail(orgs.error());
  using S = Stop;
  const CasePlan kCases[] = {
      {ymd(2024, 3, 11), S::kArchived, "SC-04", "未按规定明码标价",
       "《价格违法行为行政处罚规定》第十三条", 2000, "inspection"},
      {ymd(2024, 3, 25), S::kArchived, "SC-01", "销售不符合保障人体健康标准的产品",
       "《中华人民共和国产品质量法》第四十九条", 8000, "complaint"},
      {ymd(2024, 4, 15), S::kArchived, "SC-03", "经营超过保质期的食品",
       "《中华人民共和国食品安全法》第一百二十四条", 60000, "report", true},
      {ymd(2024, 4, 22), S::kSpotArchived, "SC-11", "占道经营",
       "《城市市容和环境卫生管理条例》第三十六条", 100, "inspection"},
      {ymd(2024, 5, 13), S::kArchived, "SC-04", "未按规定明码标价",
       "《价格违法行为行政处罚规定》第十三条", 1500, "inspection"},
      {ymd(2024, 6, 3), S::kExecuted, "SC-01", "销售不符合保障人体健康标准的产品",
       "《中华人民共和国产品质量法》第四十九条", 12000, "referral"},
      {ymd(2024, 6, 24), S::kClosed, "SC-04", "未按规定明码标价",
       "《价格违法行为行政处罚规定》第十三条", 0, "inspection"},
      {ymd(2024, 7, 8), S::kServed, "SC-03", "经营超过保质期的食品",
       "《中华人民共和国食品安全法》第一百二十四条", 9000, "complaint"},
      {ymd(2024, 7, 22), S::kWithdrawn, "SC-01", "销售不符合保障人体健康标准的产品",
       "《中华人民共和国产品质量法》第四十九条", 0, "report"},
      {ymd(2024, 8, 12), S::kDecided, "SC-04", "未按规定明码标价",
       "《价格违法行为行政处罚规定》第十三条", 3000, "inspection"},
      {ymd(2024, 8, 26), S::kNotified, "SC-03", "经营超过保质期的食品",
       "《中华人民共和国食品安全法》第一百二十四条", 15000, "complaint"},
      {ymd(2024, 9, 2), S::kInvestigating, "SC-01", "销售不符合保障人体健康标准的产品",
       "《中华人民共和国产品质量法》第四十九条", 0, "inspection"},
      {ymd(2024, 9, 9), S::kSpot, "SC-11", "占道经营", "《城市市容和环境卫生管理条例》第三十六条",
       200, "inspection"},
      {ymd(2024, 9, 12), S::kFiled, "SC-04", "未按规定明码标价",
       "《价格违法行为行政处罚规定》第十三条", 0, "report"},
      {ymd(2024, 9, 19), S::kRegistered, "SC-03", "经营超过保质期的食品",
       "《中华人民共和国食品安全法》第一百二十四条", 0, "complaint"},
  };
  int n = 0;
  for (const auto& c : kCases) {
    ++n;
    Party party;
    if (c.stop == Stop::kSpot || c.stop == Stop::kSpotArchived || n % 5 == 0) {
      auto name = person_name(fmt::format("party-{}", n));
      party = {"individual", name, resident_id(name)};
    } else if (!orgs->empty()) {
      party = (*orgs)[std::size_t(n * 7) % orgs->size()];
    } else {
      continue;
    }
    if (auto st = plan_case(d, c, party, n); !st) return st;
  }
  return {};
}

// 双随机、一公开: a spring draw carried out and published, an autumn one under way.
Status plan_draws(Demo& d) {
  struct Round {
    Date on;
    const char* matter;
    const char* seed;
    Date ends;
    bool finish;
  };
  const Round kRounds[] = {
      {ymd(2024, 4, 8), "食品经营者监督检查", "福彩3D 2024090 318", ymd(2024, 6, 28), true},
      {ymd(2024, 9, 2), "产品质量监督抽查", "福彩3D 2024236 705", ymd(2024, 11, 29), false},
  };
  for (const auto& round : kRounds) {
    auto draw = std::make_shared<json>();
    d.timeline.at(at(round.on, 10), [&d, round, draw] {
      json plan = {{"matter", round.matter},
                   {"field", "市场监管"},
                   {"percent", {{"A", 2}, {"B", 4}, {"C", 10}, {"D", 30}}},
                   {"per_entity", 2},
                   {"seed", round.seed},
                   {"ends_on", format_date(round.ends)}};
      auto r = d.caller.call("scjg_zf1", "POST", "/api/v1/enforcement/draws", plan);
      if (!r) return Status(fail(r.error()));
      *draw = std::move(*r);
      ++d.out.draws;
      return Status{};
    });
    if (!round.finish) continue;
    // Results entered over May and June; published when the round ends.
    for (int i = 0; i < 60; ++i) {
      auto on = d.cal.add_working_days(round.on, 10 + i);
      if (on >= round.ends) break;
      d.timeline.at(at(on, 17), [&d, draw, i] {
        const auto& picks = (*draw)["picks"];
        if (std::size_t(i) >= picks.size()) return Status{};
        auto seq = picks[std::size_t(i)].value("seq", i + 1);
        bool problem = chance(fmt::format("pick-{}", i)) < 0.15;
        return d.caller.run("scjg_zf1", "POST",
                            fmt::format("/api/v1/enforcement/draws/{}/picks/{}/result",
                                        (*draw)["id"].get<std::int64_t>(), seq),
                            {{"result", problem ? "发现问题，已责令限期整改" : "未发现问题"}});
      });
    }
    d.timeline.at(at(round.ends, 16), [&d, draw] {
      return d.caller.run(
          "scjg_zf1", "POST",
          fmt::format("/api/v1/enforcement/draws/{}/publish", (*draw)["id"].get<std::int64_t>()));
    });
  }
  return {};
}

// 12345 and the public form: one complaint answered and closed, one being handled.
Status plan_complaints(Demo& d) {
  auto closed = std::make_shared<std::int64_t>(0);
  d.timeline.at(at(ymd(2024, 6, 17), 20, 15), [&d, closed] {
    auto r = d.caller.call("", "POST", "/api/v1/public/complaints",
                           {{"complainant", "赵先生"},
                            {"phone", "13839821156"},
                            {"subject", "执法检查时未出示执法证件"},
                            {"content", "6月14日下午市场监管人员到店检查，未主动出示执法证件。"},
                            {"unit", "市市场监管局"}});
    if (!r) return Status(fail(r.error()));
    *closed = (*r)["id"].get<std::int64_t>();
    ++d.out.complaints;
    return Status{};
  });
  d.timeline.at(at(ymd(2024, 6, 19), 10), [&d, closed] {
    return d.caller.run(
        "scjg_zf1", "POST", fmt::format("/api/v1/enforcement/complaints/{}/reply", *closed),
        {{"reply", "经核查，检查人员已出示执法证件，现场执法记录仪视频可查；已向当事人说明情况"}});
  });
  d.timeline.at(at(ymd(2024, 6, 24), 15), [&d, closed] {
    return d.caller.run("sfj_jd", "POST",
                        fmt::format("/api/v1/enforcement/complaints/{}/close", *closed),
                        {{"satisfaction", "基本满意"}});
  });
  d.timeline.at(at(ymd(2024, 9, 13), 9, 40), [&d] {
    auto r = d.caller.call("sfj_jd", "POST", "/api/v1/enforcement/complaints",
                           {{"ticket_no", "12345-20240913-0107"},
                            {"complainant", "钱女士"},
                            {"phone", "13903981122"},
                            {"subject", "对罚款金额有异议"},
                            {"content", "认为对其经营过期食品的罚款过重，请求复核。"},
                            {"unit", "市市场监管局"}});
    if (!r) return Status(fail(r.error()));
    ++d.out.complaints;
    return Status{};
  });
  return {};
}

// 案卷评查: the justice bureau samples archived cases in August and scores one.
Status plan_review(Demo& d) {
  d.timeline.at(at(ymd(2024, 8, 20), 10), [&d] {
    auto s = d.caller.call("sfj_jd", "POST", "/api/v1/enforcement/reviews/sample",
                           {{"count", 3}, {"seed", "2024年第三季度案卷评查"}});
    if (!s) return Status(fail(s.error()));
    if ((*s)["cases"].empty()) return Status{};
    auto list = d.caller.call("sfj_jd", "GET", "/api/v1/enforcement/reviews/checklist");
    if (!list) return Status(fail(list.error()));
    json scores = json::object();
    int i = 0;
    for (const auto& item : *list)
      scores[std::to_string(item["id"].get<int>())] =
          item["max_score"].get<int>() - (i++ % 4 == 0 ? 1 : 0);
    const auto& first = (*s)["cases"][0];
    auto id = first.is_object() ? first.value("id", std::int64_t(0)) : first.get<std::int64_t>();
    return d.caller.run(
        "sfj_jd", "POST", fmt::format("/api/v1/enforcement/cases/{}/file-review", id),
        {{"scores", scores}, {"comment", "文书制作规范，证据链完整；个别文书日期填写不规范"}});
  });
  return {};
}

// The demo network's built-up area and the demo fleet's register (data/demo), each once.
Status load_transit_registers(App& app) {
  auto slurp = [](const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  };
  Actor cli{std::nullopt, "cli", std::nullopt, "cli"};
  auto area = transit::current_built_up_area(app.store());
  if (!area) return fail(area.error());
  if (!*area) {
    auto a = transit::save_built_up_area(app.store(), "演示中心城区建成区",
                                         slurp(shipped_path("data/demo/built-up-area.geojson")),
                                         app.clock().now(), cli);
    if (!a) return fail(a.error());
  }
  auto fleet = transit::list_vehicles(app.store());
  if (!fleet) return fail(fleet.error());
  if (fleet->empty()) {
    auto r = transit::import_vehicles(app.store(), slurp(shipped_path("data/demo/vehicles.csv")),
                                      "vehicles.csv", app.clock().now(), cli, {});
    if (!r) return fail(r.error());
    std::printf("演示车辆档案已导入：%zu 辆\n", r->inserted);
  }
  return {};
}

}  // namespace

Instant demo_today() { return at(ymd(2024, 9, 20), 10); }

Result<DemoActivity> load_demo_activity(App& app, ManualClock& clock, Instant today) {
  Demo d{app, Caller(app), {}, {}, app.calendar(), shanghai_date(today)};
  // Once: a database with a filed report has its activity.
  auto filed = app.reporting().any_report_filed();
  if (!filed) return fail(filed.error());
  if (*filed) {
    d.out.skipped = true;
    return d.out;
  }
  clock.set(at(ymd(2024, 3, 1), 8));
  std::shared_ptr<std::map<std::int64_t, std::string>> reporters;
  for (auto* plan : {&plan_reports, &plan_inspections})
    if (auto st = (*plan)(d, reporters); !st) return fail(st.error());
  for (auto* plan : {&plan_commitments, &plan_cases, &plan_draws, &plan_complaints, &plan_review})
    if (auto st = (*plan)(d); !st) return fail(st.error());
  if (auto st = d.timeline.run(clock, today); !st) return fail(st.error());
  return d.out;
}

Status load_demo_database(const Config& config, const DemoOptions& options) {
  // Records of the activity carry the dates it happened on; without it the real clock is kept.
  ManualClock demo_clock(demo_today());
  auto app = App::open(config, options.activity ? &demo_clock : nullptr);
  if (!app) return fail(app.error());
  if (options.activity) demo_clock.set(at(ymd(2024, 2, 26), 9));  // the notices' first days
  auto pw = load_demo(**app, options.gazette);
  if (!pw) return fail(pw.error());
  if (options.activity) {
    auto a = load_demo_activity(**app, demo_clock, demo_today());
    if (!a) return fail(a.error());
    if (a->skipped)
      std::printf("演示年度数据已存在，未重复生成\n");
    else
      std::printf(
          "演示年度数据已生成（截至 2024年9月20日）：填报账号 %d 个，进展报告 %d 份，通报 %d 期，"
          "督查记录 %d 条，执法案件 %d 件，双随机抽查 %d 次，投诉 %d 件\n",
          a->reporters, a->reports, a->bulletins, a->inspections, a->cases, a->draws,
          a->complaints);
  }
  if (!options.gtfs.empty()) {
    // Once: a demo database keeps the feed it already has.
    auto feeds = transit::list_feeds((*app)->store());
    if (!feeds) return fail(feeds.error());
    if (feeds->empty()) {
      auto feed = transit::load_feed(options.gtfs);
      if (!feed) return fail(feed.error());
      Actor cli{std::nullopt, "cli", std::nullopt, "cli"};
      auto v = transit::import_feed((*app)->store(), *feed,
                                    std::filesystem::path(options.gtfs).filename().string(), false,
                                    {}, (*app)->clock().now(), cli);
      if (!v) return fail(v.error());
      std::printf("演示公交数据已导入：%s（%zu 条线路，%zu 个站点）\n", v->name.c_str(),
                  feed->routes.size(), feed->stops.size());
      // The planner's optimal blocks of a weekday published, as a city would before service:
      // buses run 路牌 and dispatchers assign buses and drivers to them. Up to 1.5 km of
      // deadhead, 10 minutes' layover (the feed's terminals of one line are often apart).
      auto source = transit::Network::load((*app)->store());
      if (!source) return fail(source.error());
      const transit::scheduling::BlockOptions o{
          .min_layover_s = 600, .max_deadhead_m = 1500, .deadhead_speed_mps = 20 / 3.6};
      auto p = transit::scheduling::publish_blocks(
          (*app)->store(), **source, v->name, false,
          (*source)->timetable_day(*parse_date("2024-09-19")), o, (*app)->clock().now(), cli);
      if (!p) return fail(p.error());
      std::printf("演示车辆排班已发布：%d 个路牌，%d 个班次\n", p->vehicles, p->trips);
    }
    // The month of operations records before the demo's today (simulated visits), so the KPI
    // page has days to show.
    auto n = transit::Network::load((*app)->store());
    if (!n) return fail(n.error());
    Actor cli{std::nullopt, "cli", std::nullopt, "cli"};
    auto days = transit::kpi::record_simulated_days((*app)->store(), **n, *parse_date("2024-09-19"),
                                                    30, (*app)->clock().now(), cli);
    if (!days) return fail(days.error());
    if (*days) std::printf("演示公交运营记录已生成：%d 天（模拟到离站）\n", *days);
    if (auto st = load_demo_flow_day((*app)->store(), **n, (*app)->clock().now()); !st) return st;
    if (auto st = load_transit_registers(**app); !st) return st;
  }
  // The plan's targets' monthly figures from what was just loaded (the job round keeps them
  // current from here on).
  auto figures = (*app)->feed_ledger(/*force=*/true);
  if (!figures) return fail(figures.error());
  if ((*figures)["recorded"].get<int>() > 0)
    std::printf("量化目标月度数值已自动采集：%d 项\n", (*figures)["recorded"].get<int>());
  std::printf("演示数据已加载。登录：admin / %s（其他角色见 README）\n", pw->c_str());
  return {};
}

}  // namespace zt
