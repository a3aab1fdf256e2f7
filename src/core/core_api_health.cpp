// Health, Prometheus metrics and the webhook outbox.
#include "core/core_api_routes.hpp"

#include <chrono>
#include <memory>
#include <mutex>

namespace zt::core_routes {

using http::Request;
using http::Response;
using nlohmann::json;

void register_health_routes(http::Router& router, const Context& core) {
  router.add("GET", "/api/v1/outbox", Permission::kOutboxRead,
             "Messages queued for the webhook, newest first (?pending=1; admin, office)",
             [&core](Request& req) -> Result<Response> {
               auto pending = http::query_flag(req, "pending");
               if (!pending) return fail(pending.error());
               auto list = core.outbox.list(200, *pending);
               if (!list) return fail(list.error());
               nlohmann::json out = nlohmann::json::array();
               for (const auto& m : *list)
                 out.push_back({{"id", m.id},
                                {"topic", m.topic},
                                {"dedupe_key", m.dedupe_key},
                                {"payload", nlohmann::json::parse(m.payload, nullptr, false)},
                                {"created_at", format_shanghai(m.created_at)},
                                {"attempts", m.attempts},
                                {"delivered_at",
                                 m.delivered_at ? nlohmann::json(format_shanghai(*m.delivered_at))
                                                : nlohmann::json(nullptr)},
                                {"last_error", m.last_error},
                                {"dead", m.dead}});
               return Response::json({{"messages", out}});
             });
  // A store that reads but cannot write (a full disk, a read-only file, a wedged transaction)
  // is not healthy: the write is probed at most once a second, so load balancers polling
  // /healthz do not turn into a write load.
  struct WriteProbe {
    std::mutex mu;
    std::chrono::steady_clock::time_point ok_until;
  };
  router.add(
      "GET", "/healthz", Permission::kPublic, "Liveness, database read and write check",
      [&core, probe = std::make_shared<WriteProbe>()](Request&) -> Result<Response> {
        auto r = core.store.query("SELECT 1");
        if (!r)
          return Response::json(
              {{"status", "degraded"}, {"db", "unavailable"}, {"error", r.error().message}}, 503);
        std::lock_guard lock(probe->mu);
        const auto now = std::chrono::steady_clock::now();
        if (now >= probe->ok_until) {
          auto w = core.store.probe_write(unix_seconds(core.clock.now()));
          if (!w)
            return Response::json(
                {{"status", "degraded"}, {"db", "not writable"}, {"error", w.error().message}},
                503);
          probe->ok_until = now + std::chrono::seconds(1);
        }
        return Response::json({{"status", "ok"}, {"db", "ok"}});
      });
  router.add("GET", "/metrics", Permission::kPublic, "Prometheus metrics",
             [&core](Request&) -> Result<Response> {
               return Response::text(core.metrics ? core.metrics() : "",
                                     "text/plain; version=0.0.4; charset=utf-8");
             });
}

}  // namespace zt::core_routes
