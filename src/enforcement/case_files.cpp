#include "enforcement/case_files.hpp"

#include <fmt/format.h>

#include "core/audit.hpp"
#include "core/calendar.hpp"
#include "core/digest.hpp"
#include "core/http.hpp"
#include "enforcement/cases.hpp"

namespace zt::enforcement {
namespace {

using nlohmann::json;

struct CaseUnit {
  std::int64_t unit_id = 0;
  bool archived = false;
};

Result<CaseUnit> case_unit(Store& store, CaseId case_id) {
  auto r = store.query("SELECT unit_id, state FROM ef_cases WHERE id = $1", {case_id.value});
  if (!r) return fail(r.error());
  if (r->rows.empty()) return fail(Error::not_found("没有这个案件"));
  return CaseUnit{r->rows[0].i64(0), parse_case_state(r->rows[0].str(1)) == CaseState::kArchived};
}

}  // namespace

Result<CaseFileInfo> CaseFiles::add(const Principal& p, CaseId case_id, const std::string& name,
                                    const std::string& content_type, const std::string& bytes,
                                    const std::string& request_id) {
  if (!p.can(Permission::kEnforcementStaff))
    return fail(Error::forbidden("只有执法单位人员可以上传证据材料"));
  if (auto st = http::check_file_name(name); !st) return fail(st.error());
  if (bytes.empty()) return fail(Error::invalid("文件为空", "body"));
  if (bytes.size() > kMaxCaseFileBytes)
    return fail({ErrorKind::kTooLarge, "文件过大（上限64MB）", {}, {}});
  auto unit = case_unit(store_, case_id);
  if (!unit) return fail(unit.error());
  if (unit->unit_id != p.unit.value) return fail(Error::not_found("没有这个案件"));
  if (unit->archived)
    return fail(Error::rule_violation("state-order", "案件已归档，不能再添加证据材料"));
  const std::string sha = sha256_hex(bytes);
  const std::string type = content_type.empty() ? "application/octet-stream" : content_type;
  auto id = store_.transact_value<std::int64_t>([&](Tx& tx) -> Result<std::int64_t> {
    auto r = tx.query(
        "INSERT INTO ef_attachments (case_id, name, content_type, size, sha256, bytes, "
        "uploaded_by, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        {case_id.value, name, type, std::int64_t(bytes.size()), sha, Blob{bytes}, p.id.value,
         unix_seconds(clock_.now())});
    if (!r) return fail(r.error());
    auto a = append_audit(
        tx,
        p.actor(request_id)
            .entry("case.attachment", "case", std::to_string(case_id.value),
                   fmt::format("上传证据材料 {}", name), "",
                   json{{"name", name}, {"sha256", sha}, {"size", bytes.size()}}.dump()),
        clock_.now());
    if (!a) return fail(a.error());
    return r->rows[0].i64(0);
  });
  if (!id) return fail(id.error());
  return CaseFileInfo{*id, name, type, bytes.size(), sha, p.display_name, clock_.now()};
}

Result<std::vector<CaseFileInfo>> CaseFiles::list(const Principal& p, CaseId case_id) {
  auto unit = case_unit(store_, case_id);
  if (!unit) return fail(unit.error());
  if (!may_see_case_unit(p, unit->unit_id)) return fail(Error::not_found("没有这个案件"));
  auto r = store_.query(
      "SELECT a.id, a.name, a.content_type, a.size, a.sha256, u.display_name, a.uploaded_at FROM "
      "ef_attachments a JOIN users u ON u.id = a.uploaded_by WHERE a.case_id = $1 ORDER BY a.id",
      {case_id.value});
  if (!r) return fail(r.error());
  std::vector<CaseFileInfo> out;
  for (const auto& row : r->rows)
    out.push_back({row.i64(0), row.str(1), row.str(2), std::size_t(row.i64(3)), row.str(4),
                   row.str(5), Instant{std::chrono::seconds{row.i64(6)}}});
  return out;
}

Result<CaseFile> CaseFiles::get(const Principal& p, std::int64_t file_id) {
  auto r = store_.query(
      "SELECT c.unit_id, a.name, a.content_type, a.sha256, a.bytes FROM ef_attachments a JOIN "
      "ef_cases c ON c.id = a.case_id WHERE a.id = $1",
      {file_id});
  if (!r) return fail(r.error());
  if (r->rows.empty() || !may_see_case_unit(p, r->rows[0].i64(0)))
    return fail(Error::not_found("没有这个文件"));
  return CaseFile{r->rows[0].str(1), r->rows[0].str(2), r->rows[0].str(3), r->rows[0].str(4)};
}

}  // namespace zt::enforcement
