#include "core/audit.hpp"

#include "core/digest.hpp"

namespace zt {
namespace {

constexpr std::int64_t kAuditLock = 4112001;
constexpr const char* kColumns =
    "seq, at, actor_id, actor, unit_id, action, object_type, object_id, summary, before_digest, "
    "after_digest, request_id, prev_hash, hash, before_text, after_text";

std::string content_hash(const AuditRecord& r) {
  // Unit separators keep field boundaries unambiguous.
  std::string s;
  auto add = [&](const std::string& v) {
    s += v;
    s += '\x1f';
  };
  add(std::to_string(r.seq));
  add(std::to_string(r.at));
  add(r.actor_id ? std::to_string(*r.actor_id) : "");
  add(r.actor);
  add(r.unit_id ? std::to_string(*r.unit_id) : "");
  add(r.action);
  add(r.object_type);
  add(r.object_id);
  add(r.summary);
  add(r.before_digest);
  add(r.after_digest);
  add(r.request_id);
  add(r.prev_hash);
  return sha256_hex(s);
}

AuditRecord record_of(const Row& row) {
  AuditRecord r;
  r.seq = row.i64(0);
  r.at = row.i64(1);
  r.actor_id = row.opt_i64(2);
  r.actor = row.str(3);
  r.unit_id = row.opt_i64(4);
  r.action = row.str(5);
  r.object_type = row.str(6);
  r.object_id = row.str(7);
  r.summary = row.str(8);
  r.before_digest = row.str(9);
  r.after_digest = row.str(10);
  r.request_id = row.str(11);
  r.prev_hash = row.str(12);
  r.hash = row.str(13);
  if (!row.is_null(14)) r.before = row.str(14);
  if (!row.is_null(15)) r.after = row.str(15);
  return r;
}

Param opt_text(const std::string& v) { return v.empty() ? Param{nullptr} : Param{v}; }

// "" for a text that matches its digest (or is absent), else what is wrong.
std::string text_problem(const AuditRecord& r) {
  if (r.before && sha256_hex(*r.before) != r.before_digest)
    return "the stored before-text does not match its digest (edited)";
  if (r.after && sha256_hex(*r.after) != r.after_digest)
    return "the stored after-text does not match its digest (edited)";
  return {};
}

}  // namespace

Result<AuditRecord> append_audit(Tx& tx, const AuditEntry& e, Instant at) {
  if (auto l = tx.lock(kAuditLock); !l) return fail(l.error());
  auto head = tx.query("SELECT seq, hash FROM audit_head WHERE id = 1");
  if (!head) return fail(head.error());
  AuditRecord r;
  r.seq = head->rows.empty() ? 1 : head->rows[0].i64(0) + 1;
  r.prev_hash = head->rows.empty() ? std::string(64, '0') : head->rows[0].str(1);
  r.at = unix_seconds(at);
  r.actor_id = e.actor_id;
  r.actor = e.actor;
  r.unit_id = e.unit_id;
  r.action = e.action;
  r.object_type = e.object_type;
  r.object_id = e.object_id;
  r.summary = e.summary;
  r.before_digest = e.before.empty() ? "" : sha256_hex(e.before);
  r.after_digest = e.after.empty() ? "" : sha256_hex(e.after);
  r.request_id = e.request_id;
  r.hash = content_hash(r);
  auto ins = tx.query(
      "INSERT INTO audit_log (seq, at, actor_id, actor, unit_id, action, object_type, object_id, "
      "summary, before_digest, after_digest, request_id, prev_hash, hash, before_text, after_text) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
      {r.seq, r.at, nullable(r.actor_id), r.actor, nullable(r.unit_id), r.action, r.object_type,
       r.object_id, r.summary, r.before_digest, r.after_digest, r.request_id, r.prev_hash, r.hash,
       opt_text(e.before), opt_text(e.after)});
  if (!ins) return fail(ins.error());
  auto upd =
      head->rows.empty()
          ? tx.query("INSERT INTO audit_head (id, seq, hash) VALUES (1, $1, $2)", {r.seq, r.hash})
          : tx.query("UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1", {r.seq, r.hash});
  if (!upd) return fail(upd.error());
  return r;
}

// The head is read first and the chain walked up to it: a server appending beside the check
// (record and head move in one transaction) then never looks like tampering. Records found past
// the head are walked too once the head has moved over them; if it has not, they were forged.
Result<AuditVerification> verify_audit(Store& store) {
  AuditVerification v;
  std::string prev(64, '0');
  std::int64_t expected_seq = 1;
  constexpr std::int64_t kPage = 5000;  // a long trail never sits in memory whole
  std::int64_t after = 0;
  auto read_head = [&]() -> Result<std::pair<std::int64_t, std::string>> {
    auto head = store.query("SELECT seq, hash FROM audit_head WHERE id = 1");
    if (!head) return fail(head.error());
    if (head->rows.empty()) return std::pair<std::int64_t, std::string>{0, std::string(64, '0')};
    return std::pair<std::int64_t, std::string>{head->rows[0].i64(0), head->rows[0].str(1)};
  };
  auto head = read_head();
  if (!head) return fail(head.error());
  for (int round = 0; round < 1000; ++round) {
    const auto [head_seq, head_hash] = *head;
    for (;;) {
      auto page = store.query(std::string("SELECT ") + kColumns +
                                  " FROM audit_log WHERE seq > $1 AND seq <= $2 ORDER BY seq "
                                  "LIMIT $3",
                              {after, head_seq, kPage});
      if (!page) return fail(page.error());
      for (const auto& row : page->rows) {
        auto r = record_of(row);
        auto bad = [&](std::string what) {
          v.first_bad_seq = r.seq;
          v.problem = std::move(what);
        };
        if (r.seq != expected_seq)
          bad("expected record " + std::to_string(expected_seq) + ", found " +
              std::to_string(r.seq) + " (a record was deleted or inserted)");
        else if (r.prev_hash != prev)
          bad("previous-hash link broken (records reordered, inserted or deleted)");
        else if (content_hash(r) != r.hash)
          bad("content does not match its hash (the record was edited)");
        else if (auto t = text_problem(r); !t.empty())
          bad(std::move(t));
        if (v.first_bad_seq) return v;
        prev = r.hash;
        ++expected_seq;
        ++v.records;
        after = r.seq;
      }
      if (std::int64_t(page->rows.size()) < kPage) break;
    }
    if (v.records != head_seq || prev != head_hash) {
      v.first_bad_seq = v.records + 1;
      v.problem = "chain ends at record " + std::to_string(v.records) + " but the head says " +
                  std::to_string(head_seq) + " (records at the end were deleted)";
      return v;
    }
    auto beyond =
        store.query("SELECT seq FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT 1", {head_seq});
    if (!beyond) return fail(beyond.error());
    if (beyond->rows.empty()) {
      v.head_hash = prev;
      return v;
    }
    auto moved = read_head();
    if (!moved) return fail(moved.error());
    if (moved->first <= head_seq) {
      v.first_bad_seq = beyond->rows[0].i64(0);
      v.problem = "record past the head (" + std::to_string(head_seq) +
                  ") that no append accounts for (a record was inserted)";
      return v;
    }
    head = std::move(moved);  // a server appended meanwhile: walk on to the new head
  }
  return fail(Error{ErrorKind::kUnavailable, "留痕链在校验期间持续增长，请稍后再试", {}, {}});
}

Result<std::vector<AuditRecord>> audit_history(Store& store, const std::string& object_type,
                                               const std::string& object_id) {
  auto res = store.query(std::string("SELECT ") + kColumns +
                             " FROM audit_log WHERE object_type = $1 AND object_id = $2 ORDER BY "
                             "seq",
                         {object_type, object_id});
  if (!res) return fail(res.error());
  std::vector<AuditRecord> out;
  for (const auto& row : res->rows) out.push_back(record_of(row));
  return out;
}

Result<AuditPage> search_audit(Store& store, const AuditQuery& q) {
  std::string where = " WHERE 1 = 1";
  std::vector<Param> params;
  auto add = [&](const std::string& cond, const auto& value) {
    params.emplace_back(value);
    std::string c = cond;
    c.replace(c.find('?'), 1, "$" + std::to_string(params.size()));
    where += " AND " + c;
  };
  if (!q.object_type.empty()) add("object_type = ?", q.object_type);
  if (!q.object_id.empty()) add("object_id = ?", q.object_id);
  if (!q.action.empty()) {
    if (q.action.back() == '.')
      add("substr(action, 1, " + std::to_string(q.action.size()) + ") = ?", q.action);
    else
      add("action = ?", q.action);
  }
  if (!q.actor.empty()) {
    // LIKE's wildcards in the typed text match themselves.
    std::string pat;
    for (char c : q.actor) {
      if (c == '%' || c == '_' || c == '\\') pat += '\\';
      pat += char(std::tolower(static_cast<unsigned char>(c)));
    }
    add("LOWER(actor) LIKE ? ESCAPE '\\'", "%" + pat + "%");
  }
  if (q.from) add("at >= ?", *q.from);
  if (q.to) add("at < ?", *q.to);
  auto count = store.query("SELECT COUNT(*) FROM audit_log" + where, params);
  if (!count) return fail(count.error());
  AuditPage out;
  out.total = count->rows[0].i64(0);
  auto lim = params;
  lim.emplace_back(q.limit);
  lim.emplace_back(q.offset);
  auto rows = store.query(std::string("SELECT ") + kColumns + " FROM audit_log" + where +
                              " ORDER BY seq DESC LIMIT $" + std::to_string(lim.size() - 1) +
                              " OFFSET $" + std::to_string(lim.size()),
                          lim);
  if (!rows) return fail(rows.error());
  for (const auto& row : rows->rows) out.records.push_back(record_of(row));
  return out;
}

Result<AuditRecord> audit_record(Store& store, std::int64_t seq) {
  auto r = store.query(std::string("SELECT ") + kColumns + " FROM audit_log WHERE seq = $1", {seq});
  if (!r) return fail(r.error());
  if (r->rows.empty()) return fail(Error::not_found("没有这条留痕记录"));
  return record_of(r->rows[0]);
}

}  // namespace zt
