#include "enforcement/draws.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "core/audit.hpp"
#include "core/batch_insert.hpp"
#include "core/digest.hpp"
#include "enforcement/draw.hpp"

namespace zt::enforcement {
namespace {

using nlohmann::json;

Status draw_staff(const Principal& p) {
  if (p.can(Permission::kEnforcementStaff)) return {};
  return fail(Error::forbidden("只有执法单位人员可以组织抽查"));
}

json percent_json(const std::array<int, 4>& pc) {
  return {{"A", pc[0]}, {"B", pc[1]}, {"C", pc[2]}, {"D", pc[3]}};
}

}  // namespace

Result<json> Draws::create(const Principal& p, const NewDraw& in, const std::string& request_id) {
  if (auto s = draw_staff(p); !s) return fail(s.error());
  if (in.matter.empty()) return fail(Error::invalid("请填写抽查事项", "matter"));
  if (in.field.empty()) return fail(Error::invalid("请填写执法领域", "field"));
  if (in.per_entity < 2)
    return fail(Error::rule_violation("two-officers", "每户至少派两名检查人员"));
  for (int pc : in.percent)
    if (pc < 0 || pc > 100) return fail(Error::invalid("抽查比例须在 0 到 100 之间", "percent"));
  if (in.ends_on && !parse_date(*in.ends_on))
    return fail(Error::invalid("检查结束日期须为 YYYY-MM-DD", "ends_on"));
  DrawInput input;
  input.percent = in.percent;
  input.per_entity = in.per_entity;
  std::vector<Param> params;
  std::string where = "1 = 1";
  if (!in.industry.empty()) {
    params.emplace_back(in.industry);
    where += fmt::format(" AND industry = ${}", params.size());
  }
  if (!in.area.empty()) {
    params.emplace_back(in.area);
    where += fmt::format(" AND area = ${}", params.size());
  }
  auto e = store_.query(
      "SELECT uscc, name, credit_class FROM ef_entities WHERE " + where + " ORDER BY uscc",
      std::span<const Param>(params));
  if (!e) return fail(e.error());
  input.entities.reserve(e->rows.size());
  for (const auto& r : e->rows) input.entities.push_back({r.str(0), r.str(1), r.str(2)[0]});
  // Byte order, whatever the database's collation.
  std::sort(input.entities.begin(), input.entities.end(),
            [](const DrawEntity& a, const DrawEntity& b) { return a.uscc < b.uscc; });
  if (input.entities.empty())
    return fail(Error::invalid("名录中没有符合条件的市场主体", "industry"));
  // Only inspectors of this unit whose certificate is valid today and covers the field.
  const std::string today = format_date(shanghai_date(clock_.now()));
  auto i = store_.query(
      "SELECT id, cert_no, name, fields, conflicts FROM ef_inspectors WHERE unit_id = $1 AND "
      "cert_valid_to >= $2 ORDER BY id",
      {p.unit.value, today});
  if (!i) return fail(i.error());
  for (const auto& r : i->rows) {
    std::string fields = ";" + r.str(3) + ";";
    if (fields.find(";" + in.field + ";") == std::string::npos) continue;
    DrawInspector d{r.i64(0), r.str(1), r.str(2), {}};
    std::string c = r.str(4);
    for (std::size_t s = 0, end; s < c.size(); s = end + 1) {
      end = c.find(';', s);
      if (end == std::string::npos) end = c.size();
      if (end > s) d.conflicts.push_back(c.substr(s, end - s));
    }
    std::sort(d.conflicts.begin(), d.conflicts.end());
    input.inspectors.push_back(std::move(d));
  }
  std::string seed = in.seed.empty() ? random_hex(16) : in.seed;
  json filter = {{"industry", in.industry},
                 {"area", in.area},
                 {"percent", percent_json(in.percent)},
                 {"per_entity", in.per_entity}};
  return record(p, in.matter, in.field, filter, seed, snapshot_text(input), std::nullopt, "",
                in.ends_on, request_id);
}

Result<json> Draws::record(const Principal& p, const std::string& matter, const std::string& field,
                           const json& filter, const std::string& seed, const std::string& snapshot,
                           std::optional<std::int64_t> supersedes, const std::string& reason,
                           std::optional<std::string> ends_on, const std::string& request_id) {
  auto input = parse_snapshot(snapshot);
  if (!input) return fail(input.error());
  input->seed = seed;
  const auto snapshot_digest = sha256_hex(snapshot);
  auto picks = run_draw(*input, snapshot_digest);
  if (!picks) return fail(picks.error());
  const auto digest = result_digest(*input, *picks);
  auto id = store_.transact_value<std::int64_t>([&](Tx& tx) -> Result<std::int64_t> {
    auto r = tx.query(
        "INSERT INTO ef_draws (unit_id, matter, field, filter, ratios, per_entity, seed, "
        "algorithm, drawn_on, snapshot_digest, snapshot, result_digest, supersedes, reason, "
        "ends_on, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, "
        "$12, $13, $14, $15, $16, $17) RETURNING id",
        {p.unit.value, matter, field, filter.dump(), percent_json(input->percent).dump(),
         std::int64_t(input->per_entity), seed, std::string(kDrawAlgorithm),
         format_date(shanghai_date(clock_.now())), sha256_hex(snapshot), Blob{snapshot}, digest,
         supersedes ? Param(*supersedes) : Param(nullptr), reason,
         ends_on ? Param(*ends_on) : Param(nullptr), p.id.value, unix_seconds(clock_.now())});
    if (!r) return fail(r.error());
    auto id = r->rows[0].i64(0);
    BatchInsert b(tx, "ef_draw_picks",
                  {"draw_id", "seq", "entity_uscc", "entity_name", "credit_class", "inspectors"},
                  picks->size());
    for (std::size_t k = 0; k < picks->size(); ++k) {
      const auto& pick = (*picks)[k];
      const auto& e = input->entities[pick.entity];
      std::string names;
      for (auto ins : pick.inspectors)
        names += (names.empty() ? "" : "、") + input->inspectors[ins].name + "（" +
                 input->inspectors[ins].cert_no + "）";
      if (auto s = b.add(
              {id, std::int64_t(k + 1), e.uscc, e.name, std::string(1, e.credit_class), names});
          !s)
        return fail(s.error());
    }
    if (auto s = b.flush(); !s) return fail(s.error());
    auto a = append_audit(
        tx,
        p.actor(request_id)
            .entry(supersedes ? "draw.redraw" : "draw.create", "draw", std::to_string(id),
                   fmt::format("{}抽查「{}」：{} 户，种子 {}", supersedes ? "重新" : "", matter,
                               picks->size(), seed),
                   "",
                   json{{"seed", seed},
                        {"snapshot_digest", sha256_hex(snapshot)},
                        {"result_digest", digest},
                        {"supersedes", supersedes ? json(*supersedes) : json(nullptr)}}
                       .dump()),
        clock_.now());
    if (!a) return fail(a.error());
    return id;
  });
  if (!id) return fail(id.error());
  return get(p, *id);
}

Result<json> Draws::redraw(const Principal& p, std::int64_t id, const std::string& seed,
                           const std::string& reason, const std::string& request_id) {
  if (auto s = draw_staff(p); !s) return fail(s.error());
  if (reason.empty()) return fail(Error::invalid("请填写重新抽取的理由", "reason"));
  auto r = store_.query(
      "SELECT unit_id, matter, field, filter, snapshot, ends_on FROM ef_draws WHERE id = $1", {id});
  if (!r) return fail(r.error());
  if (r->rows.empty() || r->rows[0].i64(0) != p.unit.value)
    return fail(Error::not_found("没有这次抽查"));
  const auto& row = r->rows[0];
  return record(p, row.str(1), row.str(2), json::parse(row.str(3)),
                seed.empty() ? random_hex(16) : seed, row.str(4), id, reason, row.opt_str(5),
                request_id);
}

Result<json> Draws::verify(std::int64_t id) {
  auto r = store_.query(
      "SELECT seed, algorithm, snapshot, snapshot_digest, result_digest FROM ef_draws WHERE id = "
      "$1",
      {id});
  if (!r) return fail(r.error());
  if (r->rows.empty()) return fail(Error::not_found(fmt::format("没有编号为 {} 的抽查", id)));
  const auto& row = r->rows[0];
  json out = {{"draw", id}, {"algorithm", row.str(1)}, {"seed", row.str(0)}};
  const auto& snapshot = row.str(2);
  out["snapshot_ok"] = sha256_hex(snapshot) == row.str(3);
  auto input = parse_snapshot(snapshot);
  if (!input) return fail(input.error());
  input->seed = row.str(0);
  auto picks = run_draw(*input, sha256_hex(snapshot));
  if (!picks) return fail(picks.error());
  auto stored =
      store_.query("SELECT entity_uscc FROM ef_draw_picks WHERE draw_id = $1 ORDER BY seq", {id});
  if (!stored) return fail(stored.error());
  bool same = stored->rows.size() == picks->size();
  for (std::size_t k = 0; same && k < picks->size(); ++k)
    same = stored->rows[k].str(0) == input->entities[(*picks)[k].entity].uscc;
  out["result_digest"] = result_digest(*input, *picks);
  out["recorded_digest"] = row.str(4);
  out["picks"] = picks->size();
  out["same"] = same && out["result_digest"] == out["recorded_digest"] && out["snapshot_ok"];
  return out;
}

Result<json> Draws::get(const Principal& p, std::int64_t id) {
  auto r = store_.query(
      "SELECT d.id, d.unit_id, u.name, d.matter, d.field, d.filter, d.seed, d.algorithm, "
      "d.drawn_on, d.snapshot_digest, d.result_digest, d.supersedes, d.reason, d.ends_on, "
      "(SELECT MIN(n.id) FROM ef_draws n WHERE n.supersedes = d.id) FROM ef_draws d JOIN units u "
      "ON u.id = d.unit_id WHERE d.id = $1",
      {id});
  if (!r) return fail(r.error());
  if (r->rows.empty() || !p.may_see_unit(UnitId{r->rows[0].i64(1)}))
    return fail(Error::not_found("没有这次抽查"));
  const auto& row = r->rows[0];
  json out = {{"id", row.i64(0)},
              {"unit", row.str(2)},
              {"matter", row.str(3)},
              {"field", row.str(4)},
              {"filter", json::parse(row.str(5))},
              {"seed", row.str(6)},
              {"algorithm", row.str(7)},
              {"drawn_on", row.str(8)},
              {"snapshot_digest", row.str(9)},
              {"result_digest", row.str(10)},
              {"supersedes", row.opt_i64(11) ? json(*row.opt_i64(11)) : json(nullptr)},
              {"reason", row.str(12)},
              {"ends_on", row.opt_str(13) ? json(row.str(13)) : json(nullptr)},
              {"superseded_by", row.opt_i64(14) ? json(*row.opt_i64(14)) : json(nullptr)}};
  if (auto e = row.opt_str(13))
    out["publish_due"] = format_date(calendar_.add_working_days(*parse_date(*e), 20));
  auto picks = store_.query(
      "SELECT seq, entity_uscc, entity_name, credit_class, inspectors, result, result_on, "
      "published_on FROM ef_draw_picks WHERE draw_id = $1 ORDER BY seq LIMIT 5000",
      {id});
  if (!picks) return fail(picks.error());
  out["picks"] = json::array();
  for (const auto& pr : picks->rows)
    out["picks"].push_back({{"seq", pr.i64(0)},
                            {"uscc", pr.str(1)},
                            {"name", pr.str(2)},
                            {"credit_class", pr.str(3)},
                            {"inspectors", pr.str(4)},
                            {"result", pr.opt_str(5) ? json(pr.str(5)) : json(nullptr)},
                            {"result_on", pr.opt_str(6) ? json(pr.str(6)) : json(nullptr)},
                            {"published_on", pr.opt_str(7) ? json(pr.str(7)) : json(nullptr)}});
  return out;
}

Result<json> Draws::list(const Principal& p) {
  std::vector<Param> params;
  std::string sql =
      "SELECT d.id, u.name, d.matter, d.drawn_on, d.seed, d.supersedes, (SELECT COUNT(*) FROM "
      "ef_draw_picks k WHERE k.draw_id = d.id), (SELECT MIN(n.id) FROM ef_draws n WHERE "
      "n.supersedes = d.id) FROM ef_draws d JOIN units u ON u.id = d.unit_id";
  if (!p.sees_all_units()) {
    sql += " WHERE d.unit_id = $1";
    params.emplace_back(p.unit.value);
  }
  auto r = store_.query(sql + " ORDER BY d.id DESC", std::span<const Param>(params));
  if (!r) return fail(r.error());
  json out = json::array();
  for (const auto& row : r->rows)
    out.push_back({{"id", row.i64(0)},
                   {"unit", row.str(1)},
                   {"matter", row.str(2)},
                   {"drawn_on", row.str(3)},
                   {"seed", row.str(4)},
                   {"supersedes", row.opt_i64(5) ? json(*row.opt_i64(5)) : json(nullptr)},
                   {"picks", row.i64(6)},
                   {"superseded_by", row.opt_i64(7) ? json(*row.opt_i64(7)) : json(nullptr)}});
  return out;
}

Status Draws::enter_result(const Principal& p, std::int64_t id, int seq, const std::string& result,
                           const std::string& request_id) {
  if (auto s = draw_staff(p); !s) return s;
  if (result.empty()) return fail(Error::invalid("请填写检查结果", "result"));
  return store_.transact([&](Tx& tx) -> Status {
    auto d = tx.query(
        "SELECT d.unit_id, (SELECT MIN(n.id) FROM ef_draws n WHERE n.supersedes = d.id), "
        "k.published_on FROM ef_draws d JOIN ef_draw_picks k ON k.draw_id = d.id WHERE d.id = $1 "
        "AND k.seq = $2",
        {id, std::int64_t(seq)});
    if (!d) return fail(d.error());
    if (d->rows.empty() || d->rows[0].i64(0) != p.unit.value)
      return fail(Error::not_found("没有这条抽查记录"));
    if (!d->rows[0].is_null(1))
      return fail(
          Error::rule_violation("draw-superseded", "这次抽查已被重新抽取，请在新记录中录入"));
    if (!d->rows[0].is_null(2)) return fail(Error::conflict("结果已公示，不能修改"));
    const std::string day = format_date(shanghai_date(clock_.now()));
    auto u = tx.query(
        "UPDATE ef_draw_picks SET result = $1, result_on = $2 WHERE draw_id = $3 AND seq = $4",
        {result, day, id, std::int64_t(seq)});
    if (!u) return fail(u.error());
    auto a = append_audit(tx,
                          p.actor(request_id)
                              .entry("draw.result", "draw", std::to_string(id),
                                     fmt::format("录入第{}户检查结果", seq), "",
                                     json{{"seq", seq}, {"result", result}}.dump()),
                          clock_.now());
    if (!a) return fail(a.error());
    return {};
  });
}

Status Draws::publish_results(const Principal& p, std::int64_t id, const std::string& request_id) {
  if (auto s = draw_staff(p); !s) return s;
  return store_.transact([&](Tx& tx) -> Status {
    auto d = tx.query("SELECT unit_id FROM ef_draws WHERE id = $1", {id});
    if (!d) return fail(d.error());
    if (d->rows.empty() || d->rows[0].i64(0) != p.unit.value)
      return fail(Error::not_found("没有这次抽查"));
    const std::string day = format_date(shanghai_date(clock_.now()));
    auto u = tx.query(
        "UPDATE ef_draw_picks SET published_on = $1 WHERE draw_id = $2 AND result IS NOT NULL "
        "AND published_on IS NULL",
        {day, id});
    if (!u) return fail(u.error());
    auto a = append_audit(tx,
                          p.actor(request_id)
                              .entry("draw.publish", "draw", std::to_string(id),
                                     fmt::format("公示抽查结果 {} 户", u->affected), "",
                                     json{{"published", u->affected}}.dump()),
                          clock_.now());
    if (!a) return fail(a.error());
    return {};
  });
}

Result<json> Draws::public_results(int limit) {
  auto r = store_.query(
      "SELECT d.matter, u.name, k.entity_name, k.entity_uscc, k.result, k.published_on FROM "
      "ef_draw_picks k JOIN ef_draws d ON d.id = k.draw_id JOIN units u ON u.id = d.unit_id "
      "WHERE k.published_on IS NOT NULL ORDER BY k.published_on DESC, d.id DESC, k.seq LIMIT $1",
      {std::int64_t(limit)});
  if (!r) return fail(r.error());
  json out = json::array();
  for (const auto& row : r->rows)
    out.push_back({{"matter", row.str(0)},
                   {"unit", row.str(1)},
                   {"entity", row.str(2)},
                   {"uscc", row.str(3)},
                   {"result", row.str(4)},
                   {"published_on", row.str(5)}});
  return out;
}

}  // namespace zt::enforcement
