// Set-partitioning instances in the ORLIB layout the CSPLib bus-driver problems (022) use: the
// first line holds rows (pieces of work), columns (candidate duties) and, optionally, the size of
// a known solution; then each column as its cost, the number of rows it covers and those rows,
// 0-based. Numbers are read as a stream, so a column may wrap over lines as ORLIB files do.
// Pure: parses text, never a file.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace zt::transit::scheduling {

struct SetPartition {
  int rows = 0;
  std::optional<int> known;  // a known solution's size, when the header gives one
  struct Column {
    double cost = 1;
    std::vector<int> rows;  // ascending, distinct, each < rows
  };
  std::vector<Column> columns;
};

// Limits that keep a stranger's file from exhausting memory: the declared sizes may not exceed
// these, and never more columns or entries than the text can hold.
struct SetPartitionLimits {
  int max_rows = 100000;
  int max_columns = 2000000;
};

// Fails (invalid input) naming the line and the fault: "第 5 行：第 3 列的行号 99 超出 0–23".
Result<SetPartition> parse_set_partition(std::string_view text, SetPartitionLimits limits = {});

}  // namespace zt::transit::scheduling
