// Dispatch text messages to buses over the JT/T 808 gateway: send (dispatcher, admin), a vehicle's
// messages, the whole log (paged), and the status changes pushed on a WebSocket.
#include "transit/jt808/messages_api.hpp"

#include "core/http_fields.hpp"
#include "transit/jt808/records.hpp"

namespace zt::transit::jt808 {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

constexpr std::size_t kMaxTextBytes = 600;  // a terminal screen's worth, well inside one body

// The vehicle id of the path: plates are Chinese, so browsers send them percent-encoded, and the
// router gives path segments as they came. A malformed escape is kept as it is.
std::string vehicle_of(const Request& req) {
  const auto& raw = req.params.at("id");
  std::string out;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    auto hexval = [](char c) {
      return c >= '0' && c <= '9'   ? c - '0'
             : c >= 'A' && c <= 'F' ? c - 'A' + 10
             : c >= 'a' && c <= 'f' ? c - 'a' + 10
                                    : -1;
    };
    if (raw[i] == '%' && i + 2 < raw.size() && hexval(raw[i + 1]) >= 0 && hexval(raw[i + 2]) >= 0) {
      out.push_back(char(hexval(raw[i + 1]) * 16 + hexval(raw[i + 2])));
      i += 2;
    } else {
      out.push_back(raw[i]);
    }
  }
  return out;
}

Result<Response> page(Store& store, const Request& req, const std::string& vehicle) {
  auto limit = http::query_int_or(req, "limit", 20, 1, 100);
  if (!limit) return fail(limit.error());
  auto offset = http::query_int_or(req, "offset", 0, 0, 1000000);
  if (!offset) return fail(offset.error());
  auto p = list_messages(store, vehicle, *limit, *offset);
  if (!p) return fail(p.error());
  json out = json::array();
  for (const auto& m : p->messages) out.push_back(m.to_json());
  return Response::json(
      {{"messages", out}, {"total", p->total}, {"limit", *limit}, {"offset", *offset}});
}

}  // namespace

void register_message_routes(http::Router& router, Store& store, Gateway& gateway) {
  router.add("POST", "/api/v1/transit/vehicles/{id}/messages", Permission::kTransitDispatch,
             "Send a dispatch text message {text} to the vehicle's JT/T 808 terminal (0x8300); "
             "queued → sent → delivered when the terminal answers (dispatcher, admin)",
             [&gateway](Request& req) -> Result<Response> {
               auto body = http::parse_json_document(req.body);
               if (!body) return fail(body.error());
               if (!body->is_object()) return fail(Error::invalid("请求体须为 JSON 对象", "body"));
               auto text = http::require_string(*body, "text", false, kMaxTextBytes);
               if (!text) return fail(text.error());
               auto m = gateway.send_text(vehicle_of(req), *text, req.actor());
               if (!m) return fail(m.error());
               return Response::json(m->to_json(), 201);
             });
  router.add("GET", "/api/v1/transit/vehicles/{id}/messages", Permission::kTransit,
             "A vehicle's dispatch messages, newest first (?limit=&offset=), and whether its "
             "terminal is online",
             [&store, &gateway](Request& req) -> Result<Response> {
               const auto id = vehicle_of(req);
               auto r = page(store, req, id);
               if (!r) return r;
               auto j = json::parse(r->body);
               auto t = terminal_of_vehicle(store, id);
               if (!t) return fail(t.error());
               j["terminal"] = *t ? json{{"phone", (*t)->phone},
                                         {"protocol", (*t)->protocol},
                                         {"last_seen", (*t)->last_seen},
                                         {"online", gateway.online(id)}}
                                  : json(nullptr);
               return Response::json(j);
             });
  router.add("GET", "/api/v1/transit/messages", Permission::kTransit,
             "The dispatch message log of every vehicle, newest first (?limit=&offset=)",
             [&store](Request& req) { return page(store, req, ""); });
  router.websocket("/api/v1/transit/messages/ws", Permission::kTransit,
                   "Dispatch message status changes pushed as they happen "
                   "({type:\"dispatch_message\", message})",
                   [](Request&) -> Result<std::string> { return std::string(kMessagesTopic); });
}

}  // namespace zt::transit::jt808
