#include "app/ledger_feed.hpp"

#include <map>

#include <fmt/format.h>

#include "app/kpi_metrics.hpp"
#include "supervision/system_figures.hpp"

namespace zt {
namespace {

struct Offered {
  MetricProvider* provider = nullptr;
  MetricInfo info;
};

struct Mapped {
  supervision::PlanTarget target;
  const Offered* metric = nullptr;
};

}  // namespace

Result<nlohmann::json> feed_ledger(Store& store, std::span<MetricProvider* const> providers,
                                   Instant now, bool force, int months) {
  std::map<std::string, Offered, std::less<>> offered;
  for (auto* p : providers)
    for (auto& info : p->metrics()) offered[info.key] = {p, info};
  auto targets = supervision::plan_targets(store);
  if (!targets) return fail(targets.error());
  std::vector<Mapped> mapped;
  int unmapped = 0;
  for (auto& t : *targets) {
    auto key = metric_for_indicator(t.indicator);
    if (!key) continue;
    auto it = offered.find(*key);
    // A provider's figure in another unit than the target's would compare apples with pears.
    if (it == offered.end() || it->second.info.unit != t.unit) {
      ++unmapped;
      continue;
    }
    mapped.push_back({std::move(t), &it->second});
  }
  nlohmann::json out{
      {"targets", mapped.size()}, {"recorded", 0}, {"unchanged", 0}, {"no_data", 0}, {"skipped", 0},
      {"unmapped", unmapped}};
  if (mapped.empty()) return out;

  std::vector<std::int64_t> ids;
  for (const auto& m : mapped) ids.push_back(m.target.id);
  auto stored = supervision::system_figures(store, ids);
  if (!stored) return fail(stored.error());
  std::map<std::pair<std::int64_t, std::string>, Instant> computed;
  for (const auto& [id, figures] : *stored)
    for (const auto& f : figures) computed[{id, f.period}] = f.computed_at;

  const std::chrono::year_month_day today{shanghai_date(now)};
  const auto this_month = today.year() / today.month();
  for (int back = months - 1; back >= 0; --back) {
    const auto ym = this_month - std::chrono::months(back);
    const auto period = month_period(int(ym.year()), unsigned(ym.month()), /*current=*/back == 0);
    const auto label = fmt::format("{:04}-{:02}", int(ym.year()), unsigned(ym.month()));
    const auto final_at = shanghai_time(period.last + std::chrono::days(2), 0, 0, 0);
    std::map<std::string_view, std::optional<MetricValue>> values;  // each metric once a month
    for (const auto& m : mapped) {
      if (!force) {
        auto it = computed.find({m.target.id, label});
        if (it != computed.end()) {
          const bool fresh = now - it->second < kLedgerFeedRefresh;
          const bool final = back > 0 && it->second >= final_at;
          if (fresh || final) {
            out["skipped"] = out["skipped"].get<int>() + 1;
            continue;
          }
        }
      }
      const auto& key = m.metric->info.key;
      auto v = values.find(key);
      if (v == values.end()) {
        auto r = m.metric->provider->compute(key, period);
        if (!r) return fail(r.error());
        v = values.emplace(key, std::move(*r)).first;
      }
      if (!v->second) {
        out["no_data"] = out["no_data"].get<int>() + 1;
        continue;
      }
      auto changed = supervision::record_system_figure(
          store,
          {m.target.id, label, key, v->second->value, v->second->count, v->second->query, now});
      if (!changed) return fail(changed.error());
      const char* counter = *changed ? "recorded" : "unchanged";
      out[counter] = out[counter].get<int>() + 1;
    }
  }
  return out;
}

}  // namespace zt
