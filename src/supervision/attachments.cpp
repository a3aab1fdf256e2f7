#include "supervision/attachments.hpp"

#include "core/http.hpp"

#include "core/audit.hpp"
#include "core/digest.hpp"

namespace zt::supervision {
namespace {

constexpr const char* kColumns =
    "SELECT a.id, a.slot_id, a.name, a.content_type, a.size, a.sha256, u.display_name, "
    "a.uploaded_at";

AttachmentView view_of(const Row& r) {
  return {r.i64(0), SlotId{r.i64(1)}, r.str(2), r.str(3),
          r.str(5), r.str(6),         r.i64(4), Instant{std::chrono::seconds{r.i64(7)}}};
}

}  // namespace

Result<AttachmentView> Attachments::add(const Principal& p, SlotId slot_id, const std::string& name,
                                        const std::string& content_type, const std::string& bytes,
                                        const std::string& request_id) {
  if (auto st = http::check_file_name(name); !st) return fail(st.error());
  if (bytes.empty()) return fail(Error::invalid("文件为空", "body"));
  if (bytes.size() > kMaxAttachmentBytes) return fail({ErrorKind::kTooLarge, "文件过大", {}, {}});
  auto slot = reporting_.slot(p, slot_id);
  if (!slot) return fail(slot.error());
  if (slot->unit_id != p.unit || !p.can(Permission::kSupervisionReport))
    return fail(Error::forbidden("只能为本单位的报送上传附件"));
  const std::string sha = sha256_hex(bytes);
  auto id = store_.transact_value<std::int64_t>([&](Tx& tx) -> Result<std::int64_t> {
    auto ins = tx.query(
        "INSERT INTO sv_attachments (slot_id, name, content_type, size, sha256, content, "
        "uploaded_by, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        {slot_id.value, name,
         content_type.empty() ? std::string("application/octet-stream") : content_type,
         std::int64_t(bytes.size()), sha, Blob{bytes}, p.id.value, unix_seconds(clock_.now())});
    if (!ins) return fail(ins.error());
    auto a = append_audit(
        tx,
        p.actor(request_id)
            .entry("attachment.add", "task", std::to_string(slot->task_id.value),
                   slot->unit_name + " " + slot->period + " 上传附件 " + name, "", "sha256:" + sha),
        clock_.now());
    if (!a) return fail(a.error());
    return ins->rows[0].i64(0);
  });
  if (!id) return fail(id.error());
  auto got = get(p, *id);
  if (!got) return fail(got.error());
  return got->first;
}

Result<std::vector<AttachmentView>> Attachments::list(const Principal& p, SlotId slot_id) {
  auto slot = reporting_.slot(p, slot_id);
  if (!slot) return fail(slot.error());
  auto rows = store_.query(std::string(kColumns) +
                               " FROM sv_attachments a JOIN users u ON u.id = a.uploaded_by WHERE "
                               "a.slot_id = $1 ORDER BY a.id",
                           {slot_id.value});
  if (!rows) return fail(rows.error());
  std::vector<AttachmentView> out;
  for (const auto& r : rows->rows) out.push_back(view_of(r));
  return out;
}

Result<std::pair<AttachmentView, std::string>> Attachments::get(const Principal& p,
                                                                std::int64_t id) {
  auto rows = store_.query(std::string(kColumns) +
                               ", a.content FROM sv_attachments a JOIN users u ON u.id = "
                               "a.uploaded_by WHERE a.id = $1",
                           {id});
  if (!rows) return fail(rows.error());
  if (rows->rows.empty()) return fail(Error::not_found("没有这个附件"));
  auto v = view_of(rows->rows[0]);
  if (auto slot = reporting_.slot(p, v.slot_id); !slot) return fail(slot.error());
  return std::pair{v, rows->rows[0].str(8)};
}

}  // namespace zt::supervision
