// GET/PUT/DELETE …/dispatch/assignments: the day's buses and drivers on the timetable's blocks.
#include <set>

#include <fmt/format.h>

#include "core/http_fields.hpp"
#include "transit/dispatch/api_dispatch.hpp"
#include "transit/dispatch/assignments.hpp"
#include "transit/positions.hpp"
#include "transit/register/vehicle_register.hpp"

namespace zt::transit::dispatch {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

constexpr const char* kRefusal = "只有公交调度员或管理员可以排车";
constexpr std::size_t kMaxDriverName = 64;  // bytes: 21 Chinese characters
constexpr std::size_t kMaxDriverNo = 20;

Result<Date> path_date(const Request& req) {
  auto d = parse_date(req.params.at("date"));
  if (!d) return fail(Error::invalid("运营日期须为 YYYY-MM-DD：" + req.params.at("date"), "date"));
  return *d;
}

// The block must run on the date in the active feed.
Result<std::string> path_block(const Request& req, const Network& n, Date date) {
  const auto& id = req.params.at("block");
  if (id.empty() || id.size() > 64) return fail(Error::invalid("路牌编号须为 1-64 字节", "block"));
  for (const auto& b : blocks_on(n, date))
    if (b.block_id == id) return id;
  return fail(Error::not_found(fmt::format("{} 没有运营路牌 {}", format_date(date), id)));
}

// With an operating unit configured ([dispatch] unit_id), only its dispatchers arrange (and
// those who see all units); its assignments are that unit's (assignments.hpp).
Status may_arrange(const Request& req, const std::optional<std::int64_t>& unit) {
  if (unit && !req.who().may_see_unit(UnitId{*unit}))
    return fail(Error::forbidden("车辆排班属于运营单位的调度，无权修改"));
  return {};
}

Result<Assignment> assignment_of(const Request& req, Date date, std::string block) {
  auto body = http::parse_json_document(req.body);
  if (!body) return fail(body.error());
  if (!body->is_object()) return fail(Error::invalid("请求体须为 JSON 对象", "body"));
  Assignment a;
  a.date = date;
  a.block_id = std::move(block);
  auto vehicle = http::require_string(*body, "vehicle_id", false, 64);
  if (!vehicle) return fail(vehicle.error());
  auto name = http::optional_string(*body, "driver_name", kMaxDriverName);
  if (!name) return fail(name.error());
  auto no = http::optional_string(*body, "driver_no", kMaxDriverNo);
  if (!no) return fail(no.error());
  for (char c : no->value_or(""))
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-')
      return fail(Error::invalid("驾驶员工号只能含字母、数字和连字符", "driver_no"));
  a.vehicle_id = *vehicle;
  a.driver_name = name->value_or("");
  a.driver_no = no->value_or("");
  return a;
}

// The buses a dispatcher can choose: the register's plates and the ones on the air now.
json choosable(const Services& sv) {
  std::map<std::string, std::string> label;
  if (auto reg = list_vehicles(sv.store))
    for (const auto& v : *reg) label.emplace(v.plate, v.plate);
  for (const auto& r : sv.positions.live(std::chrono::seconds(600)))
    label.emplace(r.vehicle_id, r.label.empty() ? r.vehicle_id : r.label);
  json out = json::array();
  for (const auto& [id, l] : label) out.push_back({{"vehicle_id", id}, {"label", l}});
  return out;
}

}  // namespace

void register_assignment_routes(http::Router& router, const Services& sv,
                                std::optional<std::int64_t> unit) {
  router.add(
      "GET", "/api/v1/transit/dispatch/assignments", Permission::kTransit,
      "The blocks (路牌) running on ?date=YYYY-MM-DD (default: the transit clock's service day) "
      "in the active feed, each with its bus and driver when assigned, and the buses that can be "
      "chosen",
      [&sv](Request& req) -> Result<Response> {
        auto asked = http::query_date(req, "date");
        if (!asked) return fail(asked.error());
        auto n = sv.network.get();
        if (!n) return fail(n.error());
        const std::int64_t now = unix_seconds(sv.clock.now());
        // Beijing's date before any feed (which names its own zone) is imported.
        const Date today =
            (*n)->empty() ? Date(std::chrono::floor<std::chrono::days>(
                                std::chrono::sys_seconds(std::chrono::seconds(now + 8 * 3600))))
                          : (*n)->local_date(now);
        const auto date = std::optional<Date>(asked->value_or(today));
        auto list = list_assignments(sv.store, *date);
        if (!list) return fail(list.error());
        std::map<std::string, const Assignment*> by_block;
        for (const auto& a : *list) by_block[a.block_id] = &a;
        json blocks = json::array();
        int assigned = 0;
        for (const auto& b : blocks_on(**n, *date)) {
          auto it = by_block.find(b.block_id);
          if (it != by_block.end()) ++assigned;
          blocks.push_back(
              {{"block_id", b.block_id},
               {"routes", b.routes},
               {"first_departure", format_gtfs_time(b.first_departure)},
               {"last_arrival", format_gtfs_time(b.last_arrival)},
               {"trips", b.trips},
               {"assignment", it == by_block.end() ? json(nullptr) : it->second->to_json()}});
        }
        return Response::json({{"date", format_date(*date)},
                               {"feed_version", (*n)->version()},
                               {"blocks", std::move(blocks)},
                               {"assigned", assigned},
                               {"vehicles", choosable(sv)}});
      });
  router.add(
      "PUT", "/api/v1/transit/dispatch/assignments/{date}/{block}",
      {Permission::kTransitDispatch, http::Scope::kOwnUnit, kRefusal},
      "Puts a bus and its driver on a block for a day {vehicle_id, driver_name?, driver_no?} "
      "(dispatcher of the operating unit, admin); a bus already on another block is a 409",
      [&sv, unit](Request& req) -> Result<Response> {
        if (auto st = may_arrange(req, unit); !st) return fail(st.error());
        auto date = path_date(req);
        if (!date) return fail(date.error());
        auto n = sv.network.get();
        if (!n) return fail(n.error());
        auto block = path_block(req, **n, *date);
        if (!block) return fail(block.error());
        auto a = assignment_of(req, *date, *block);
        if (!a) return fail(a.error());
        a->unit = unit;
        auto done = put_assignment(sv.store, std::move(*a), req.actor(), req.who().sees_all_units(),
                                   sv.records_clock.now());
        if (!done) return fail(done.error());
        return Response::json(done->to_json());
      });
  router.add("DELETE", "/api/v1/transit/dispatch/assignments/{date}/{block}",
             {Permission::kTransitDispatch, http::Scope::kOwnUnit, kRefusal},
             "Takes the bus off a block for the day (dispatcher of the operating unit, admin); "
             "{\"removed\":false} when none was on it",
             [&sv, unit](Request& req) -> Result<Response> {
               if (auto st = may_arrange(req, unit); !st) return fail(st.error());
               auto date = path_date(req);
               if (!date) return fail(date.error());
               const auto& block = req.params.at("block");
               if (block.empty() || block.size() > 64)
                 return fail(Error::invalid("路牌编号须为 1-64 字节", "block"));
               auto removed = remove_assignment(sv.store, *date, block, req.actor(),
                                                req.who().sees_all_units(), sv.records_clock.now());
               if (!removed) return fail(removed.error());
               return Response::json({{"removed", *removed}});
             });
}

}  // namespace zt::transit::dispatch
