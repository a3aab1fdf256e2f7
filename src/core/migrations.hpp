// Numbered migrations per module, applied in order and recorded in schema_migrations.
// SQL uses two placeholders for what differs between backends: {{pk}} (an auto-increment
// 64-bit primary key) and {{blob}} (binary data).
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "core/store.hpp"

namespace zt {

struct Migration {
  int number;
  std::string_view name;
  std::string_view sql;
};

struct MigrationSet {
  std::string_view module;
  std::span<const Migration> migrations;
};

std::string dialect_sql(Dialect dialect, std::string_view sql);

// Applies every migration not yet recorded, each in its own transaction. Returns how many ran.
Result<int> migrate(Store& store, std::span<const MigrationSet> sets);

// The core module's own tables: units, users, roles, certificates, sessions, audit trail.
MigrationSet core_migrations();

}  // namespace zt
