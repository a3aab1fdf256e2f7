// Parsing a gazette or a single notice (plain text, as a PDF-to-text export gives it) into the
// supervision ledger: notices, targets, tasks with lead and cooperating units, the appendix
// ledger, dated commitments and numeric targets. Pure: text in, value out.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "core/zip_reader.hpp"

namespace zt::supervision {

struct Notice {
  std::string doc_no;  // 三政办〔2024〕4号
  std::string title;
  std::string issued;  // YYYY-MM-DD, "" if not found
  int line = 0;
};

struct Target {
  int no = 0;
  std::string notice;
  std::string text;
  std::vector<std::string> units;
  int line = 0;
};

struct Task {
  int no = 0;
  std::string notice;
  std::string section;        // （一）
  std::string section_title;  // 统筹消费投资，更大力度稳定经济运行
  std::string text;
  std::vector<std::string> lead_units;
  std::vector<std::string> cooperating_units;
  int line = 0;
};

struct LedgerRow {
  int no = 0;
  std::string task;
  std::vector<std::string> leaders;
  std::vector<std::string> units;
  int line = 0;
};

struct DatedCommitment {
  std::string notice;
  std::string text;
  std::string deadline;  // YYYY-MM-DD
  std::vector<std::string> units;
  int line = 0;
};

struct KpiTarget {
  std::string notice;
  std::string indicator;
  std::string comparator;  // ">=", ">", "<=", "=", "~"
  double value = 0;
  std::string unit;
  std::string by;  // YYYY-MM-DD or ""
  std::string text;
  int line = 0;
};

struct Unplaced {
  int line = 0;
  std::string text;
  std::string reason;
};

struct Gazette {
  std::vector<Notice> notices;
  std::vector<Target> targets;
  std::vector<Task> tasks;
  std::vector<LedgerRow> ledger;
  std::vector<DatedCommitment> dated_commitments;
  std::vector<KpiTarget> kpi_targets;
  std::vector<Unplaced> unplaced;
};

// Fails only on input that is not text at all (empty, or no notice number found); anything
// inside a notice that cannot be placed is listed in `unplaced` with its line.
Result<Gazette> parse_gazette(std::string_view text);

nlohmann::json to_json(const Gazette& g);

// The text of a notice file: a .docx (recognised by content, not name) as its paragraphs and
// table rows, plain text as it is. Fails on invalid UTF-8 with the byte offset, and (kTooLarge)
// on a .docx that inflates past `limits`.
Result<std::string> notice_text(std::string bytes, const std::string& what,
                                const ZipLimits& limits = {});

// A deadline phrase in a clause: "2024年6月月底前" -> 2024-06-30, "2024年年底前" / "到2025年" ->
// the year's last day, "2024年3月15日前" -> that day. Exposed for tests.
std::optional<std::string> find_deadline(std::u32string_view clause);

// A numeric target in a clause ("发车正点率不低于90%"), or nullopt. Exposed for tests.
std::optional<KpiTarget> find_kpi(std::u32string_view clause);

}  // namespace zt::supervision
