// Directories for random inspections: market entities (credit code, credit-risk class A-D,
// industry, area) and inspectors (certificate, fields, declared conflicts), imported from CSV or
// .xlsx. Every bad row is reported with its row number and column; good rows are kept.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "core/auth.hpp"
#include "core/clock.hpp"
#include "core/store.hpp"
#include "core/zip_reader.hpp"

namespace zt::enforcement {

class Directory {
 public:
  Directory(Store& store, const Clock& clock) : store_(store), clock_(clock) {}

  // Columns 统一社会信用代码, 名称, 信用风险分类, 行业, 区域 [, 校验豁免] (or uscc, name,
  // credit_class, industry, area, override). New codes are kept by the importer's unit; existing
  // codes are updated only by the unit that keeps them (or an admin), others are row errors.
  // `dry_run` reports only. An .xlsx is read within `limits` (the route's, Request::zip_limits).
  Result<nlohmann::json> import_entities(const Principal& p, std::string bytes,
                                         const std::string& file_name, bool dry_run,
                                         const std::string& request_id,
                                         const ZipLimits& limits = {});
  // Columns 姓名, 执法证号, 有效期至, 执法领域 (、 or ; separated), 利害关系 (credit codes);
  // the inspectors join the importer's unit; another unit's inspector is a row error.
  Result<nlohmann::json> import_inspectors(const Principal& p, std::string bytes,
                                           const std::string& file_name, bool dry_run,
                                           const std::string& request_id,
                                           const ZipLimits& limits = {});
  // The directory with credit classes, for those who draw or oversee (may_read_entities).
  Result<nlohmann::json> entities(const Principal& p, const std::string& q,
                                  const std::string& credit_class, int limit, int offset);
  // Enforcement staff, the justice bureau, admins, and leaders of an enforcement unit; a credit
  // class is not for every unit's leader.
  Status may_read_entities(const Principal& p);
  // A unit with at least one enabled enforcement officer or legal reviewer.
  Result<bool> is_enforcement_unit(UnitId unit);
  Result<nlohmann::json> inspectors(const Principal& p);
  // Officers and legal reviewers of the caller's unit with their certificates.
  Result<nlohmann::json> officers(const Principal& p);

 private:
  Store& store_;
  const Clock& clock_;
};

}  // namespace zt::enforcement
