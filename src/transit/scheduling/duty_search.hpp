// The search both ways of choosing duties share: the pieces of work a day's blocks can be cut
// into (runs of a block's trips one driver may drive alone; a relief point at the end of each
// trip) and a depth-first walk over the duties made of them — up to max_pieces pieces in time
// order, a break between each two — that obey the rules (duty_rules.hpp). duty_candidates keeps
// every duty; column generation (duty_generation.hpp) keeps only those its prices favour and
// prunes the rest. Not thread-safe to share one search across threads; each is cheap to build.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "core/error.hpp"
#include "transit/scheduling/blocks.hpp"
#include "transit/scheduling/duty_rules.hpp"

namespace zt::transit::scheduling {

struct Piece {
  int block = 0;
  std::uint32_t first = 0, last = 0;  // positions in the block, inclusive
};

class DutySearch {
 public:
  // Fails (rule violation "duty_trip_too_long") when a trip alone breaks the rules, naming it.
  static Result<DutySearch> make(const std::vector<BlockTrip>& trips,
                                 const std::vector<StopPoint>& stops, const BlockPlan& plan,
                                 const DutyRules& rules);

  const std::vector<Piece>& pieces() const { return pieces_; }
  int start(int piece) const { return start_[std::size_t(piece)]; }  // first departure
  int end(int piece) const { return end_[std::size_t(piece)]; }      // last arrival
  // The trips (indices into the day's trips) a piece drives, in order.
  std::vector<std::uint32_t> rows(int piece) const;
  // Pieces by first departure; and the first position in that order departing at or after t.
  const std::vector<int>& by_start() const { return by_start_; }
  std::size_t first_from(int t) const;
  const DutyRules& rules() const { return rules_; }

  using Duty = std::vector<int>;
  // Calls visit(duty) for each duty (pieces in time order) obeying the rules; extends a duty
  // only while extend(duty) is true, and by a next piece only when admit(duty, next) is (when
  // given). Stops early when visit returns false.
  void walk(const std::function<bool(const Duty&)>& visit,
            const std::function<bool(const Duty&)>& extend,
            const std::function<bool(const Duty&, int next)>& admit = {}) const;

 private:
  DutySearch() = default;

  std::vector<StopPoint> stops_;
  std::vector<std::vector<std::uint32_t>> blocks_;  // the plan's, copied: the search owns its data
  DutyRules rules_;
  std::vector<Piece> pieces_;
  std::vector<std::vector<BlockTrip>> piece_trips_;
  std::vector<int> start_, end_, by_start_;
};

// The rules the pieces are cut and the search pruned by: all but the meal break, which a later
// piece can bring; a duty breaking these breaks them however it is extended.
DutyRules piece_rules(DutyRules rules);

// Whether a duty (its trips, in order, with where each piece ends) obeys the rules; for tests
// and a check of what was generated. `pieces` is the duty's trips grouped by piece.
bool duty_obeys(const std::vector<std::vector<BlockTrip>>& pieces,
                const std::vector<StopPoint>& stops, const DutyRules& rules);

}  // namespace zt::transit::scheduling
