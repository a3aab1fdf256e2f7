#include "transit/scheduling/ods_export.hpp"

#include <algorithm>

#include "core/csv.hpp"

namespace zt::transit::scheduling {
void write_ods_deadheads(const Network& n, const DayBlocks& b, std::ostream& out) {
  out << "deadhead_id,service_id,block_id,shape_id,to_trip_id,from_trip_id,to_deadhead_id,"
         "from_deadhead_id\n";
  const auto& trips = n.feed().trips;
  int k = 0;
  for (std::size_t blk = 0; blk < b.plan.blocks.size(); ++blk) {
    const auto& block = b.plan.blocks[blk];
    for (std::size_t i = 1; i < block.size(); ++i) {
      const auto& from = b.timed[block[i - 1]];
      const auto& to = b.timed[block[i]];
      if (from.end_stop == to.start_stop) continue;  // no empty run: the bus stays at the stop
      const auto& ft = trips[b.trips[block[i - 1]].trip];
      const auto& tt = trips[b.trips[block[i]].trip];
      out << "DH" << ++k << ',' << csv_field(ft.service_id) << ','
          << block_name(int(blk), b.plan.vehicles) << ",," << csv_field(tt.id) << ','
          << csv_field(ft.id) << ",,\n";
    }
  }
}

void write_ods_runs_pieces(const Network& n, const DayBlocks& b, const DayDuties& d,
                           std::ostream& out) {
  out << "run_id,piece_id,start_type,start_trip_id,start_trip_position,end_type,end_trip_id,"
         "end_trip_position\n";
  const auto& cand = d.candidates;
  auto trip_at = [&](const Piece& p, std::uint32_t k) {
    return n.feed().trips[b.trips[b.plan.blocks[std::size_t(p.block)][k]].trip].id;
  };
  auto sign_on = [&](int duty) {
    const auto& p = cand.pieces[std::size_t(cand.duties[std::size_t(duty)].front())];
    return b.timed[b.plan.blocks[std::size_t(p.block)][p.first]].departure;
  };
  std::vector<int> order = d.chosen.columns;
  std::sort(order.begin(), order.end(),
            [&](int x, int y) { return std::pair(sign_on(x), x) < std::pair(sign_on(y), y); });
  const int width = std::max(3, int(std::to_string(order.size()).size()));
  for (std::size_t r = 0; r < order.size(); ++r) {
    std::string id = std::to_string(r + 1);
    id = "D" + std::string(std::size_t(std::max(0, width - int(id.size()))), '0') + id;
    const auto& duty = cand.duties[std::size_t(order[r])];
    for (std::size_t p = 0; p < duty.size(); ++p) {
      const auto& piece = cand.pieces[std::size_t(duty[p])];
      out << id << ',' << id << '-' << p + 1 << ",1," << csv_field(trip_at(piece, piece.first))
          << ",,1," << csv_field(trip_at(piece, piece.last)) << ",\n";
    }
  }
}

}  // namespace zt::transit::scheduling
