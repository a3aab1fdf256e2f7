// The tamper-evident trail (全过程记录、自动留痕): every change of state appends a record whose
// hash covers its content and the previous record's hash, so an edit, deletion, insertion or
// reordering anywhere breaks the chain. The head (last seq and hash) is kept apart too, so a
// deleted tail is caught; printing the head lets an operator anchor it outside the database.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/store.hpp"

namespace zt {

struct AuditEntry {
  std::optional<std::int64_t> actor_id;  // nullopt for the system or the anonymous public
  std::string actor;                     // login name or "system"
  std::optional<std::int64_t> unit_id;
  std::string action;       // e.g. "user.create", "case.file"
  std::string object_type;  // e.g. "user"
  std::string object_id;
  std::string summary;  // a short human-readable line (Chinese for the UI)
  std::string before;   // JSON of the object before the change ("" when created)
  std::string after;    // JSON after ("" when deleted)
  std::string request_id;
};

struct AuditRecord {
  std::int64_t seq = 0;
  std::int64_t at = 0;
  std::optional<std::int64_t> actor_id;
  std::string actor;
  std::optional<std::int64_t> unit_id;
  std::string action, object_type, object_id, summary;
  std::string before_digest, after_digest, request_id, prev_hash, hash;
  // The JSON texts the digests cover, kept for the viewer; absent on records written before the
  // texts were stored. Not part of the hash: verify_audit checks each against its digest.
  std::optional<std::string> before, after;
};

// Appends inside the caller's transaction, so the record commits with the change it describes.
Result<AuditRecord> append_audit(Tx& tx, const AuditEntry& entry, Instant at);

struct AuditVerification {
  std::int64_t records = 0;
  std::optional<std::int64_t> first_bad_seq;  // set when the chain is broken
  std::string problem;                        // what was wrong there
  std::string head_hash;
  bool ok() const { return !first_bad_seq.has_value() && problem.empty(); }
};

// Walks the chain; a stored before/after text that does not match its digest is a break too.
Result<AuditVerification> verify_audit(Store& store);
// An object's history, oldest first.
Result<std::vector<AuditRecord>> audit_history(Store& store, const std::string& object_type,
                                               const std::string& object_id);

// A search of the whole trail for the viewer. Empty strings and nullopt do not filter; `action`
// ending in '.' matches the actions under it ("case." → every case act); `actor` matches a part
// of the login name. [from, to) are Unix seconds.
struct AuditQuery {
  std::string object_type, object_id, action, actor;
  std::optional<std::int64_t> from, to;
  std::int64_t offset = 0;
  std::int64_t limit = 50;
};
struct AuditPage {
  std::vector<AuditRecord> records;  // newest first
  std::int64_t total = 0;            // matching records, over all pages
};
Result<AuditPage> search_audit(Store& store, const AuditQuery& query);
// One record by its sequence number; kNotFound when there is none.
Result<AuditRecord> audit_record(Store& store, std::int64_t seq);

}  // namespace zt

namespace zt {

// Who is acting, carried from the request into every audited change.
struct Actor {
  std::optional<std::int64_t> id;
  std::string name = "system";
  std::optional<std::int64_t> unit_id;
  std::string request_id;

  AuditEntry entry(std::string action, std::string object_type, std::string object_id,
                   std::string summary, std::string before, std::string after) const {
    return {id,
            name,
            unit_id,
            std::move(action),
            std::move(object_type),
            std::move(object_id),
            std::move(summary),
            std::move(before),
            std::move(after),
            request_id};
  }
};

}  // namespace zt
