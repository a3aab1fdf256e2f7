// What a driver reads on the terminal (JT/T 808 0x8300 text) when a dispatcher accepts a piece of
// advice, and the reading back of the two a driver acts on at a stop: a hold and a departure
// time. The phrasing is fixed so that the simulator's drivers follow the instruction they
// received, closing the loop advice → command → effect through the gateway. Pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "transit/dispatch/advice.hpp"

namespace zt::transit::dispatch {

struct Instruction {
  AdviceKind kind = AdviceKind::kHold;  // kHold (either holding rule) or kDepart
  std::string stop_name;
  std::int64_t hold_s = 0;  // kHold: seconds to wait at the stop
  int depart_minute = -1;   // kDepart: local minutes after midnight (00:00-23:59)
};

// The driver's text of `p`. `utc_offset_s` (local time minus UTC) turns an advised departure
// into the clock time the driver reads. Under 120 bytes of GBK for every kind.
std::string instruction_text(const Proposal& p, std::int64_t utc_offset_s);

// A hold or departure text as instruction_text writes it; nullopt for any other text (a
// dispatcher's free message, a short-turn or express instruction, which the driver reads but
// the simulator does not act on).
std::optional<Instruction> parse_instruction(std::string_view text);

}  // namespace zt::transit::dispatch
