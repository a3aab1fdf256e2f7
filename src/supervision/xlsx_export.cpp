#include "supervision/xlsx_export.hpp"

#include <fmt/format.h>

#include "core/date_words.hpp"
#include "core/xlsx_writer.hpp"

namespace zt::supervision {
namespace {

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : "、") + s;
  return out;
}

}  // namespace

Result<std::string> ledger_xlsx(const std::vector<Ledger::TaskView>& tasks,
                                const std::map<TaskId, SlotView>& latest,
                                const std::vector<LedgerRowView>& ledger) {
  XlsxWriter wb;
  auto ws = wb.sheet("重点任务", {{"序号", 6},
                                  {"领域", 6},
                                  {"项目（任务）", 60},
                                  {"牵头单位", 24},
                                  {"配合单位", 24},
                                  {"状态", 10},
                                  {"最新进展", 40}});
  int row = 1;
  for (const auto& t : tasks) {
    wb.number(ws, row, 0, t.no);
    wb.text(ws, row, 1, t.section);
    wb.text(ws, row, 2, t.text);
    wb.text(ws, row, 3, join(t.lead_units));
    wb.text(ws, row, 4, join(t.cooperating_units));
    auto it = latest.find(t.id);
    if (it != latest.end() && it->second.latest) {
      wb.text(ws, row, 5, std::string(report_status_label(it->second.latest->status)));
      wb.text(ws, row, 6,
              it->second.period + "：" + std::to_string(it->second.latest->percent) + "%，" +
                  it->second.latest->progress);
    } else {
      wb.text(ws, row, 5, "未报");
      wb.text(ws, row, 6, "");
    }
    ++row;
  }
  auto ls =
      wb.sheet("项目台账", {{"序号", 6}, {"项目（任务）", 60}, {"责任领导", 14}, {"责任单位", 30}});
  row = 1;
  for (const auto& r : ledger) {
    wb.number(ls, row, 0, r.no);
    wb.text(ls, row, 1, r.task);
    wb.text(ls, row, 2, join(r.leaders));
    wb.text(ls, row, 3, join(r.units));
    ++row;
  }
  return wb.finish();
}

Result<std::string> bulletin_xlsx(const Bulletin& b) {
  XlsxWriter wb;
  auto ws = wb.sheet("报送情况", {{"排名", 6},
                                  {"责任单位", 36},
                                  {"应报", 8},
                                  {"按时", 8},
                                  {"迟报", 8},
                                  {"补报", 8},
                                  {"未报", 8},
                                  {"按时报送率(%)", 14}});
  int row = 1;
  for (const auto& u : b.units) {
    wb.number(ws, row, 0, u.rank);
    wb.text(ws, row, 1, u.unit);
    wb.number(ws, row, 2, u.due);
    wb.number(ws, row, 3, u.on_time);
    wb.number(ws, row, 4, u.late);
    wb.number(ws, row, 5, u.supplemented);
    wb.number(ws, row, 6, u.missing);
    wb.number(ws, row, 7, u.on_time_rate);
    ++row;
  }
  auto bs = wb.sheet("进度滞后", {{"序号", 6},
                                  {"任务", 60},
                                  {"牵头单位", 30},
                                  {"状态", 10},
                                  {"完成比例(%)", 12},
                                  {"存在问题", 40}});
  row = 1;
  for (const auto& t : b.behind) {
    wb.number(bs, row, 0, t.task_no);
    wb.text(bs, row, 1, t.task);
    wb.text(bs, row, 2, t.unit);
    wb.text(bs, row, 3, std::string(report_status_label(t.status)));
    wb.number(bs, row, 4, t.percent);
    wb.text(bs, row, 5, t.problems);
    ++row;
  }
  // The document's particulars, as the printed 通报 carries them.
  auto is = wb.sheet("通报信息", {{"项目", 16}, {"内容", 48}});
  const std::pair<const char*, std::string> facts[] = {
      {"期次", b.period},
      {"文号", b.doc_no.value_or("（未发布）")},
      {"日期", chinese_date(bulletin_date(b))},
      {"应报", std::to_string(b.totals.due)},
      {"已报", std::to_string(b.totals.filed)},
      {"按时", std::to_string(b.totals.on_time)},
      {"按时报送率(%)", fmt::format("{:.1f}", b.totals.on_time_rate)}};
  row = 1;
  for (const auto& [k, v] : facts) {
    wb.text(is, row, 0, k);
    wb.text(is, row, 1, v);
    ++row;
  }
  return wb.finish();
}

}  // namespace zt::supervision
