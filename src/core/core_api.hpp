// The core's HTTP API: health, metrics, login/logout, units, users, certificates, the audit
// trail, the calendar and identifier checks, and the outbox; wired as the first Module.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/http.hpp"
#include "core/module.hpp"

namespace zt {

// Adds the core routes; the handlers hold `core`, which must outlive the router's use.
void register_core_routes(http::Router& router, const Context& core);
// Who may read the history of users and units.
std::map<std::string, AuditVisibility> core_audit_visibility(const Context& core);

// Core as a module: its tables (core, outbox), its routes and its audit types. It owns no service
// (the App owns the core services the Context names, as every module uses them), and the outbox
// delivery stays with the App's job round, which knows the webhook.
class CoreModule final : public Module {
 public:
  explicit CoreModule(const Context& ctx) : ctx_(ctx) {}

  std::string_view name() const override { return "core"; }
  std::vector<MigrationSet> migrations() const override;
  void register_routes(http::Router& router) override { register_core_routes(router, ctx_); }
  std::map<std::string, AuditVisibility> audit_visibility() override {
    return core_audit_visibility(ctx_);
  }

 private:
  const Context& ctx_;
};

}  // namespace zt
