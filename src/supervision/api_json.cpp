#include "supervision/api_json.hpp"

#include "core/date_words.hpp"

namespace zt::supervision {
namespace {

using nlohmann::json;

json figures_json(const NewReport& r) {
  json out = json::array();
  for (const auto& f : r.figures) out.push_back({{"kpi_id", f.kpi_id}, {"value", f.value}});
  return out;
}

json opt(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

json opt_list(const std::vector<std::optional<double>>& v) {
  json out = json::array();
  for (const auto& x : v) out.push_back(opt(x));
  return out;
}

json filing_json(const Filing& f) {
  json units = json::array();
  for (const auto& u : f.units)
    units.push_back({{"unit_id", u.unit_id.value},
                     {"unit", u.unit},
                     {"rates", opt_list(u.rates)},
                     {"rate", opt(u.rate)}});
  return {{"periods", f.periods},
          {"units", units},
          {"overall", opt_list(f.overall)},
          {"on_time", opt_list(f.on_time)}};
}

json sections_json(const std::vector<SectionProgress>& sections) {
  json out = json::array();
  for (const auto& s : sections)
    out.push_back({{"section", s.section},
                   {"title", s.title},
                   {"tasks", s.tasks},
                   {"avg_reported", s.avg_reported},
                   {"avg_expected", s.avg_expected},
                   {"green", s.green},
                   {"yellow", s.yellow},
                   {"red", s.red}});
  return out;
}

}  // namespace

json system_trend_json(const std::vector<SystemFigure>& figures) {
  json out = json::array();
  for (const auto& f : figures)
    out.push_back({{"period", f.period},
                   {"value", f.value},
                   {"count", f.count},
                   {"metric", f.metric},
                   {"source", "system"},
                   {"query", f.query},
                   {"computed_at", format_shanghai(f.computed_at)}});
  return out;
}

namespace {

json targets_json(const std::vector<TargetStatus>& targets) {
  json out = json::array();
  for (const auto& t : targets) {
    json item{{"id", t.id},
              {"indicator", t.indicator},
              {"comparator", t.comparator},
              {"value", t.value},
              {"unit", t.unit},
              {"by", t.by},
              {"notice", t.notice},
              {"kind", target_kind_name(t.kind)},
              {"latest", nullptr},
              {"met", nullptr}};
    if (t.met) item["met"] = *t.met;
    if (t.latest) {
      item["latest"] = {{"value", t.latest->value},
                        {"period", t.latest->period},
                        {"unit", t.latest->unit},
                        {"filed_at", format_shanghai(t.latest->filed_at)},
                        {"source", t.latest->system ? "system" : "unit"}};
      if (t.latest->system) {
        item["latest"]["query"] = t.latest->query;
        item["latest"]["count"] = t.latest->count;
      }
    }
    item["trend"] = system_trend_json(t.trend);
    out.push_back(std::move(item));
  }
  return out;
}

}  // namespace

json slot_json(const SlotView& s) {
  json j{{"id", s.id.value},
         {"task_id", s.task_id.value},
         {"task_no", s.task_no},
         {"task", s.task_text},
         {"unit_id", s.unit_id.value},
         {"unit", s.unit_name},
         {"role", s.role},
         {"period", s.period},
         {"due_at", format_shanghai(s.due)},
         {"state", slot_state_label(s.state)},
         {"overdue", s.overdue},
         {"revisions", s.revisions},
         {"reminded_at", s.reminded_at ? json(format_shanghai(*s.reminded_at)) : json(nullptr)},
         {"latest", nullptr}};
  if (s.latest)
    j["latest"] = {{"figures", figures_json(*s.latest)},
                   {"progress", s.latest->progress},
                   {"percent", s.latest->percent},
                   {"status", report_status_label(s.latest->status)},
                   {"problems", s.latest->problems},
                   {"next_steps", s.latest->next_steps},
                   {"filed_at", format_shanghai(*s.latest_filed_at)}};
  return j;
}

json task_json(const Ledger::TaskView& t) {
  return {{"id", t.id.value},
          {"notice", t.notice},
          {"no", t.no},
          {"section", t.section},
          {"section_title", t.section_title},
          {"text", t.text},
          {"lead_units", t.lead_units},
          {"leaders", t.leaders},
          {"cooperating_units", t.cooperating_units}};
}

json kpi_json(const KpiView& k) {
  return {{"id", k.id},       {"indicator", k.indicator}, {"comparator", k.comparator},
          {"value", k.value}, {"unit", k.unit},           {"by", k.by}};
}

json bulletin_json(const Bulletin& b) {
  json units = json::array();
  for (const auto& u : b.units)
    units.push_back({{"rank", u.rank},
                     {"unit", u.unit},
                     {"due", u.due},
                     {"on_time", u.on_time},
                     {"late", u.late},
                     {"supplemented", u.supplemented},
                     {"missing", u.missing},
                     {"on_time_rate", u.on_time_rate},
                     {"missing_tasks", u.missing_tasks}});
  json behind = json::array();
  for (const auto& t : b.behind)
    behind.push_back({{"task_no", t.task_no},
                      {"task", t.task},
                      {"unit", t.unit},
                      {"status", report_status_label(t.status)},
                      {"percent", t.percent},
                      {"problems", t.problems}});
  json targets = json::array();
  for (const auto& t : b.targets) {
    json item{{"kpi_id", t.kpi_id},       {"notice", t.notice},
              {"indicator", t.indicator}, {"comparator", t.comparator},
              {"target", t.target},       {"unit", t.unit},
              {"value", t.value},         {"source", t.system ? "system" : "unit"},
              {"reported_by", t.source},  {"met", t.met}};
    if (t.system) {
      item["query"] = t.query;
      item["count"] = t.count;
    }
    targets.push_back(std::move(item));
  }
  const auto date = bulletin_date(b);
  return {{"period", b.period},
          {"generated_at", format_shanghai(b.generated_at)},
          {"doc_no", b.doc_no ? json(*b.doc_no) : json(nullptr)},
          {"published_at", b.published_at ? json(format_shanghai(*b.published_at)) : json(nullptr)},
          {"date", format_date(date)},
          {"date_cn", chinese_date(date)},
          {"totals",
           {{"due", b.totals.due},
            {"filed", b.totals.filed},
            {"on_time", b.totals.on_time},
            {"on_time_rate", b.totals.on_time_rate}}},
          {"units", units},
          {"behind", behind},
          {"targets", targets}};
}

json commitments_json(const Commitments& c) {
  json items = json::array();
  for (const auto& i : c.items)
    items.push_back({{"id", i.id},
                     {"notice", i.notice},
                     {"text", i.text},
                     {"deadline", i.deadline},
                     {"units", i.units},
                     {"done", i.done},
                     {"done_note", i.done_note},
                     {"days_left", i.days_left},
                     {"overdue", i.overdue}});
  return {{"overdue", c.overdue}, {"open", c.open}, {"done", c.done}, {"items", items}};
}

json dashboard_json(const DashboardView& d) {
  return {{"year", d.year},
          {"filing", filing_json(d.filing)},
          {"sections", sections_json(d.sections)},
          {"targets", targets_json(d.targets)},
          {"commitments", commitments_json(d.commitments)}};
}

json ImportReport::to_json() const {
  return {{"notices_created", notices_created}, {"notices_existing", notices_existing},
          {"targets_created", targets_created}, {"tasks_created", tasks_created},
          {"ledger_created", ledger_created},   {"commitments_created", commitments_created},
          {"kpis_created", kpis_created},       {"people_created", people_created},
          {"units_created", units_created},     {"unresolved_units", unresolved_units}};
}

json ledger_sheet_json(const LedgerSheetReport& r) {
  auto errs = json::array();
  for (const auto& e : r.errors)
    errs.push_back({{"line", e.line}, {"column", e.column}, {"message", e.message}});
  return {{"notice", r.notice},
          {"created", r.created},
          {"updated", r.updated},
          {"unchanged", r.unchanged},
          {"errors", errs}};
}

}  // namespace zt::supervision
