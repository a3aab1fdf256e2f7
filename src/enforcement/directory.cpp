#include "enforcement/directory.hpp"

#include <map>
#include <set>

#include <fmt/format.h>

#include "core/audit.hpp"
#include "core/batch_insert.hpp"
#include "core/calendar.hpp"
#include "core/csv.hpp"
#include "core/identifiers.hpp"
#include "core/ooxml.hpp"

namespace zt::enforcement {
namespace {

using nlohmann::json;

Status directory_staff(const Principal& p) {
  if (p.can(Permission::kDirectoryWrite)) return {};
  return fail(Error::forbidden("只有执法单位人员或管理员可以维护抽查名录"));
}

// Rows of a CSV or .xlsx upload, the header first.
Result<std::vector<SheetRow>> read_rows(std::string bytes, const std::string& what,
                                        const ZipLimits& limits) {
  if (looks_like_zip(bytes)) return xlsx_rows(std::move(bytes), what, {}, limits);
  auto t = CsvTable::parse(std::move(bytes), what);
  if (!t) return fail(t.error());
  std::vector<SheetRow> out;
  out.push_back({1, t->header()});
  for (std::size_t r = 0; r < t->rows(); ++r) {
    SheetRow row{t->line(int(r)), {}};
    for (std::size_t c = 0; c < t->header().size(); ++c) row.cells.emplace_back(t->at(r, int(c)));
    out.push_back(std::move(row));
  }
  return out;
}

std::string trim(std::string s) {
  auto notspace = [](unsigned char c) { return c != ' ' && c != '\t' && c != '\r'; };
  while (!s.empty() && !notspace(s.back())) s.pop_back();
  std::size_t i = 0;
  while (i < s.size() && !notspace(s[i])) ++i;
  return s.substr(i);
}

// Maps each wanted column (by any of its names) to its index in the header.
struct Columns {
  std::map<std::string, int> at;
  std::string missing;
  std::string get(const SheetRow& r, const std::string& key) const {
    auto it = at.find(key);
    if (it == at.end() || it->second < 0 || std::size_t(it->second) >= r.cells.size()) return {};
    return trim(r.cells[std::size_t(it->second)]);
  }
};
Columns find_columns(const SheetRow& header,
                     const std::vector<std::pair<std::string, std::vector<std::string>>>& want,
                     const std::set<std::string>& optional) {
  Columns c;
  for (const auto& [key, names] : want) {
    int found = -1;
    for (std::size_t i = 0; i < header.cells.size() && found < 0; ++i)
      for (const auto& n : names)
        if (trim(header.cells[i]) == n) found = int(i);
    c.at[key] = found;
    if (found < 0 && !optional.contains(key))
      c.missing += (c.missing.empty() ? "" : "、") + names[0];
  }
  return c;
}

// An upload opened for import: the caller may maintain directories, the file has a header, and
// every required column is there.
struct Sheet {
  std::vector<SheetRow> rows;  // the header first
  Columns cols;
};
Result<Sheet> open_sheet(const Principal& p, std::string bytes, const std::string& file_name,
                         const ZipLimits& limits,
                         const std::vector<std::pair<std::string, std::vector<std::string>>>& want,
                         const std::set<std::string>& optional) {
  if (auto s = directory_staff(p); !s) return fail(s.error());
  auto rows = read_rows(std::move(bytes), file_name, limits);
  if (!rows) return fail(rows.error());
  if (rows->empty()) return fail(Error::invalid(file_name + "：没有表头"));
  auto cols = find_columns((*rows)[0], want, optional);
  if (!cols.missing.empty())
    return fail(Error::invalid(fmt::format("{}：缺少列 {}", file_name, cols.missing)));
  return Sheet{std::move(*rows), std::move(cols)};
}

// Inserts rows, replacing those whose `key` exists (the directory is kept, not appended to).
// Rows are owned by the unit that imported them (column `unit_id`): an existing row is replaced
// only when it belongs to the importer (or to nobody: rows from before ownership), so a unit
// cannot rewrite another unit's entries even if it races the check in owned_by_others(). An
// admin's import updates any row and keeps its owner.
Status upsert_rows(Tx& tx, const std::string& table, const std::vector<std::string>& columns,
                   const std::string& key, const std::vector<std::vector<Param>>& rows,
                   bool admin) {
  std::string suffix = " ON CONFLICT (" + key + ") DO UPDATE SET ";
  bool first = true;
  for (const auto& c : columns) {
    if (c == key) continue;
    std::string value =
        c == "unit_id" ? "COALESCE(" + table + ".unit_id, excluded.unit_id)" : "excluded." + c;
    suffix += (first ? "" : ", ") + c + " = " + value;
    first = false;
  }
  if (!admin)
    suffix += " WHERE " + table + ".unit_id IS NULL OR " + table + ".unit_id = excluded.unit_id";
  BatchInsert b(tx, table, columns, rows.size(), {}, suffix);
  for (const auto& r : rows)
    if (auto s = b.add(r); !s) return s;
  return b.flush();
}

// Keys of `which` held by a unit other than the importer's, with that unit's name: the rows an
// import must refuse (nothing for an admin, who maintains every unit's directory).
Result<std::map<std::string, std::string>> owned_by_others(Store& store, const Principal& p,
                                                           const std::string& which,
                                                           const std::string& key) {
  std::map<std::string, std::string> out;
  if (p.can(Permission::kDirectoryAll)) return out;
  auto r = store.query("SELECT t." + key + ", u.name FROM ef_" + which +
                           " t JOIN units u ON u.id = t.unit_id WHERE t.unit_id <> $1",
                       {p.unit.value});
  if (!r) return fail(r.error());
  for (const auto& row : r->rows) out.emplace(row.str(0), row.str(1));
  return out;
}

// Upserts the good rows of an import and audits the report, in one transaction.
Status store_rows(Store& store, const Clock& clock, const Principal& p,
                  const std::string& request_id, const std::string& which,
                  const std::vector<std::string>& columns, const std::string& key,
                  const std::vector<std::vector<Param>>& rows, const std::string& summary,
                  const json& report) {
  return store.transact([&](Tx& tx) -> Status {
    if (auto s =
            upsert_rows(tx, "ef_" + which, columns, key, rows, p.can(Permission::kDirectoryAll));
        !s)
      return s;
    auto a = append_audit(
        tx,
        p.actor(request_id)
            .entry("directory." + which, "directory", which, summary, "", report.dump()),
        clock.now());
    if (!a) return fail(a.error());
    return {};
  });
}

json row_error(int line, const std::string& column, const std::string& message) {
  return {{"row", line}, {"column", column}, {"message", message}};
}

}  // namespace

Result<json> Directory::import_entities(const Principal& p, std::string bytes,
                                        const std::string& file_name, bool dry_run,
                                        const std::string& request_id, const ZipLimits& limits) {
  auto sheet = open_sheet(p, std::move(bytes), file_name, limits,
                          {{"uscc", {"统一社会信用代码", "uscc"}},
                           {"name", {"名称", "企业名称", "name"}},
                           {"class", {"信用风险分类", "credit_class"}},
                           {"industry", {"行业", "industry"}},
                           {"area", {"区域", "所在区域", "area"}},
                           {"override", {"校验豁免", "override"}}},
                          {"industry", "area", "override"});
  if (!sheet) return fail(sheet.error());
  auto foreign = owned_by_others(store_, p, "entities", "uscc");
  if (!foreign) return fail(foreign.error());
  const auto& rows = sheet->rows;
  const auto& cols = sheet->cols;
  json errors = json::array();
  std::map<std::string, int> seen;
  std::vector<std::vector<Param>> good;
  int flagged = 0;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    const auto& r = rows[i];
    auto uscc = cols.get(r, "uscc");
    auto name = cols.get(r, "name");
    auto klass = cols.get(r, "class");
    bool override = cols.get(r, "override") == "是" || cols.get(r, "override") == "yes";
    if (name.empty()) {
      errors.push_back(row_error(r.line, "名称", "名称为空"));
      continue;
    }
    if (klass.size() != 1 || std::string_view("ABCD").find(klass[0]) == std::string_view::npos) {
      errors.push_back(row_error(r.line, "信用风险分类",
                                 fmt::format("信用风险分类「{}」不是 A、B、C、D 之一", klass)));
      continue;
    }
    if (auto s = validate_uscc(uscc); !s) {
      // A few early pilot codes fail the check character: kept only when marked, and flagged.
      bool only_check = uscc.size() == 18 && s.error().message.find("校验") != std::string::npos;
      if (!(override && only_check)) {
        errors.push_back(row_error(r.line, "统一社会信用代码",
                                   fmt::format("「{}」无效：{}", uscc, s.error().message)));
        continue;
      }
      ++flagged;
    } else {
      override = false;
    }
    if (auto [it, fresh] = seen.emplace(uscc, r.line); !fresh) {
      errors.push_back(
          row_error(r.line, "统一社会信用代码", fmt::format("与第{}行重复：{}", it->second, uscc)));
      continue;
    }
    // The credit class drives the draws: only the unit that keeps an entity may change it.
    if (auto owner = foreign->find(uscc); owner != foreign->end()) {
      errors.push_back(
          row_error(r.line, "统一社会信用代码",
                    fmt::format("{} 由「{}」维护，本单位不能修改", uscc, owner->second)));
      continue;
    }
    good.push_back({p.unit.value, uscc, name, klass, cols.get(r, "industry"), cols.get(r, "area"),
                    std::int64_t(override)});
  }
  json report = {{"file", file_name},       {"rows", rows.size() - 1},
                 {"accepted", good.size()}, {"flagged_overrides", flagged},
                 {"errors", errors},        {"dry_run", dry_run}};
  if (dry_run || good.empty()) return report;
  if (auto st = store_rows(
          store_, clock_, p, request_id, "entities",
          {"unit_id", "uscc", "name", "credit_class", "industry", "area", "uscc_override"}, "uscc",
          good, fmt::format("导入市场主体名录 {} 户（{}）", good.size(), file_name), report);
      !st)
    return fail(st.error());
  return report;
}

