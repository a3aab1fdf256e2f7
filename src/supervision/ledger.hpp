// The supervision ledger in the store: importing a parsed notice (idempotently, units resolved
// through the alias table), and reading tasks within a user's scope.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/audit.hpp"
#include "core/auth.hpp"
#include "core/clock.hpp"
#include "core/migrations.hpp"
#include "core/org.hpp"
#include "core/store.hpp"
#include "supervision/gazette.hpp"
#include "supervision/ids.hpp"

namespace zt::supervision {

struct ImportOptions {
  bool create_missing_units = false;  // create units the alias table does not know
  bool dry_run = false;               // report what would be created, change nothing
};

struct ImportReport {
  int notices_created = 0, notices_existing = 0;
  int targets_created = 0, tasks_created = 0, ledger_created = 0;
  int commitments_created = 0, kpis_created = 0, people_created = 0, units_created = 0;
  std::vector<std::string> unresolved_units;  // names no unit or alias matched
  // As the import routes and the CLI print it (defined with the API's serialisers, api_json.cpp).
  nlohmann::json to_json() const;
};

// How a unit name as written maps to units: "各县〔市、区〕政府" to every county-level
// government; "相关县〔市、区〕政府" to none (the office decides); other names through the
// alias table. Exposed for tests.
struct Resolution {
  std::vector<UnitId> units;
  bool group = false;  // a collective name (各… / 相关…)
};

class Ledger {
 public:
  Ledger(Store& store, Org& org, const Clock& clock) : store_(store), org_(org), clock_(clock) {}

  Result<Resolution> resolve(const std::string& name);
  const Clock& clock() const { return clock_; }
  // Stores what the parse found. Importing the same notice again creates nothing.
  Result<ImportReport> import(const Gazette& g, const std::string& source_digest,
                              const ImportOptions& options, const Actor& actor);

  struct TaskView {
    TaskId id;
    std::string notice, section, section_title, text;
    int no = 0;
    std::vector<std::string> lead_units, cooperating_units;  // names as written
    std::vector<std::string> leaders;  // 责任领导 of the ledger lines linked to the task
  };
  // 责任领导 from the ledger, each with the user account linked to it (if any).
  struct PersonView {
    std::int64_t id = 0;
    std::string name;
    std::optional<std::int64_t> user_id;
    std::string username;
    int ledger_lines = 0, tasks = 0;
  };
  Result<std::vector<PersonView>> people();
  // Links a leader to a user account (or unlinks with nullopt): the user then sees the tasks of
  // the ledger lines the leader answers for.
  Result<PersonView> link_person(std::int64_t person_id, std::optional<UserId> user,
                                 const Actor& actor);

  // Tasks the principal may see (scope.hpp).
  Result<std::vector<TaskView>> tasks_for(const Principal& p);
  // Which tasks a ledger page shows; each field set narrows it.
  struct TaskQuery {
    std::optional<std::vector<UnitId>> units;  // tasks these units lead or cooperate on
    std::string section;                       // 领域: （一） …
    std::string keyword;  // the task's number, or a part of its text or of a unit's name
    std::optional<TaskId> id;
    int page = 1;      // from 1
    int per_page = 0;  // 0: all on one page
  };
  struct TaskList {
    std::vector<TaskView> tasks;  // the page, by notice and number
    int total = 0;                // tasks matching the query
  };
  // A page of the tasks the principal may see.
  Result<TaskList> find_tasks(const Principal& p, const TaskQuery& q);

 private:
  Store& store_;
  Org& org_;
  const Clock& clock_;
};

}  // namespace zt::supervision
