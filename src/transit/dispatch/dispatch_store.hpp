// Stored alarms and advice (transit migration 9) and their lifecycles. An alarm is raised once
// while its condition lasts: a round that finds the condition again only refreshes it, a
// condition gone marks it cleared (it stays open until a dispatcher closes it), and one back
// within two minutes of clearing revives the same alarm. raised → acknowledged → closed, each
// change audited with its actor (the system for raising and clearing). Advice is open until the
// dispatcher accepts or rejects it, or it expires (the situation passed, a minute unseen); a
// decided situation is not advised again for ten minutes. Thread-safety: as the Store.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/audit.hpp"
#include "core/store.hpp"
#include "transit/dispatch/advice.hpp"
#include "transit/dispatch/alarms.hpp"

namespace zt::transit::dispatch {

struct Alarm {
  std::int64_t id = 0;
  std::optional<std::int64_t> unit;
  Condition condition;
  std::string state = "raised";  // raised, acknowledged, closed
  bool active = true;            // the condition still lasts
  std::int64_t raised_at = 0, last_seen_at = 0;
  std::optional<std::int64_t> cleared_at, acknowledged_at, closed_at;
  std::string acknowledged_by, closed_by, note;
  nlohmann::json to_json() const;
};

struct Advice {
  std::int64_t id = 0;
  std::optional<std::int64_t> unit;
  Proposal proposal;
  std::string state = "open";  // open, accepted, rejected, expired
  std::int64_t created_at = 0, last_seen_at = 0, expires_at = 0;
  std::optional<std::int64_t> decided_at;
  std::string decided_by, note;
  nlohmann::json to_json() const;
};

// A change to push to the dispatchers' WebSocket.
struct Event {
  std::string type;   // "alarm", "advice"
  std::string event;  // raised, updated, acknowledged, closed; created, updated, accepted, …
  nlohmann::json object;
  std::optional<std::int64_t> unit;
  std::string to_text() const;
};

// One round: `conditions` hold at `now` (transit clock, unix s); audit records are stamped `at`.
Result<std::vector<Event>> sync_alarms(Store& store, const std::vector<Condition>& conditions,
                                       std::optional<std::int64_t> unit, std::int64_t now,
                                       Instant at);
Result<std::vector<Event>> sync_advice(Store& store, const std::vector<Proposal>& proposals,
                                       std::optional<std::int64_t> unit, std::int64_t now,
                                       Instant at);

struct ListQuery {
  bool open_only = true;
  std::string route_id;              // "" any
  std::optional<std::int64_t> unit;  // set: that unit's and the unit-less only
  bool all_units = false;            // the caller sees every unit's
  std::int64_t offset = 0, limit = 50;
};
template <class T>
struct Page {
  std::vector<T> items;
  std::int64_t total = 0;
};
Result<Page<Alarm>> list_alarms(Store& store, const ListQuery& q);
Result<Page<Advice>> list_advice(Store& store, const ListQuery& q);
Result<Alarm> get_alarm(Store& store, std::int64_t id);    // kNotFound when none
Result<Advice> get_advice(Store& store, std::int64_t id);  // kNotFound when none

// raised → acknowledged; raised or acknowledged → closed. Anything else is kConflict.
enum class AlarmAct { kAcknowledge, kClose };
Result<Alarm> act_on_alarm(Store& store, std::int64_t id, AlarmAct act, const std::string& note,
                           const Actor& who, std::int64_t now, Instant at);
// open → accepted or rejected; anything else is kConflict.
Result<Advice> decide_advice(Store& store, std::int64_t id, bool accept, const std::string& note,
                             const Actor& who, std::int64_t now, Instant at);

}  // namespace zt::transit::dispatch
