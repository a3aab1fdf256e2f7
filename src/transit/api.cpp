#include "transit/api.hpp"

#include <filesystem>
#include <fstream>

#include "core/digest.hpp"
#include "transit/feed_store.hpp"

namespace zt::transit {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

json feed_json(const FeedVersion& f) {
  return {
      {"id", f.id},         {"name", f.name},     {"imported_at", format_shanghai(f.imported_at)},
      {"active", f.active}, {"forced", f.forced}, {"summary", f.summary}};
}

Status planners_only(const Principal& p) {
  if (p.has(Role::kAdmin) || p.has(Role::kPlanner)) return {};
  return fail(Error::forbidden("只有交通规划人员或管理员可以导入公交数据"));
}

// The upload as a file the loader can open (libzip reads archives from disk or memory alike;
// a temporary file keeps one code path with the CLI).
class TempFile {
 public:
  explicit TempFile(const std::string& bytes) {
    path_ = std::filesystem::temp_directory_path() / ("zt-feed-" + random_hex(8) + ".zip");
    std::ofstream(path_, std::ios::binary) << bytes;
  }
  ~TempFile() {
    std::error_code ec;
    std::filesystem::remove(path_, ec);
  }
  std::string path() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

}  // namespace

void register_routes(http::Router& router, Store& store, const Clock& clock) {
  router.add("GET", "/api/v1/transit/feeds", Permission::kTransit,
             "GTFS feed versions, newest first, with their summaries",
             [&store](Request&) -> Result<Response> {
               auto feeds = list_feeds(store);
               if (!feeds) return fail(feeds.error());
               json out = json::array();
               for (const auto& f : *feeds) out.push_back(feed_json(f));
               return Response::json({{"feeds", out}});
             });
  for (bool validate_only : {true, false}) {
    router.add(
        "POST", validate_only ? "/api/v1/transit/feeds/validate" : "/api/v1/transit/feeds",
        Permission::kTransit,
        validate_only ? "Validate a GTFS zip (raw body): summary and issues with file/line/field"
                      : "Import a GTFS zip (raw body; ?name=, ?force=1) as the new active version "
                        "(planner, admin)",
        [&store, &clock, validate_only](Request& req) -> Result<Response> {
          if (auto st = planners_only(req.who()); !st) return fail(st.error());
          if (req.body.size() < 4 || req.body.compare(0, 4, "PK\x03\x04") != 0)
            return fail(Error::invalid("请上传 GTFS 的 .zip 文件", "file"));
          TempFile file(req.body);
          auto feed = load_feed(file.path());
          if (!feed) return fail(feed.error());
          json issues = json::array();
          for (const auto& i : feed->issues) {
            if (issues.size() >= 1000) break;  // the first thousand say enough
            issues.push_back(i.to_json());
          }
          if (validate_only)
            return Response::json({{"summary", feed->summary()}, {"issues", issues}});
          auto v = import_feed(store, *feed, req.q("name").value_or("upload.zip"),
                               req.q("force").value_or("") == "1", {}, clock.now(), req.actor());
          if (!v) {
            auto r = Response::error(v.error());
            if (v.error().rule == "gtfs-errors") {
              auto body = json::parse(r.body);
              body["issues"] = issues;
              r.body = body.dump();
            }
            return r;
          }
          auto out = feed_json(*v);
          out["issues"] = issues;
          return Response::json(out, 201);
        });
    router.allow_body(256u << 20);
  }
}

}  // namespace zt::transit
