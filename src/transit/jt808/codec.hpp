// JT/T 808 framing and headers (2013 and 2019 forms), pure: no I/O, no clock, safe on any bytes
// (the fuzz harness feeds it). A frame on the wire is 0x7E, the escaped header + body + XOR check
// code, 0x7E; inside it 0x7E is sent as 0x7D 0x02 and 0x7D as 0x7D 0x01. Decoding returns the
// fault as a value; nothing a terminal sends throws or reads out of bounds. Thread-safety: the
// functions are reentrant; a Framer or Reassembler belongs to one connection.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include <tl/expected.hpp>

namespace zt::transit::jt808 {

// What was wrong with a frame or a body: a stable code for /metrics and tests.
enum class Fault {
  kEmpty,        // nothing between the flags
  kBadEscape,    // 0x7D followed by neither 0x01 nor 0x02, or at the end
  kChecksum,     // the XOR check code does not match
  kTruncated,    // shorter than its header or its declared body
  kLength,       // the declared body length disagrees with the bytes
  kTooLong,      // a frame, body or reassembled message past its bound
  kBcd,          // a BCD digit above 9 (phone, time)
  kEncrypted,    // RSA-encrypted bodies are not supported
  kSubpackage,   // package index 0 or past the total, a total of 0, too many packages
  kBody,         // a body field out of range or missing
  kText,         // text that is not GBK (or not UTF-8 going down)
  kUnsupported,  // a message this gateway does not take
};
inline constexpr std::size_t kFaultKinds = 12;
std::string_view fault_code(Fault f);  // "empty", "bad_escape", …

struct DecodeError {
  Fault fault = Fault::kBody;
  std::string detail;  // for logs and people: which field, which byte
};
template <class T>
using Decoded = tl::expected<T, DecodeError>;
inline tl::unexpected<DecodeError> fault(Fault f, std::string detail) {
  return tl::unexpected<DecodeError>(DecodeError{f, std::move(detail)});
}

// Message ids this gateway reads or writes.
namespace msg {
inline constexpr std::uint16_t kTerminalReply = 0x0001;
inline constexpr std::uint16_t kHeartbeat = 0x0002;
inline constexpr std::uint16_t kLogout = 0x0003;
inline constexpr std::uint16_t kRegister = 0x0100;
inline constexpr std::uint16_t kAuthenticate = 0x0102;
inline constexpr std::uint16_t kLocation = 0x0200;
inline constexpr std::uint16_t kBatchLocation = 0x0704;
inline constexpr std::uint16_t kPlatformReply = 0x8001;
inline constexpr std::uint16_t kRegisterReply = 0x8100;
inline constexpr std::uint16_t kText = 0x8300;
}  // namespace msg

inline constexpr std::size_t kMaxBody = 1023;  // the 10-bit length field
// An escaped frame at most doubles; header, check code and slack on top.
inline constexpr std::size_t kMaxFrame = 2 * (kMaxBody + 21 + 1) + 16;

struct Header {
  std::uint16_t id = 0;
  bool v2019 = false;                 // version flag (bit 14 of the body attributes)
  std::uint8_t protocol_version = 0;  // 2019 form only (1 for 2019)
  std::string phone;                  // the BCD digits, leading zeros kept (12 or 20)
  std::uint16_t serial = 0;
  std::uint16_t body_length = 0;  // from the attributes
  std::uint8_t encryption = 0;    // bits 10-12; 0: none
  // The sub-package item when bit 13 is set: total packages, this one's index (1-based).
  std::optional<std::pair<std::uint16_t, std::uint16_t>> package;
};

struct Packet {
  Header header;
  std::string body;
};

// The terminal's number without the padding zeros, so one terminal is one key in either form.
std::string phone_key(std::string_view digits);

// Escape handling and the check code (exposed for the tests written from the standard).
Decoded<std::string> unescape(std::string_view escaped);
std::string escape(std::string_view raw);
std::uint8_t check_code(std::string_view raw);

// One frame's content between (not including) the 0x7E flags.
Decoded<Packet> decode_frame(std::string_view escaped);

// A whole frame with its flags: header in the form of `h` (version, phone width), `h.id`,
// `h.serial`, no sub-package; the body at most kMaxBody bytes (longer: kTooLong).
Decoded<std::string> encode_frame(const Header& h, std::string_view body);
// The header a reply to `to` goes out with: its form and phone, message `id`, serial `serial`.
Header reply_header(const Header& to, std::uint16_t id, std::uint16_t serial);

// Cuts a byte stream into frames. Bytes before the first flag are junk; a frame that grows past
// kMaxFrame without a closing flag is dropped and the splitter resynchronises at the next flag.
class Framer {
 public:
  // Appends `bytes`; returns every frame completed (the content between flags, still escaped).
  std::vector<std::string> push(std::string_view bytes);
  std::uint64_t dropped() const { return dropped_; }  // oversized frames and junk runs
  std::size_t buffered() const { return current_.size(); }

 private:
  std::string current_;
  bool in_frame_ = false;
  bool junk_ = false;      // skipping bytes outside a frame
  bool overlong_ = false;  // skipping the rest of an oversized frame
  std::uint64_t dropped_ = 0;
};

// Joins sub-packages (bit 13) into one packet. Bounds: `max_packages` per message, `max_bytes`
// of body per message, `max_pending` messages being assembled at once (the oldest is dropped
// beyond it). The packages of one message carry consecutive serials (the standard's rule), so a
// message is keyed by its id, total and first serial.
class Reassembler {
 public:
  Reassembler(std::size_t max_packages = 64, std::size_t max_bytes = 64 * 1024,
              std::size_t max_pending = 4)
      : max_packages_(max_packages), max_bytes_(max_bytes), max_pending_(max_pending) {}
  // A packet without a sub-package item comes back as it is; a package of a message not yet
  // whole gives nullopt; the last missing one gives the whole message (its header that of the
  // first package, without the item, body_length the total).
  Decoded<std::optional<Packet>> add(Packet p);
  std::size_t pending() const { return parts_.size(); }

 private:
  using Key = std::tuple<std::uint16_t, std::uint16_t, std::uint16_t>;  // id, total, first serial
  struct Parts {
    Header first;
    std::map<std::uint16_t, std::string> bodies;
    std::size_t bytes = 0;
    std::uint64_t order = 0;
  };
  std::size_t max_packages_, max_bytes_, max_pending_;
  std::map<Key, Parts> parts_;
  std::uint64_t next_order_ = 0;
};

}  // namespace zt::transit::jt808
