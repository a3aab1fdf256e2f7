// agency.txt and routes.txt: who runs the service and the lines they run.
#include <fmt/format.h>

#include "transit/gtfs_loader.hpp"

namespace zt::transit::gtfs {

void Loader::agencies() {
  auto t = table("agency.txt", true, {"agency_name", "agency_url", "agency_timezone"});
  if (!t) return;
  for (std::size_t r = 0; r < t->rows(); ++r) {
    Agency a;
    a.id = t->at(r, t->column("agency_id"));
    std::string_view v;
    if (required(*t, r, "agency_name", v)) a.name = v;
    if (required(*t, r, "agency_url", v)) a.url = v;
    if (required(*t, r, "agency_timezone", v)) a.timezone = v;
    feed_.agencies.push_back(std::move(a));
  }
  if (feed_.agencies.size() > 1)
    for (const auto& a : feed_.agencies)
      if (a.id.empty())
        issue(Severity::kError, "missing_required_field", "agency.txt", 0, "agency_id",
              "有多个运营者时 agency_id 必填");
}

void Loader::routes() {
  auto t = table("routes.txt", true, {"route_id", "route_type"});
  if (!t) return;
  for (std::size_t r = 0; r < t->rows(); ++r) {
    Route x;
    std::string_view id;
    if (!required(*t, r, "route_id", id)) continue;
    x.id = id;
    x.agency_id = t->at(r, t->column("agency_id"));
    x.short_name = t->at(r, t->column("route_short_name"));
    x.long_name = t->at(r, t->column("route_long_name"));
    x.color = t->at(r, t->column("route_color"));
    x.text_color = t->at(r, t->column("route_text_color"));
    if (auto type = number(*t, r, "route_type", true)) x.type = int(*type);
    if (x.short_name.empty() && x.long_name.empty())
      issue(Severity::kError, "route_both_short_and_long_name_missing", "routes.txt", t->line(r),
            "route_short_name", "线路简称与全称至少填一个");
    if (!route_ids_.insert(x.id).second) {
      issue(Severity::kError, "duplicate_key", "routes.txt", t->line(r), "route_id",
            "route_id 重复：" + x.id);
      continue;
    }
    feed_.routes.push_back(std::move(x));
  }
}

}  // namespace zt::transit::gtfs