Result<json> Directory::import_inspectors(const Principal& p, std::string bytes,
                                          const std::string& file_name, bool dry_run,
                                          const std::string& request_id, const ZipLimits& limits) {
  auto sheet = open_sheet(p, std::move(bytes), file_name, limits,
                          {{"name", {"姓名", "name"}},
                           {"cert", {"执法证号", "cert_no"}},
                           {"valid_to", {"有效期至", "cert_valid_to"}},
                           {"fields", {"执法领域", "fields"}},
                           {"conflicts", {"利害关系", "conflicts"}}},
                          {"conflicts"});
  if (!sheet) return fail(sheet.error());
  auto foreign = owned_by_others(store_, p, "inspectors", "cert_no");
  if (!foreign) return fail(foreign.error());
  const auto& rows = sheet->rows;
  const auto& cols = sheet->cols;
  json errors = json::array();
  std::map<std::string, int> seen;
  std::vector<std::vector<Param>> good;
  auto normalise_list = [](std::string s) {
    for (const char* sep : {"、", "；", "，", ","}) {
      for (std::size_t pos; (pos = s.find(sep)) != std::string::npos;)
        s.replace(pos, std::string_view(sep).size(), ";");
    }
    return s;
  };
  for (std::size_t i = 1; i < rows.size(); ++i) {
    const auto& r = rows[i];
    auto name = cols.get(r, "name"), cert = cols.get(r, "cert");
    auto valid_to = cols.get(r, "valid_to"), fields = normalise_list(cols.get(r, "fields"));
    auto conflicts = normalise_list(cols.get(r, "conflicts"));
    if (name.empty()) {
      errors.push_back(row_error(r.line, "姓名", "姓名为空"));
      continue;
    }
    if (cert.empty()) {
      errors.push_back(row_error(r.line, "执法证号", "执法证号为空"));
      continue;
    }
    if (!parse_date(valid_to)) {
      errors.push_back(
          row_error(r.line, "有效期至", fmt::format("「{}」不是 YYYY-MM-DD 日期", valid_to)));
      continue;
    }
    if (fields.empty()) {
      errors.push_back(row_error(r.line, "执法领域", "执法领域为空"));
      continue;
    }
    bool bad_conflict = false;
    for (std::size_t s = 0, e; s <= conflicts.size() && !conflicts.empty(); s = e + 1) {
      e = conflicts.find(';', s);
      if (e == std::string::npos) e = conflicts.size();
      auto code = conflicts.substr(s, e - s);
      if (!code.empty() && !validate_uscc(code)) {
        errors.push_back(row_error(r.line, "利害关系", "信用代码无效：" + code));
        bad_conflict = true;
        break;
      }
    }
    if (bad_conflict) continue;
    if (auto [it, fresh] = seen.emplace(cert, r.line); !fresh) {
      errors.push_back(
          row_error(r.line, "执法证号", fmt::format("与第{}行重复：{}", it->second, cert)));
      continue;
    }
    // Re-importing another unit's inspector would move them (and their conflicts) to this unit.
    if (auto owner = foreign->find(cert); owner != foreign->end()) {
      errors.push_back(row_error(
          r.line, "执法证号", fmt::format("{} 属于「{}」，本单位不能修改", cert, owner->second)));
      continue;
    }
    good.push_back({p.unit.value, name, cert, valid_to, fields, conflicts});
  }
  json report = {{"file", file_name},
                 {"rows", rows.size() - 1},
                 {"accepted", good.size()},
                 {"errors", errors},
                 {"dry_run", dry_run}};
  if (dry_run || good.empty()) return report;
  if (auto st = store_rows(
          store_, clock_, p, request_id, "inspectors",
          {"unit_id", "name", "cert_no", "cert_valid_to", "fields", "conflicts"}, "cert_no", good,
          fmt::format("导入检查人员名录 {} 人（{}）", good.size(), file_name), report);
      !st)
    return fail(st.error());
  return report;
}

