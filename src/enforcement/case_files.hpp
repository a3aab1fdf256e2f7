// Evidence files of a case (photos, recordings, scans), stored in the database with their SHA-256
// so the case file can show that nothing was swapped after upload (全过程记录).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/auth.hpp"
#include "core/clock.hpp"
#include "core/store.hpp"
#include "enforcement/case_state.hpp"

namespace zt::enforcement {

inline constexpr std::size_t kMaxCaseFileBytes = 64u << 20;  // a few minutes of body-camera video

struct CaseFile {
  std::string name, content_type, sha256, bytes;
};

// A stored file without its bytes, as the case page lists it.
struct CaseFileInfo {
  std::int64_t id = 0;
  std::string name, content_type;
  std::size_t size = 0;
  std::string sha256;
  std::string uploaded_by;  // display name
  Instant uploaded_at{};
};

class CaseFiles {
 public:
  CaseFiles(Store& store, const Clock& clock) : store_(store), clock_(clock) {}

  // Officers and legal reviewers of the case's unit, while the case is not archived.
  Result<CaseFileInfo> add(const Principal& p, CaseId case_id, const std::string& name,
                           const std::string& content_type, const std::string& bytes,
                           const std::string& request_id);
  // The case's files in upload order, for whoever may see the case.
  Result<std::vector<CaseFileInfo>> list(const Principal& p, CaseId case_id);
  Result<CaseFile> get(const Principal& p, std::int64_t file_id);

 private:
  Store& store_;
  const Clock& clock_;
};

}  // namespace zt::enforcement
