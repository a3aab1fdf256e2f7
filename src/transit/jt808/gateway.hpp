// The JT/T 808 terminal gateway: a TCP server (Boost.Asio, C++20 coroutines, its own event loop
// on one thread) that bus terminals connect to in the 2013 or 2019 form. A terminal registers
// (0x0100 → 0x8100 with an auth code; its plate must be in the vehicle register unless
// open_registration), authenticates (0x0102; a wrong code is answered and the connection closed),
// then sends heartbeats and location reports (0x0200, 0x0704), which go into the same ingest as
// GTFS-RT and JSON AVL with the plate as the vehicle id. Dispatch text messages go down as 0x8300
// and are tracked until the terminal's 0x0001 with the same serial (delivered) or ack_timeout
// (timed out). Malformed frames are counted by fault and dropped; a connection that sends nothing
// usable for long, or only garbage, is closed.
//
// Thread-safety: start(), stop() and set_publisher() from the owner's thread; send_text(),
// online() and metrics() from any thread. The event loop (one thread) never touches the store:
// its reads and writes and the ingest run in order on one writer thread (store_queue.hpp, at
// most store_queue jobs waiting), so a slow database delays writes but not other terminals'
// replies; with the queue full a location report or registration is answered with the general
// reply's failure (0x8001 result 1). stop() joins the loop, then the writer after it has run what
// was queued. The publisher is called from the writer thread. Not restartable after stop().
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "core/audit.hpp"
#include "core/clock.hpp"
#include "core/store.hpp"
#include "transit/jt808/records.hpp"

namespace zt::transit {
class Positions;
}

namespace zt::transit::jt808 {

struct GatewayOptions {
  std::string address = "127.0.0.1";
  std::uint16_t port = 0;                   // 0: a free port (tests)
  std::size_t max_connections = 5000;       // more are closed at accept
  std::chrono::seconds auth_timeout{30};    // from connect until authenticated
  std::chrono::seconds idle_timeout{180};   // between frames once authenticated (3 heartbeats)
  std::chrono::seconds ack_timeout{60};     // a sent 0x8300 without its 0x0001: timed out
  std::chrono::seconds queue_timeout{600};  // a message whose terminal never came online
  std::size_t max_write_queue = 256;        // frames waiting for a terminal that does not read
  std::size_t max_bad_frames = 32;          // malformed frames in a row before closing
  bool open_registration = false;           // accept plates not in the vehicle register (demos)
  std::size_t store_queue = 4096;           // store jobs waiting for the writer thread
};

// The WebSocket topic of dispatch message status changes.
inline constexpr std::string_view kMessagesTopic = "dispatch:messages";

class Gateway {
 public:
  using Publish = std::function<void(const std::string& topic, const std::string& message)>;
  // `positions` takes the location reports; `store`, `clock` and `positions` outlive the gateway.
  Gateway(Store& store, const Clock& clock, Positions& positions, GatewayOptions options);
  ~Gateway();
  Gateway(const Gateway&) = delete;
  Gateway& operator=(const Gateway&) = delete;

  // Binds, listens and serves on the gateway's thread; returns the bound port. Messages left
  // queued or sent by an earlier run are marked timed out first (nothing will answer them).
  Result<std::uint16_t> start();
  void stop();
  bool running() const;
  // Where status changes of dispatch messages are pushed (JSON on kMessagesTopic). Both before
  // start().
  void set_publisher(Publish publish);
  void set_address(std::string address, std::uint16_t port);

  // Stores the message (queued, audited as `who`) and sends it as 0x8300 when the vehicle's
  // terminal is online, else when it next authenticates. Refused: empty or over-long text, text
  // without a GBK form, a vehicle with no registered terminal (409), the gateway not running
  // (503).
  Result<DispatchMessage> send_text(const std::string& vehicle_id, const std::string& text,
                                    const Actor& who);
  bool online(const std::string& vehicle_id) const;
  // Prometheus text: connections, frames by result, malformed frames by fault, auth failures.
  std::string metrics() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace zt::transit::jt808