Result<bool> Directory::is_enforcement_unit(UnitId unit) {
  auto r = store_.query(
      "SELECT 1 FROM users u JOIN user_roles r ON r.user_id = u.id WHERE u.unit_id = $1 AND "
      "u.disabled = 0 AND r.role IN ('enforcement_officer', 'legal_reviewer') LIMIT 1",
      {unit.value});
  if (!r) return fail(r.error());
  return !r->rows.empty();
}

Status Directory::may_read_entities(const Principal& p) {
  if (p.can(Permission::kDirectoryRead)) return {};
  if (p.can(Permission::kUnitLead)) {
    auto enforcing = is_enforcement_unit(p.unit);
    if (!enforcing) return fail(enforcing.error());
    if (*enforcing) return {};
  }
  return fail(Error::forbidden("市场主体名录（含信用风险分类）仅供执法单位和执法监督人员查看"));
}

Result<json> Directory::entities(const Principal& p, const std::string& q,
                                 const std::string& credit_class, int limit, int offset) {
  if (auto st = may_read_entities(p); !st) return fail(st.error());
  std::vector<Param> params;
  std::string where = "1 = 1";
  if (!q.empty()) {
    params.emplace_back("%" + q + "%");
    where += fmt::format(" AND (name LIKE ${0} OR uscc LIKE ${0})", params.size());
  }
  if (!credit_class.empty()) {
    params.emplace_back(credit_class);
    where += fmt::format(" AND credit_class = ${}", params.size());
  }
  auto total = store_.query("SELECT COUNT(*) FROM ef_entities WHERE " + where,
                            std::span<const Param>(params));
  if (!total) return fail(total.error());
  auto r = store_.query(
      fmt::format("SELECT uscc, name, credit_class, industry, area, uscc_override FROM "
                  "ef_entities WHERE {} ORDER BY uscc LIMIT {} OFFSET {}",
                  where, limit, offset),
      std::span<const Param>(params));
  if (!r) return fail(r.error());
  json items = json::array();
  for (const auto& row : r->rows)
    items.push_back({{"uscc", row.str(0)},
                     {"name", row.str(1)},
                     {"credit_class", row.str(2)},
                     {"industry", row.str(3)},
                     {"area", row.str(4)},
                     {"override", row.i64(5) != 0}});
  return json{{"total", total->rows[0].i64(0)}, {"items", items}};
}

