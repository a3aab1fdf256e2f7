// The official calendar files compiled into the binary (generated from data/calendar/*.json).
#pragma once

#include <span>
#include <string_view>

namespace zt {

struct CalendarFile {
  std::string_view name;
  std::string_view json;
};

std::span<const CalendarFile> official_calendar_files();

}  // namespace zt
