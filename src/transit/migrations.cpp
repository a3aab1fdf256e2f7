#include "transit/schema.hpp"

namespace zt::transit {
namespace {

constexpr Migration kTransit[] = {
    {1, "GTFS feed versions", R"sql(
CREATE TABLE tr_feeds (
  id {{pk}},
  name TEXT NOT NULL,
  imported_at BIGINT NOT NULL,
  summary TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 0,
  forced INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE tr_agencies (
  feed_id BIGINT NOT NULL REFERENCES tr_feeds(id),
  agency_id TEXT NOT NULL,
  name TEXT NOT NULL,
  url TEXT NOT NULL,
  timezone TEXT NOT NULL
);
CREATE TABLE tr_stops (
  feed_id BIGINT NOT NULL REFERENCES tr_feeds(id),
  stop_id TEXT NOT NULL,
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  lat DOUBLE PRECISION NOT NULL,
  lon DOUBLE PRECISION NOT NULL,
  location_type INTEGER NOT NULL,
  parent TEXT NOT NULL,
  PRIMARY KEY (feed_id, stop_id)
);
CREATE TABLE tr_routes (
  feed_id BIGINT NOT NULL REFERENCES tr_feeds(id),
  route_id TEXT NOT NULL,
  agency_id TEXT NOT NULL,
  short_name TEXT NOT NULL,
  long_name TEXT NOT NULL,
  route_type INTEGER NOT NULL,
  color TEXT NOT NULL,
  PRIMARY KEY (feed_id, route_id)
);
CREATE TABLE tr_trips (
  feed_id BIGINT NOT NULL REFERENCES tr_feeds(id),
  trip_id TEXT NOT NULL,
  route_id TEXT NOT NULL,
  service_id TEXT NOT NULL,
  headsign TEXT NOT NULL,
  block_id TEXT NOT NULL,
  shape_id TEXT NOT NULL,
  direction INTEGER NOT NULL,
  PRIMARY KEY (feed_id, trip_id)
);
-- Times in seconds from the service day's start; may pass 86400 (after midnight).
CREATE TABLE tr_stop_times (
  feed_id BIGINT NOT NULL REFERENCES tr_feeds(id),
  trip_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  stop_id TEXT NOT NULL,
  arrival INTEGER NOT NULL,
  departure INTEGER NOT NULL,
  dist DOUBLE PRECISION,
  timepoint INTEGER NOT NULL,
  interpolated INTEGER NOT NULL,
  PRIMARY KEY (feed_id, trip_id, seq)
);
CREATE INDEX tr_stop_times_stop ON tr_stop_times(feed_id, stop_id, departure);
CREATE TABLE tr_shapes (
  feed_id BIGINT NOT NULL REFERENCES tr_feeds(id),
  shape_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  lat DOUBLE PRECISION NOT NULL,
  lon DOUBLE PRECISION NOT NULL,
  dist DOUBLE PRECISION,
  PRIMARY KEY (feed_id, shape_id, seq)
);
CREATE TABLE tr_services (
  feed_id BIGINT NOT NULL REFERENCES tr_feeds(id),
  service_id TEXT NOT NULL,
  weekdays INTEGER NOT NULL,
  start_date TEXT,
  end_date TEXT,
  PRIMARY KEY (feed_id, service_id)
);
CREATE TABLE tr_service_dates (
  feed_id BIGINT NOT NULL REFERENCES tr_feeds(id),
  service_id TEXT NOT NULL,
  date TEXT NOT NULL,
  exception INTEGER NOT NULL,
  PRIMARY KEY (feed_id, service_id, date)
);
CREATE TABLE tr_frequencies (
  feed_id BIGINT NOT NULL REFERENCES tr_feeds(id),
  trip_id TEXT NOT NULL,
  start_time INTEGER NOT NULL,
  end_time INTEGER NOT NULL,
  headway_secs INTEGER NOT NULL,
  exact_times INTEGER NOT NULL
);
)sql"},
    {2, "vehicle positions", R"sql(
CREATE TABLE tr_positions (
  vehicle_id TEXT NOT NULL,
  ts BIGINT NOT NULL,
  lat DOUBLE PRECISION NOT NULL,
  lon DOUBLE PRECISION NOT NULL,
  bearing DOUBLE PRECISION,
  speed DOUBLE PRECISION,
  trip_id TEXT NOT NULL,
  route_id TEXT NOT NULL,
  stop_id TEXT NOT NULL,
  status INTEGER NOT NULL,
  occupancy INTEGER NOT NULL,
  passengers INTEGER NOT NULL,
  received_at BIGINT NOT NULL,
  PRIMARY KEY (vehicle_id, ts)
);
CREATE INDEX tr_positions_ts ON tr_positions(ts);
)sql"},
    {3, "stop visits", R"sql(
CREATE TABLE tr_stop_events (
  vehicle_id TEXT NOT NULL,
  trip_id TEXT NOT NULL,
  service_date TEXT NOT NULL,
  shift INTEGER NOT NULL,
  stop_seq INTEGER NOT NULL,
  stop_id TEXT NOT NULL,
  arrived_at BIGINT,
  departed_at BIGINT NOT NULL,
  PRIMARY KEY (trip_id, service_date, shift, stop_seq, vehicle_id)
);
CREATE INDEX tr_stop_events_departed ON tr_stop_events(departed_at);
)sql"},
    // The server reads a version's stop times and shapes whole, into memory: one packed row per
    // trip and per shape (see pack.hpp) writes ~50 times fewer rows than one per stop time. Feed
    // versions imported before keep their rows in tr_stop_times and tr_shapes.
    {4, "packed stop times and shapes", R"sql(
CREATE TABLE tr_trip_stop_times (
  feed_id BIGINT NOT NULL REFERENCES tr_feeds(id),
  trip_id TEXT NOT NULL,
  stops INTEGER NOT NULL,
  packed TEXT NOT NULL,
  PRIMARY KEY (feed_id, trip_id)
);
CREATE TABLE tr_shape_points (
  feed_id BIGINT NOT NULL REFERENCES tr_feeds(id),
  shape_id TEXT NOT NULL,
  points INTEGER NOT NULL,
  packed TEXT NOT NULL,
  PRIMARY KEY (feed_id, shape_id)
);
)sql"},
    // The map draws each route's name in its own text colour; versions imported before have "".
    {5, "route text colour", R"sql(
ALTER TABLE tr_routes ADD COLUMN text_color TEXT NOT NULL DEFAULT '';
)sql"},
    // Operations records (路单): each trip performed per service day, and the days recorded, so
    // the KPIs of a month read these rows rather than raw positions (transit/kpi/).
    {6, "operations records", R"sql(
CREATE TABLE tr_trips_performed (
  service_date TEXT NOT NULL,
  trip_id_performed TEXT NOT NULL,
  trip_id TEXT NOT NULL,
  vehicle_id TEXT NOT NULL,
  route_id TEXT NOT NULL,
  direction_id INTEGER NOT NULL,
  block_id TEXT NOT NULL,
  start_stop_id TEXT NOT NULL,
  end_stop_id TEXT NOT NULL,
  sched_start BIGINT NOT NULL,
  sched_end BIGINT NOT NULL,
  actual_start BIGINT NOT NULL,
  actual_end BIGINT NOT NULL,
  last_visit_at BIGINT NOT NULL,
  stops_planned INTEGER NOT NULL,
  stops_served INTEGER NOT NULL,
  distance_m DOUBLE PRECISION NOT NULL,
  headway_s INTEGER NOT NULL,
  outcome TEXT NOT NULL,
  seen_shift INTEGER NOT NULL,
  PRIMARY KEY (service_date, trip_id_performed)
);
CREATE TABLE tr_ops_days (
  service_date TEXT PRIMARY KEY,
  recorded_at BIGINT NOT NULL,
  source TEXT NOT NULL,
  feed_id BIGINT NOT NULL,
  trips INTEGER NOT NULL
);
)sql"},
    // Number 7 stands apart from 6 (the operations records): neither reads the other's tables.
    // The built-up area of the 500 m coverage (each upload a version, the newest current), the
    // vehicle register (一车一档) and the accident register.
    {7, "built-up area, vehicle and accident registers", R"sql(
CREATE TABLE tr_built_up_areas (
  id {{pk}},
  name TEXT NOT NULL,
  geojson TEXT NOT NULL,
  area_m2 DOUBLE PRECISION NOT NULL,
  uploaded_at BIGINT NOT NULL,
  uploaded_by TEXT NOT NULL
);
CREATE TABLE tr_vehicles (
  plate TEXT PRIMARY KEY,
  model TEXT NOT NULL,
  energy TEXT NOT NULL,
  length_m DOUBLE PRECISION,
  floor_type INTEGER NOT NULL,  -- 0 低地板, 1 低入口, 2 普通
  video INTEGER NOT NULL,
  passenger_counter INTEGER NOT NULL,
  driver_partition INTEGER NOT NULL,
  in_service_since TEXT NOT NULL,
  depot TEXT NOT NULL,
  central_city INTEGER NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE TABLE tr_accidents (
  id {{pk}},
  date TEXT NOT NULL,
  plate TEXT NOT NULL,
  route TEXT NOT NULL,
  responsibility TEXT NOT NULL,
  deaths INTEGER NOT NULL,
  injuries INTEGER NOT NULL,
  note TEXT NOT NULL,
  recorded_at BIGINT NOT NULL,
  recorded_by TEXT NOT NULL
);
CREATE INDEX tr_accidents_date ON tr_accidents(date);
)sql"},
    // Live prediction accuracy and forecast coverage, persisted per day (transit/kpi/
    // live_accuracy.hpp, coverage_days.hpp): counts added to as the day goes, so a month is a sum.
    // Accuracy: per service day, route, local hour of the prediction and horizon bucket (index
    // into kHorizonBuckets). Coverage: per local day and stop, minutes with service due and of
    // them with a live prediction; the minutes sampled per day beside them.
    {8, "prediction accuracy and forecast coverage by day", R"sql(
CREATE TABLE tr_prediction_accuracy (
  service_date TEXT NOT NULL,
  route_id TEXT NOT NULL,
  hour INTEGER NOT NULL,
  bucket INTEGER NOT NULL,
  predictions BIGINT NOT NULL,
  hits BIGINT NOT NULL,
  abs_error_s DOUBLE PRECISION NOT NULL,
  signed_error_s DOUBLE PRECISION NOT NULL,
  PRIMARY KEY (service_date, route_id, hour, bucket)
);
CREATE TABLE tr_forecast_coverage (
  service_date TEXT NOT NULL,
  stop_id TEXT NOT NULL,
  minutes_served INTEGER NOT NULL,
  minutes_predicted INTEGER NOT NULL,
  PRIMARY KEY (service_date, stop_id)
);
CREATE TABLE tr_forecast_coverage_days (
  service_date TEXT PRIMARY KEY,
  minutes_sampled INTEGER NOT NULL
);
)sql"},
    // Dispatch (docs/dispatch.md): alarms raised once while their condition lasts (cond_key),
    // acknowledged and closed by a dispatcher; control advice accepted or rejected.
    {9, "dispatch alarms and advice", R"sql(
CREATE TABLE tr_dispatch_alarms (
  id {{pk}},
  unit_id BIGINT,
  kind TEXT NOT NULL,
  cond_key TEXT NOT NULL,
  route_id TEXT NOT NULL,
  route_name TEXT NOT NULL,
  direction INTEGER NOT NULL,
  vehicle_id TEXT NOT NULL,
  trip_id TEXT NOT NULL,
  stop_id TEXT NOT NULL,
  stop_name TEXT NOT NULL,
  value DOUBLE PRECISION NOT NULL,
  threshold DOUBLE PRECISION NOT NULL,
  message TEXT NOT NULL,
  state TEXT NOT NULL,
  active INTEGER NOT NULL,
  raised_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  cleared_at BIGINT,
  acknowledged_at BIGINT,
  acknowledged_by TEXT,
  closed_at BIGINT,
  closed_by TEXT,
  note TEXT NOT NULL
);
CREATE INDEX tr_dispatch_alarms_active ON tr_dispatch_alarms(active, cond_key);
CREATE INDEX tr_dispatch_alarms_state ON tr_dispatch_alarms(state, id);
CREATE TABLE tr_dispatch_advice (
  id {{pk}},
  unit_id BIGINT,
  kind TEXT NOT NULL,
  rule TEXT NOT NULL,
  advice_key TEXT NOT NULL,
  route_id TEXT NOT NULL,
  route_name TEXT NOT NULL,
  direction INTEGER NOT NULL,
  vehicle_id TEXT NOT NULL,
  trip_id TEXT NOT NULL,
  body TEXT NOT NULL,
  explanation TEXT NOT NULL,
  state TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  decided_at BIGINT,
  decided_by TEXT,
  note TEXT NOT NULL
);
CREATE INDEX tr_dispatch_advice_state ON tr_dispatch_advice(state, id);
CREATE INDEX tr_dispatch_advice_key ON tr_dispatch_advice(advice_key);
)sql"},
    // The JT/T 808 gateway (transit/jt808/): terminals by phone number with the plate they are on
    // and their auth code's digest, and the dispatch text messages sent down with their status.
    {10, "JT/T 808 terminals and dispatch messages", R"sql(
CREATE TABLE tr_jt808_terminals (
  phone TEXT PRIMARY KEY,
  plate TEXT NOT NULL,
  terminal_id TEXT NOT NULL,
  maker TEXT NOT NULL,
  model TEXT NOT NULL,
  protocol INTEGER NOT NULL,
  auth_digest TEXT NOT NULL,
  registered_at BIGINT NOT NULL,
  last_seen BIGINT NOT NULL
);
CREATE INDEX tr_jt808_terminals_plate ON tr_jt808_terminals(plate);
CREATE TABLE tr_dispatch_messages (
  id {{pk}},
  vehicle_id TEXT NOT NULL,
  phone TEXT NOT NULL,
  text TEXT NOT NULL,
  status TEXT NOT NULL,
  serial INTEGER,
  created_by TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  sent_at BIGINT,
  delivered_at BIGINT,
  note TEXT NOT NULL
);
CREATE INDEX tr_dispatch_messages_vehicle ON tr_dispatch_messages(vehicle_id, id);
CREATE INDEX tr_dispatch_messages_status ON tr_dispatch_messages(status);
)sql"},
    // 客流分析 (transit/flow/): a fare-tap day's figures and its aggregates, never a card token,
    // hashed or raw (docs/passenger-flow.md); a day's upload replaces its rows whole.
    {11, "passenger flow days and aggregates", R"sql(
CREATE TABLE tr_flow_days (
  service_date TEXT PRIMARY KEY,
  source TEXT NOT NULL,
  taps INTEGER NOT NULL,
  taps_rejected INTEGER NOT NULL,
  boarded INTEGER NOT NULL,
  with_destination INTEGER NOT NULL,
  inference_rate DOUBLE PRECISION NOT NULL,
  journeys INTEGER NOT NULL,
  transfers INTEGER NOT NULL,
  unresolved TEXT NOT NULL,
  noncash_share DOUBLE PRECISION NOT NULL,
  stop_visits INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE TABLE tr_flow_stop_hours (
  service_date TEXT NOT NULL,
  stop_id TEXT NOT NULL,
  route_id TEXT NOT NULL,
  hour INTEGER NOT NULL,
  boardings DOUBLE PRECISION NOT NULL,
  alightings DOUBLE PRECISION NOT NULL,
  PRIMARY KEY (service_date, stop_id, route_id, hour)
);
CREATE TABLE tr_flow_segment_loads (
  service_date TEXT NOT NULL,
  route_id TEXT NOT NULL,
  direction_id INTEGER NOT NULL,
  hour INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  from_stop_id TEXT NOT NULL,
  to_stop_id TEXT NOT NULL,
  riders DOUBLE PRECISION NOT NULL,
  max_load INTEGER NOT NULL,
  PRIMARY KEY (service_date, route_id, direction_id, hour, seq)
);
CREATE TABLE tr_flow_od (
  service_date TEXT NOT NULL,
  from_stop_id TEXT NOT NULL,
  to_stop_id TEXT NOT NULL,
  riders DOUBLE PRECISION NOT NULL,
  PRIMARY KEY (service_date, from_stop_id, to_stop_id)
);
CREATE TABLE tr_flow_trip_loads (
  service_date TEXT NOT NULL,
  trip_id TEXT NOT NULL,
  vehicle_id TEXT NOT NULL,
  route_id TEXT NOT NULL,
  direction_id INTEGER NOT NULL,
  hour INTEGER NOT NULL,
  taps INTEGER NOT NULL,
  counted INTEGER NOT NULL,
  riders DOUBLE PRECISION NOT NULL,
  max_load DOUBLE PRECISION NOT NULL,
  max_from_stop_id TEXT NOT NULL,
  max_to_stop_id TEXT NOT NULL,
  PRIMARY KEY (service_date, trip_id, vehicle_id)
);
)sql"},
    {12, "vehicle and driver assignments to blocks", R"sql(
CREATE TABLE tr_block_assignments (
  service_date TEXT NOT NULL,
  block_id TEXT NOT NULL,
  vehicle_id TEXT NOT NULL,
  driver_name TEXT NOT NULL,
  driver_no TEXT NOT NULL,
  unit_id BIGINT,
  updated_by TEXT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (service_date, block_id),
  UNIQUE (service_date, vehicle_id)
);
)sql"},
    // 客流计数: riders on and off in a live report; the counters' files laid on stop visits (a
    // day's upload replaces them), the
    // riders per stop visit a flow day inferred (its TIDES stop_visits export), and the day's
    // counter figures. Counts and loads are of vehicles and stops, never of a person.
    {13, "passenger counts and per-visit loads", R"sql(
ALTER TABLE tr_positions ADD COLUMN boarded INTEGER NOT NULL DEFAULT -1;
ALTER TABLE tr_positions ADD COLUMN alighted INTEGER NOT NULL DEFAULT -1;
ALTER TABLE tr_flow_days ADD COLUMN trips_with_counter INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tr_flow_days ADD COLUMN apc_boardings DOUBLE PRECISION NOT NULL DEFAULT 0;
ALTER TABLE tr_flow_days ADD COLUMN counted_taps INTEGER NOT NULL DEFAULT 0;
CREATE TABLE tr_flow_count_days (
  service_date TEXT PRIMARY KEY,
  source TEXT NOT NULL,
  events INTEGER NOT NULL,
  matched INTEGER NOT NULL,
  no_visits_of_vehicle INTEGER NOT NULL,
  no_visit_near_time INTEGER NOT NULL,
  boarded BIGINT NOT NULL,
  alighted BIGINT NOT NULL,
  vehicles INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE TABLE tr_flow_counts (
  service_date TEXT NOT NULL,
  vehicle_id TEXT NOT NULL,
  trip_id TEXT NOT NULL,
  stop_index INTEGER NOT NULL,
  boarded INTEGER NOT NULL,
  alighted INTEGER NOT NULL,
  PRIMARY KEY (service_date, vehicle_id, trip_id, stop_index)
);
CREATE TABLE tr_flow_visit_loads (
  service_date TEXT NOT NULL,
  trip_id TEXT NOT NULL,
  vehicle_id TEXT NOT NULL,
  stop_sequence INTEGER NOT NULL,
  stop_id TEXT NOT NULL,
  arrived BIGINT NOT NULL,
  departed BIGINT NOT NULL,
  boardings DOUBLE PRECISION NOT NULL,
  alightings DOUBLE PRECISION NOT NULL,
  departure_load DOUBLE PRECISION NOT NULL,
  PRIMARY KEY (service_date, trip_id, vehicle_id, departed, stop_sequence)
);
)sql"},
};

}  // namespace

MigrationSet migrations() { return {"transit", kTransit}; }

}  // namespace zt::transit