Result<json> Directory::inspectors(const Principal& p) {
  std::vector<Param> params;
  std::string sql =
      "SELECT i.id, i.name, i.cert_no, i.cert_valid_to, i.fields, i.conflicts, u.name FROM "
      "ef_inspectors i JOIN units u ON u.id = i.unit_id";
  if (!p.sees_all_units()) {
    sql += " WHERE i.unit_id = $1";
    params.emplace_back(p.unit.value);
  }
  auto r = store_.query(sql + " ORDER BY i.id", std::span<const Param>(params));
  if (!r) return fail(r.error());
  json out = json::array();
  for (const auto& row : r->rows)
    out.push_back({{"id", row.i64(0)},
                   {"name", row.str(1)},
                   {"cert_no", row.str(2)},
                   {"cert_valid_to", row.str(3)},
                   {"fields", row.str(4)},
                   {"conflicts", row.str(5)},
                   {"unit", row.str(6)}});
  return out;
}

Result<json> Directory::officers(const Principal& p) {
  auto r = store_.query(
      "SELECT u.id, u.username, u.display_name, r.role, k.number, k.field, k.valid_from, "
      "k.valid_to FROM users u JOIN user_roles r ON r.user_id = u.id LEFT JOIN certificates k ON "
      "k.user_id = u.id WHERE u.unit_id = $1 AND u.disabled = 0 AND r.role IN "
      "('enforcement_officer', 'legal_reviewer') ORDER BY u.id, k.id",
      {p.unit.value});
  if (!r) return fail(r.error());
  const std::string today = format_date(shanghai_date(clock_.now()));
  json out = json::array();
  for (const auto& row : r->rows) {
    if (out.empty() || out.back()["id"] != row.i64(0) || out.back()["role"] != row.str(3))
      out.push_back({{"id", row.i64(0)},
                     {"username", row.str(1)},
                     {"name", row.str(2)},
                     {"role", row.str(3)},
                     {"certificates", json::array()}});
    if (!row.is_null(4))
      out.back()["certificates"].push_back({{"number", row.str(4)},
                                            {"field", row.str(5)},
                                            {"valid_to", row.str(7)},
                                            {"valid", row.str(6) <= today && today <= row.str(7)}});
  }
  return out;
}

}  // namespace zt::enforcement
