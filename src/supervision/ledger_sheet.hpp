// Importing an edited ledger (项目台账) from the office's spreadsheet: rows matched by 序号 to the
// notice's ledger, changed rows updated, new rows added, and every bad row reported with its row
// number and column — the good rows are applied, the bad ones change nothing.
#pragma once

#include <string>
#include <vector>

#include "core/audit.hpp"
#include "core/ooxml.hpp"
#include "supervision/ledger.hpp"

namespace zt::supervision {

struct SheetError {
  int line = 0;
  std::string column;
  std::string message;
};

struct LedgerSheetReport {
  std::string notice;
  int created = 0, updated = 0, unchanged = 0;
  std::vector<SheetError> errors;
};

// `doc_no` empty: the most recent notice that has a ledger.
Result<LedgerSheetReport> import_ledger_sheet(Store& store, Ledger& ledger, const Clock& clock,
                                              const std::string& doc_no,
                                              const std::vector<SheetRow>& rows, bool dry_run,
                                              const Actor& actor);

}  // namespace zt::supervision
