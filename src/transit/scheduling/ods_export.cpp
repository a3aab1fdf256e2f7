#include "transit/scheduling/ods_export.hpp"

#include <algorithm>
#include <sstream>

#include "core/csv.hpp"
#include "core/zip_writer.hpp"

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
  auto trip_id = [&](std::uint32_t t) { return csv_field(n.feed().trips[b.trips[t].trip].id); };
  for (const auto& run : duty_sheet(b, d))
    for (std::size_t p = 0; p < run.pieces.size(); ++p)
      out << run.id << ',' << run.id << '-' << p + 1 << ",1,"
          << trip_id(run.pieces[p].trips.front()) << ",,1," << trip_id(run.pieces[p].trips.back())
          << ",\n";
}

void write_ods_run_events(const Network& n, const DayBlocks& b, const DayDuties& d,
                          const DutyRules& rules, std::ostream& out) {
  out << "service_id,run_id,event_sequence,piece_id,block_id,job_type,event_type,trip_id,"
         "start_location,start_time,start_mid_trip,end_location,end_time,end_mid_trip\n";
  const auto& f = n.feed();
  auto stop = [&](std::uint32_t s) { return csv_field(f.stops[s].id); };
  for (const auto& run : duty_sheet(b, d)) {
    // A run's events carry the service of its first trip (ODS: the run's own service).
    const std::string service =
        csv_field(f.trips[b.trips[run.pieces.front().trips.front()].trip].service_id);
    int seq = 0;
    auto event = [&](const std::string& piece, const std::string& block, const char* type,
                     const std::string& trip, std::uint32_t from, int start, std::uint32_t to,
                     int end) {
      const char* whole = trip.empty() ? "" : "2";  // 2: the event covers the whole trip
      out << service << ',' << run.id << ',' << (seq += 10) << ',' << piece << ',' << block
          << ",Operator," << type << ',' << trip << ',' << stop(from) << ','
          << format_gtfs_time(start) << ',' << whole << ',' << stop(to) << ','
          << format_gtfs_time(end) << ',' << whole << '\n';
    };
    const auto& first = b.timed[run.pieces.front().trips.front()];
    const auto& last = b.timed[run.pieces.back().trips.back()];
    event("", "", "Report Time", "", first.start_stop, first.departure - rules.sign_on_min * 60,
          first.start_stop, first.departure);
    const BlockTrip* prev = nullptr;
    for (std::size_t p = 0; p < run.pieces.size(); ++p) {
      const std::string piece = run.id + "-" + std::to_string(p + 1);
      const std::string block = block_name(run.pieces[p].block, b.plan.vehicles);
      for (std::size_t k = 0; k < run.pieces[p].trips.size(); ++k) {
        const auto t = run.pieces[p].trips[k];
        const auto& bt = b.timed[t];
        if (prev && k == 0)  // between pieces: the driver rests, perhaps walking to the next stop
          event("", "", "Break", "", prev->end_stop, prev->arrival, bt.start_stop, bt.departure);
        else if (prev && prev->end_stop != bt.start_stop)
          event(piece, block, "Deadhead", "", prev->end_stop, prev->arrival, bt.start_stop,
                bt.departure);
        event(piece, block, "Operator", csv_field(f.trips[b.trips[t].trip].id), bt.start_stop,
              bt.departure, bt.end_stop, bt.arrival);
        prev = &bt;
      }
    }
    event("", "", "Sign Off", "", last.end_stop, last.arrival, last.end_stop,
          last.arrival + rules.sign_off_min * 60);
  }
}

Result<std::string> ods_archive(const Network& n, const DayBlocks& b, const DayDuties& d,
                                const DutyRules& rules) {
  std::ostringstream deadheads, pieces, events;
  write_ods_deadheads(n, b, deadheads);
  write_ods_runs_pieces(n, b, d, pieces);
  write_ods_run_events(n, b, d, rules, events);
  const std::string dh = deadheads.str(), rp = pieces.str(), re = events.str();
  const ZipPart parts[] = {{"deadheads.txt", dh}, {"runs_pieces.txt", rp}, {"run_events.txt", re}};
  return zip_archive(parts);
}

}  // namespace zt::transit::scheduling
