// The simulator's buses as JT/T 808 terminals (transit simulate --via-jt808): one connection per
// bus, registered with its vehicle id as the plate and authenticated on first sight, then each
// fix sent as 0x0200 and every 0x8300 answered with 0x0001. Thread-safety: one thread.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "transit/jt808/terminal_client.hpp"
#include "transit/realtime.hpp"

namespace zt::transit::jt808 {

// A 12-digit terminal number of a vehicle id ("1" and 11 digits of its hash): stable per bus.
std::string phone_for(const std::string& vehicle_id);

class TerminalFleet {
 public:
  TerminalFleet(std::string host, std::uint16_t port, bool v2019 = true)
      : host_(std::move(host)), port_(port), v2019_(v2019) {}

  struct Round {
    int sent = 0, failed = 0, texts = 0;
    std::vector<std::pair<std::string, std::string>> received;  // vehicle id, text
  };
  // Sends each fix from its bus's terminal (connecting and authenticating it first); a bus whose
  // link fails is dropped and reconnects on its next fix.
  Round report(const std::vector<VehicleReport>& fixes);

 private:
  std::string host_;
  std::uint16_t port_;
  bool v2019_;
  std::map<std::string, std::unique_ptr<TerminalClient>> terminals_;
};

}  // namespace zt::transit::jt808
