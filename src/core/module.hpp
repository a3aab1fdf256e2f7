// How a module is wired into the application: the core services it is built from (`Context`) and
// the one interface the App drives it through (`Module`). The App builds core, then each module
// from the Context, migrates, then registers every module; nothing is patched in afterwards.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/auth.hpp"
#include "core/calendar.hpp"
#include "core/clock.hpp"
#include "core/config.hpp"
#include "core/error.hpp"
#include "core/http.hpp"
#include "core/metrics_provider.hpp"
#include "core/migrations.hpp"
#include "core/org.hpp"
#include "core/outbox.hpp"
#include "core/store.hpp"

namespace zt {

// Decides whether a principal may see the history of an object of one type (`object_id` as the
// client sent it, unparsed).
using AuditVisibility = std::function<Status(const Principal&, const std::string& object_id)>;

// Object type → its visibility rule, for GET /api/v1/audit. Types nobody answers for are
// admin-only. Thread-safety: filled by the App while it registers the modules, before any request
// is served, and only read afterwards, so lookups take no lock.
class AuditRegistry {
 public:
  // Each type has one owner: a second rule for a type is a wiring bug (asserted).
  void add(std::string type, AuditVisibility rule);
  // The rule for `type`, or null when no module answers for it.
  const AuditVisibility* find(const std::string& type) const;

 private:
  std::map<std::string, AuditVisibility, std::less<>> rules_;
};

// The core services every module is built from. All of them are owned by the App and outlive
// every module (the App destroys its modules first). Each service states its own thread-safety;
// all of them are safe to use from request threads and background jobs at once.
struct Context {
  Store& store;
  const Clock& clock;
  const Calendar& calendar;
  Org& org;
  Auth& auth;
  Outbox& outbox;
  const Config& config;
  const AuditRegistry& audit_visibility;
  // The whole Prometheus text GET /metrics answers: the server's counters followed by the store's
  // and every module's Module::metrics(). Supplied by the App at construction; callable from any
  // thread once the App is open.
  std::function<std::string()> metrics;
};

// A module of the application (core itself, supervision, enforcement, transit). A module owns
// its service objects, builds them from the Context in its constructor (touching no table: the
// App migrates after building the modules) and never reaches another module.
//
// Thread-safety: the App calls migrations(), register_routes() and audit_visibility() once each,
// from one thread, before serving. The routes, run_jobs() and metrics() then run concurrently on
// request threads and the jobs thread (the App runs one job round at a time).
class Module {
 public:
  virtual ~Module() = default;
  Module(const Module&) = delete;  // routes hold references into the module
  Module& operator=(const Module&) = delete;

  // Short lowercase name for logs ("supervision").
  virtual std::string_view name() const = 0;
  // The module's numbered migrations, applied in the App's module order.
  virtual std::vector<MigrationSet> migrations() const = 0;
  // Adds the module's routes; every handler may hold references into the module, which outlives
  // the router's use (the App stops the server before destroying any module).
  virtual void register_routes(http::Router& router) = 0;
  // The audit object types the module answers for, with their rules.
  virtual std::map<std::string, AuditVisibility> audit_visibility() { return {}; }
  // One round of the module's periodic work (`force`: ignore the hour it waits for); adds what it
  // did under its own keys of `out`. An error ends the round.
  virtual Status run_jobs(bool /*force*/, nlohmann::json& /*out*/) { return {}; }
  // A Prometheus text fragment (whole lines, each metric with its # TYPE) for /metrics.
  virtual std::string metrics() const { return {}; }
  // The module's figures for the plan's numeric targets (see core/metrics_provider.hpp), owned
  // by the module and valid while it lives; none by default.
  virtual std::vector<MetricProvider*> metric_providers() { return {}; }
  // Stops and joins the module's own background threads, if it has any; idempotent. The App
  // calls it before destroying anything, and a module's destructor calls it too.
  virtual void stop() {}

 protected:
  Module() = default;
};

}  // namespace zt
