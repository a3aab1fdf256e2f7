// The enforcement module (行政执法): cases and their documents, publications, the random-
// inspection directories and draws, and the justice bureau's oversight, with their routes.
#pragma once

#include "core/module.hpp"
#include "enforcement/api.hpp"
#include "enforcement/case_files.hpp"
#include "enforcement/cases.hpp"
#include "enforcement/directory.hpp"
#include "enforcement/draws.hpp"
#include "enforcement/metrics_provider.hpp"
#include "enforcement/oversight.hpp"
#include "enforcement/publications.hpp"

namespace zt::enforcement {

// Owns the module's services, built from `ctx` (which must outlive it). It has no background work.
// It answers for the histories of its unit-held objects (cases, draws, publications, complaints,
// catalogue entries, benchmarks, devices): enforcement users of the holding unit and those who
// look across units. Thread-safety: as Module.
class EnforcementModule final : public Module {
 public:
  explicit EnforcementModule(const Context& ctx);

  std::string_view name() const override { return "enforcement"; }
  std::vector<MigrationSet> migrations() const override;
  void register_routes(http::Router& router) override;
  std::map<std::string, AuditVisibility> audit_visibility() override;
  // 公示率 and 法制审核率 by month (metrics_provider.hpp).
  std::vector<MetricProvider*> metric_providers() override { return {&metric_provider_}; }

  Cases& cases() { return cases_; }
  Publications& publications() { return publications_; }
  Directory& directory() { return directory_; }
  Draws& draws() { return draws_; }
  Oversight& oversight() { return oversight_; }

 private:
  Cases cases_;
  Publications publications_;
  Directory directory_;
  Draws draws_;
  Oversight oversight_;
  CaseFiles case_files_;
  Store& store_;
  CaseDocuments documents_;
  EnforcementMetrics metric_provider_;
};

}  // namespace zt::enforcement
