// A unit's own rules: settings, the major-decision catalogue, discretion benchmarks, monitoring
// devices, and officers' declared conflicts. Kept by the unit's legal reviewers (法制机构).
#include <fmt/format.h>

#include "core/audit.hpp"
#include "enforcement/cases.hpp"

namespace zt::enforcement {
namespace {

using nlohmann::json;

Status legal_staff(const Principal& p) {
  if (p.can(Permission::kCaseReview)) return {};
  return fail(Error::forbidden("只有本单位法制审核人员可以维护执法规则"));
}

template <class Fn>
Result<std::int64_t> audited_insert(Store& store, const Clock& clock, const Principal& p,
                                    const std::string& request_id, const char* action,
                                    const char* type, const std::string& summary, const json& after,
                                    Fn&& insert) {
  return store.transact_value<std::int64_t>([&](Tx& tx) -> Result<std::int64_t> {
    Result<std::int64_t> id = insert(tx);
    if (!id) return id;
    auto a = append_audit(
        tx, p.actor(request_id).entry(action, type, std::to_string(*id), summary, "", after.dump()),
        clock.now());
    if (!a) return fail(a.error());
    return id;
  });
}

}  // namespace

Status Cases::set_setting(const Principal& p, std::int64_t unit, const std::string& name,
                          const std::string& value, const std::string& request_id) {
  if (auto s = legal_staff(p); !s) return s;
  if (unit != p.unit.value) return fail(Error::forbidden("只能维护本单位的设置"));
  Settings probe;
  if (auto s = apply_setting(probe, name, value); !s) return s;
  return store_.transact([&](Tx& tx) -> Status {
    auto old =
        tx.query("SELECT value FROM ef_settings WHERE unit_id = $1 AND name = $2", {unit, name});
    if (!old) return fail(old.error());
    auto r = old->rows.empty()
                 ? tx.query("INSERT INTO ef_settings (unit_id, name, value) VALUES ($1, $2, $3)",
                            {unit, name, value})
                 : tx.query("UPDATE ef_settings SET value = $3 WHERE unit_id = $1 AND name = $2",
                            {unit, name, value});
    if (!r) return fail(r.error());
    auto a =
        append_audit(tx,
                     p.actor(request_id)
                         .entry("enforcement.setting", "unit", std::to_string(unit),
                                fmt::format("执法设置 {} = {}", name, value),
                                old->rows.empty() ? "" : json{{name, old->rows[0].str(0)}}.dump(),
                                json{{name, value}}.dump()),
                     clock_.now());
    if (!a) return fail(a.error());
    return {};
  });
}

Status Cases::declare_conflict(const Principal& p, const std::string& username,
                               const std::string& party_id, const std::string& reason,
                               const std::string& request_id) {
  if (username != p.username && !p.can(Permission::kCaseReview))
    return fail(Error::forbidden("只能申报本人的利害关系，或由法制审核人员登记"));
  if (party_id.empty()) return fail(Error::invalid("请填写当事人证件号码或信用代码", "party_id"));
  if (reason.empty()) return fail(Error::invalid("请填写利害关系", "reason"));
  auto id = audited_insert(
      store_, clock_, p, request_id, "enforcement.conflict", "user", "申报利害关系：" + username,
      json{{"party_id", party_id}, {"reason", reason}}, [&](Tx& tx) -> Result<std::int64_t> {
        auto u = tx.query("SELECT id, unit_id FROM users WHERE username = $1", {username});
        if (!u) return fail(u.error());
        if (u->rows.empty() || u->rows[0].i64(1) != p.unit.value)
          return fail(Error::invalid("本单位没有这个人员：" + username, "username"));
        auto r = tx.query(
            "INSERT INTO ef_conflicts (user_id, party_id, reason) VALUES ($1, $2, $3) RETURNING "
            "user_id",
            {u->rows[0].i64(0), party_id, reason});
        if (!r) return fail(r.error());
        return r->rows[0].i64(0);
      });
  if (!id) return fail(id.error());
  return {};
}

Result<std::int64_t> Cases::add_catalogue(const Principal& p, std::optional<std::string> violation,
                                          std::optional<double> min_fine,
                                          const std::string& description,
                                          const std::string& request_id) {
  if (auto s = legal_staff(p); !s) return fail(s.error());
  if (!violation && !min_fine)
    return fail(Error::invalid("目录条目须列明违法行为编码或罚款金额起点", "violation_code"));
  if (description.empty()) return fail(Error::invalid("请填写事项说明", "description"));
  return audited_insert(store_, clock_, p, request_id, "enforcement.catalogue", "catalogue",
                        "重大执法决定法制审核目录：" + description,
                        json{{"violation_code", violation ? json(*violation) : json(nullptr)},
                             {"min_fine", min_fine ? json(*min_fine) : json(nullptr)}},
                        [&](Tx& tx) -> Result<std::int64_t> {
                          auto r = tx.query(
                              "INSERT INTO ef_major_catalogue (unit_id, violation_code, min_fine, "
                              "description) VALUES ($1, $2, $3, $4) RETURNING id",
                              {p.unit.value, violation ? Param(*violation) : Param(nullptr),
                               min_fine ? Param(*min_fine) : Param(nullptr), description});
                          if (!r) return fail(r.error());
                          return r->rows[0].i64(0);
                        });
}

Result<std::int64_t> Cases::add_benchmark(const Principal& p, const std::string& violation,
                                          const std::string& name, const std::string& basis,
                                          double fine_min, double fine_max,
                                          const std::string& request_id) {
  if (auto s = legal_staff(p); !s) return fail(s.error());
  if (violation.empty()) return fail(Error::invalid("请填写违法行为编码", "violation_code"));
  if (name.empty()) return fail(Error::invalid("请填写违法行为名称", "name"));
  if (basis.empty()) return fail(Error::invalid("请填写处罚依据", "basis"));
  if (fine_min < 0 || fine_max < fine_min)
    return fail(Error::invalid("罚款幅度须为 0 ≤ 下限 ≤ 上限", "fine_max"));
  return audited_insert(
      store_, clock_, p, request_id, "enforcement.benchmark", "benchmark", "裁量基准：" + name,
      json{{"violation_code", violation}, {"fine_min", fine_min}, {"fine_max", fine_max}},
      [&](Tx& tx) -> Result<std::int64_t> {
        auto r = tx.query(
            "INSERT INTO ef_benchmarks (unit_id, violation_code, name, basis, fine_min, fine_max) "
            "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            {p.unit.value, violation, name, basis, fine_min, fine_max});
        if (!r) return fail(r.error());
        return r->rows[0].i64(0);
      });
}

Result<std::int64_t> Cases::add_device(const Principal& p, const std::string& code,
                                       const std::string& location, bool reviewed, bool published,
                                       const std::string& request_id) {
  if (auto s = legal_staff(p); !s) return fail(s.error());
  if (code.empty()) return fail(Error::invalid("请填写设备编号", "code"));
  if (location.empty()) return fail(Error::invalid("请填写设置地点", "location"));
  const std::string day = format_date(today());
  return audited_insert(
      store_, clock_, p, request_id, "enforcement.device", "device", "监控设备：" + code,
      json{
          {"code", code}, {"location", location}, {"reviewed", reviewed}, {"published", published}},
      [&](Tx& tx) -> Result<std::int64_t> {
        auto r = tx.query(
            "INSERT INTO ef_devices (unit_id, code, location, reviewed_on, published_on) VALUES "
            "($1, $2, $3, $4, $5) RETURNING id",
            {p.unit.value, code, location, reviewed ? Param(day) : Param(nullptr),
             published ? Param(day) : Param(nullptr)});
        if (!r) return fail(r.error());
        return r->rows[0].i64(0);
      });
}

Result<json> Cases::rules_of(std::int64_t unit) {
  auto s = settings(unit);
  if (!s) return fail(s.error());
  json out = {{"settings",
               {{"hearing_fine_individual", s->hearing_fine_individual},
                {"hearing_fine_organisation", s->hearing_fine_organisation},
                {"statement_days", s->statement_days}}}};
  auto cat = store_.query(
      "SELECT id, violation_code, min_fine, description FROM ef_major_catalogue WHERE unit_id = $1 "
      "ORDER BY id",
      {unit});
  if (!cat) return fail(cat.error());
  out["catalogue"] = json::array();
  for (const auto& r : cat->rows)
    out["catalogue"].push_back({{"id", r.i64(0)},
                                {"violation_code", r.opt_str(1) ? json(r.str(1)) : json(nullptr)},
                                {"min_fine", r.is_null(2) ? json(nullptr) : json(r.f64(2))},
                                {"description", r.str(3)}});
  auto b = store_.query(
      "SELECT id, violation_code, name, basis, fine_min, fine_max FROM ef_benchmarks WHERE unit_id "
      "= $1 ORDER BY violation_code",
      {unit});
  if (!b) return fail(b.error());
  out["benchmarks"] = json::array();
  for (const auto& r : b->rows)
    out["benchmarks"].push_back({{"id", r.i64(0)},
                                 {"violation_code", r.str(1)},
                                 {"name", r.str(2)},
                                 {"basis", r.str(3)},
                                 {"fine_min", r.f64(4)},
                                 {"fine_max", r.f64(5)}});
  auto d = store_.query(
      "SELECT id, code, location, reviewed_on, published_on FROM ef_devices WHERE unit_id = $1 "
      "ORDER BY code",
      {unit});
  if (!d) return fail(d.error());
  out["devices"] = json::array();
  for (const auto& r : d->rows)
    out["devices"].push_back({{"id", r.i64(0)},
                              {"code", r.str(1)},
                              {"location", r.str(2)},
                              {"reviewed_on", r.opt_str(3) ? json(r.str(3)) : json(nullptr)},
                              {"published_on", r.opt_str(4) ? json(r.str(4)) : json(nullptr)}});
  return out;
}

}  // namespace zt::enforcement
