// Evidence files of a case (photos, recordings, scans), stored in the database with their SHA-256
// so the case file can show that nothing was swapped after upload (全过程记录).
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/auth.hpp"
#include "core/clock.hpp"
#include "core/store.hpp"

namespace zt::enforcement {

inline constexpr std::size_t kMaxCaseFileBytes = 64u << 20;  // a few minutes of body-camera video

struct CaseFile {
  std::string name, content_type, sha256, bytes;
};

class CaseFiles {
 public:
  CaseFiles(Store& store, const Clock& clock) : store_(store), clock_(clock) {}

  // Officers and legal reviewers of the case's unit, while the case is not archived.
  Result<nlohmann::json> add(const Principal& p, std::int64_t case_id, const std::string& name,
                             const std::string& content_type, const std::string& bytes,
                             const std::string& request_id);
  Result<nlohmann::json> list(const Principal& p, std::int64_t case_id);
  Result<CaseFile> get(const Principal& p, std::int64_t file_id);

 private:
  Store& store_;
  const Clock& clock_;
};

}  // namespace zt::enforcement
