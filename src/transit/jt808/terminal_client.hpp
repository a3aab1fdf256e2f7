// A JT/T 808 terminal (the simulator's buses and the gateway's tests): connects, registers,
// authenticates, reports locations and answers the platform's 0x8300 text messages with 0x0001.
// Blocking, with a timeout on every wait. Thread-safety: one thread per client.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "transit/jt808/codec.hpp"
#include "transit/jt808/messages.hpp"

namespace zt::transit::jt808 {

struct TerminalOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;
  std::string phone;  // digits
  std::string plate;  // UTF-8
  bool v2019 = true;
  std::chrono::milliseconds timeout{5000};
};

class TerminalClient {
 public:
  explicit TerminalClient(TerminalOptions options);
  ~TerminalClient();
  TerminalClient(const TerminalClient&) = delete;
  TerminalClient& operator=(const TerminalClient&) = delete;

  Status connect();
  // 0x0100 → 0x8100 (the auth code kept), then 0x0102 → 0x8001. Fails naming the refusal.
  Status register_and_authenticate();
  // 0x0102 with `code` alone; the platform's result (the connection may then be closed).
  Result<ReplyResult> authenticate(const std::string& code);
  // Sends and waits for the platform's 0x8001 to it (answering any 0x8300 meanwhile).
  Result<ReplyResult> send_location(const Location& l);
  Result<ReplyResult> send_batch(const std::vector<Location>& items);
  Result<ReplyResult> heartbeat();
  // Reads what arrives within `wait`, answering each 0x8300 with 0x0001 (result `answer`);
  // returns the texts received.
  Result<std::vector<TextMessage>> poll(std::chrono::milliseconds wait,
                                        ReplyResult answer = ReplyResult::kOk);
  // Whether the platform has closed the connection (read end of stream within `wait`).
  bool closed_by_peer(std::chrono::milliseconds wait);
  Status send_raw(std::string_view bytes);
  const std::string& auth_code() const { return code_; }
  const TerminalOptions& options() const { return options_; }

 private:
  Result<std::uint16_t> send(std::uint16_t id, std::string_view body);
  // The next whole packet within `wait`; kUnavailable on timeout, closed or error.
  Result<Packet> receive(std::chrono::milliseconds wait);
  Result<ReplyResult> await_reply(std::uint16_t serial, std::uint16_t id);

  TerminalOptions options_;
  int fd_ = -1;
  std::uint16_t serial_ = 0;
  std::string code_;
  Framer framer_;
  std::vector<std::string> frames_;  // received, not yet read
  std::vector<TextMessage> texts_;   // 0x8300 answered while waiting for something else
};

}  // namespace zt::transit::jt808
