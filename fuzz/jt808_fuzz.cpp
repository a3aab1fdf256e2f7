// The JT/T 808 gateway's parsers (transit/jt808/): the bytes as a terminal's TCP stream cut into
// frames, each frame decoded, sub-packages joined, and every body parsed as each message it could
// be, in both the 2013 and 2019 forms; then what decoded is encoded again. Nothing may crash,
// leak, hang or read out of bounds.
#include <cstdint>
#include <string_view>

#include "transit/jt808/codec.hpp"
#include "transit/jt808/messages.hpp"

namespace jt = zt::transit::jt808;

namespace {

void bodies(std::string_view body) {
  for (bool v2019 : {false, true}) {
    (void)jt::parse_registration(body, v2019);
    (void)jt::parse_authentication(body, v2019);
    (void)jt::parse_text(body, v2019);
  }
  (void)jt::parse_general_reply(body);
  (void)jt::parse_register_reply(body);
  if (auto l = jt::parse_location(body)) (void)jt::encode_location(*l);
  if (auto b = jt::parse_location_batch(body)) (void)jt::encode_location_batch(b->items, b->type);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  jt::Framer framer;
  jt::Reassembler reassembler;
  // Fed in two reads, so a frame split across them is exercised too.
  const auto half = size / 2;
  for (auto part : {bytes.substr(0, half), bytes.substr(half)})
    for (const auto& frame : framer.push(part)) {
      auto p = jt::decode_frame(frame);
      if (!p) continue;
      (void)jt::encode_frame(jt::reply_header(p->header, jt::msg::kPlatformReply, 1), p->body);
      auto whole = reassembler.add(*p);
      if (whole && *whole) bodies((*whole)->body);
    }
  bodies(bytes);  // the bytes as a body straight away
  return 0;
}
