// Files attached to a report slot (photos, minutes, signed scans): stored in the database with
// their SHA-256, so a bulletin can cite a file and anyone can check it was not swapped since.
#pragma once

#include <string>
#include <vector>

#include "core/auth.hpp"
#include "core/clock.hpp"
#include "core/store.hpp"
#include "supervision/reporting.hpp"

namespace zt::supervision {

inline constexpr std::size_t kMaxAttachmentBytes = 20 << 20;

struct AttachmentView {
  std::int64_t id = 0;
  SlotId slot_id;
  std::string name, content_type, sha256, uploaded_by;
  std::int64_t size = 0;
  Instant uploaded_at;
};

class Attachments {
 public:
  Attachments(Store& store, Reporting& reporting, const Clock& clock)
      : store_(store), reporting_(reporting), clock_(clock) {}

  // A reporter or leader of the slot's unit attaches a file.
  Result<AttachmentView> add(const Principal& p, SlotId slot_id, const std::string& name,
                             const std::string& content_type, const std::string& bytes,
                             const std::string& request_id);
  // Attachments of a slot the principal may see.
  Result<std::vector<AttachmentView>> list(const Principal& p, SlotId slot_id);
  // One attachment with its bytes.
  Result<std::pair<AttachmentView, std::string>> get(const Principal& p, std::int64_t id);

 private:
  Store& store_;
  Reporting& reporting_;
  const Clock& clock_;
};

}  // namespace zt::supervision
