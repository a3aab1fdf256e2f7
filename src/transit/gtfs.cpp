#include "transit/gtfs.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <unordered_set>

#include <fmt/format.h>

#include "core/csv.hpp"
#include "core/utf8.hpp"
#include "core/zip_reader.hpp"

namespace zt::transit {
namespace {

using Severity = Issue::Severity;

// A feed's files, from a zip or a folder.
class Source {
 public:
  static Result<Source> open(const std::string& path) {
    Source s;
    if (std::filesystem::is_directory(path)) {
      s.dir_ = path;
      for (const auto& e : std::filesystem::directory_iterator(path))
        if (e.is_regular_file()) s.names_.insert(e.path().filename().string());
      return s;
    }
    // The operator's own file: bounded only against a broken archive, not sized like an upload.
    auto zip = ZipReader::open_file(path, {std::size_t(16) << 30, 100000, {}});
    if (!zip) return fail(zip.error());
    return of_zip(std::move(*zip));
  }
  static Result<Source> of_zip(ZipReader zip) {
    Source s;
    for (auto& n : zip.names()) {
      // Feeds zipped with their folder: take the files by their base name.
      auto base = n.substr(n.rfind('/') + 1);
      // GTFS names its files in ASCII; a name that is not even UTF-8 is no table of ours, and
      // listing it made the feed summary's JSON dump throw (fuzz/gtfs_zip_fuzz).
      if (base.empty() || !valid_utf8(base)) continue;
      s.names_.insert(base);
      s.zip_paths_[base] = n;
    }
    s.zip_ = std::make_unique<ZipReader>(std::move(zip));
    return s;
  }
  bool has(const std::string& name) const { return names_.count(name) > 0; }
  const std::set<std::string>& names() const { return names_; }
  // Charges what a CSV table of `text` will index (a view per field, a start and a line per row)
  // to the archive's budget before it is built: a file of bare commas is 16 bytes a byte.
  Status charge_table(const std::string& name, std::string_view text) const {
    if (!zip_) return {};
    std::size_t fields = 1, rows = 1;
    for (char c : text) {
      fields += c == ',' || c == '\n';
      rows += c == '\n';
    }
    return zip_->charge(fields * sizeof(std::string_view) + rows * 2 * sizeof(std::uint32_t), name);
  }
  // The file in pieces as it is inflated or read (see ZipReader::read_chunks).
  Status read_chunks(const std::string& name,
                     const std::function<Status(std::string_view)>& sink) const {
    if (zip_) return zip_->read_chunks(zip_paths_.at(name), std::size_t(2) << 30, sink);
    std::ifstream in(std::filesystem::path(dir_) / name, std::ios::binary);
    if (!in) return fail(Error::invalid("无法读取 " + name, name));
    std::string buf(65536, '\0');
    while (in.read(buf.data(), std::streamsize(buf.size())) || in.gcount() > 0)
      if (auto st = sink(std::string_view(buf.data(), std::size_t(in.gcount()))); !st) return st;
    return {};
  }
  Result<std::string> read(const std::string& name) const {
    if (zip_) return zip_->read(zip_paths_.at(name), std::size_t(2) << 30);
    std::ifstream in(std::filesystem::path(dir_) / name, std::ios::binary);
    if (!in) return fail(Error::invalid("无法读取 " + name, name));
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  }

 private:
  std::string dir_;
  std::unique_ptr<ZipReader> zip_;
  std::map<std::string, std::string> zip_paths_;
  std::set<std::string> names_;
};

class Loader {
 public:
  Loader(const Source& src, Feed& feed) : src_(src), feed_(feed) {}
  // Set when the archive outgrew its budget: the load fails as a whole (413), not as an issue.
  const std::optional<Error>& too_large() const { return too_large_; }

  void issue(Severity sev, std::string code, std::string file, int line, std::string field,
             std::string message) {
    feed_.issues.push_back(
        {sev, std::move(code), std::move(file), line, std::move(field), std::move(message)});
  }

  // A file as a table; a missing required file or column is an error.
  std::optional<CsvTable> table(const std::string& name, bool required,
                                std::initializer_list<const char*> required_columns) {
    if (too_large_) return std::nullopt;
    if (!src_.has(name)) {
      if (required)
        issue(Severity::kError, "missing_required_file", name, 0, "", "缺少必需文件 " + name);
      return std::nullopt;
    }
    auto text = src_.read(name);
    if (!text && text.error().kind == ErrorKind::kTooLarge) {
      too_large_ = text.error();
      return std::nullopt;
    }
    if (!text) {
      issue(Severity::kError, "unreadable_file", name, 0, "", text.error().message);
      return std::nullopt;
    }
    if (auto st = src_.charge_table(name, *text); !st) {
      too_large_ = st.error();
      return std::nullopt;
    }
    auto t = CsvTable::parse(std::move(*text), name);
    if (!t) {
      issue(Severity::kError, "csv_parsing_failed", name, 0, "", t.error().message);
      return std::nullopt;
    }
    bool ok = true;
    for (const char* c : required_columns)
      if (t->column(c) < 0) {
        issue(Severity::kError, "missing_required_column", name, 1, c,
              fmt::format("{} 缺少必需列 {}", name, c));
        ok = false;
      }
    if (!ok) return std::nullopt;
    return std::move(*t);
  }

  // The file as consecutive tables of whole rows, each parsed with the header and the lines of
  // the file, handed to `on_table` and dropped: a large file (stop_times.txt) is never held whole.
  // Issues as table() records them; false when the file could not be used.
  bool table_pieces(const std::string& name, bool required,
                    std::initializer_list<const char*> required_columns,
                    const std::function<void(const CsvTable&)>& on_table) {
    constexpr std::size_t kPiece = 4u << 20;
    if (too_large_) return false;
    if (!src_.has(name)) {
      if (required)
        issue(Severity::kError, "missing_required_file", name, 0, "", "缺少必需文件 " + name);
      return false;
    }
    std::string header;   // the header line as written, repeated before every later piece
    std::string pending;  // bytes read since the last piece was cut
    std::size_t cut = 0;  // end of pending's last whole row (0: none yet)
    std::size_t scanned = 0;
    bool quoted = false;  // inside a quoted field at pending[scanned]
    int line = 1;         // the line pending starts on
    bool failed = false;  // an issue stopped the read
    auto flush = [&](std::size_t end) -> bool {
      std::string text = pending.substr(0, end);
      int lines = int(std::count(text.begin(), text.end(), '\n'));
      bool first = header.empty();
      if (first) {
        // The header is the first row: up to the first line end outside quotes.
        bool q = false;
        std::size_t i = 0;
        for (; i < text.size() && (q || text[i] != '\n'); ++i)
          if (text[i] == '"') q = !q;
        header = text.substr(0, std::min(text.size(), i + 1));
      }
      if (auto st = src_.charge_table(name, text); !st) {
        too_large_ = st.error();
        return false;
      }
      auto t = first ? CsvTable::parse(std::move(text), name)
                     : CsvTable::parse(header + text, name, line - 1);
      if (!t) {
        issue(Severity::kError, "csv_parsing_failed", name, 0, "", t.error().message);
        return false;
      }
      if (first) {
        bool ok = true;
        for (const char* c : required_columns)
          if (t->column(c) < 0) {
            issue(Severity::kError, "missing_required_column", name, 1, c,
                  fmt::format("{} 缺少必需列 {}", name, c));
            ok = false;
          }
        if (!ok) return false;
      }
      on_table(*t);
      pending.erase(0, end);
      scanned -= end;
      cut = 0;
      line += lines;
      return true;
    };
    auto st = src_.read_chunks(name, [&](std::string_view piece) -> Status {
      pending.append(piece);
      for (; scanned < pending.size(); ++scanned) {
        char c = pending[scanned];
        if (c == '"') quoted = !quoted;  // a doubled quote flips twice
        if (c == '\n' && !quoted) cut = scanned + 1;
      }
      if (pending.size() >= kPiece && cut > 0 && !flush(cut)) {
        failed = true;
        return fail(Error::invalid("stop", name));
      }
      return {};
    });
    if (failed) return false;
    if (!st) {
      if (st.error().kind == ErrorKind::kTooLarge)
        too_large_ = st.error();
      else
        issue(Severity::kError, "unreadable_file", name, 0, "", st.error().message);
      return false;
    }
    if (header.empty() || !pending.empty()) return flush(pending.size());
    return true;
  }

  // A required value of a row; records an error when blank.
  bool required(const CsvTable& t, std::size_t r, const char* field, std::string_view& out) {
    out = t.at(r, t.column(field));
    if (out.empty()) {
      issue(Severity::kError, "missing_required_field", t.file(), t.line(r), field,
            fmt::format("{} 为空", field));
      return false;
    }
    return true;
  }

  std::optional<double> number(const CsvTable& t, std::size_t r, const char* field, bool req) {
    auto v = t.at(r, t.column(field));
    if (v.empty()) {
      if (req)
        issue(Severity::kError, "missing_required_field", t.file(), t.line(r), field,
              fmt::format("{} 为空", field));
      return std::nullopt;
    }
    double d = 0;
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), d);
    if (ec != std::errc() || p != v.data() + v.size() || !std::isfinite(d)) {
      issue(Severity::kError, "invalid_number", t.file(), t.line(r), field,
            fmt::format("{} 不是数值：{}", field, v));
      return std::nullopt;
    }
    return d;
  }

  std::optional<Date> date(const CsvTable& t, std::size_t r, const char* field) {
    auto v = t.at(r, t.column(field));
    if (v.size() != 8 ||
        !std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      issue(Severity::kError, "invalid_date", t.file(), t.line(r), field,
            fmt::format("{} 须为 YYYYMMDD：{}", field, v));
      return std::nullopt;
    }
    auto d = parse_date(fmt::format("{}-{}-{}", v.substr(0, 4), v.substr(4, 2), v.substr(6, 2)));
    if (!d) {
      issue(Severity::kError, "invalid_date", t.file(), t.line(r), field,
            fmt::format("{} 不是有效日期：{}", field, v));
      return std::nullopt;
    }
    return *d;
  }

  void run() {
    for (const auto& n : src_.names())
      if (n.ends_with(".txt")) feed_.files.push_back(n);
    agencies();
    stops();
    routes();
    services();
    trips();
    shapes();
    stop_times();
    frequencies();
    unused();
  }

 private:
  void agencies() {
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

  void stops() {
    auto t = table("stops.txt", true, {"stop_id"});
    if (!t) return;
    for (std::size_t r = 0; r < t->rows(); ++r) {
      Stop s;
      std::string_view id;
      if (!required(*t, r, "stop_id", id)) continue;
      s.id = id;
      s.code = t->at(r, t->column("stop_code"));
      s.name = t->at(r, t->column("stop_name"));
      s.parent = t->at(r, t->column("parent_station"));
      auto lt = t->at(r, t->column("location_type"));
      s.location_type = lt.empty() ? 0 : lt[0] - '0';
      bool located = s.location_type <= 2;  // generic nodes and boarding areas may omit them
      auto lat = number(*t, r, "stop_lat", located);
      auto lon = number(*t, r, "stop_lon", located);
      if (lat && (*lat < -90 || *lat > 90))
        issue(Severity::kError, "coordinate_out_of_range", "stops.txt", t->line(r), "stop_lat",
              fmt::format("纬度超出范围：{}", *lat));
      if (lon && (*lon < -180 || *lon > 180))
        issue(Severity::kError, "coordinate_out_of_range", "stops.txt", t->line(r), "stop_lon",
              fmt::format("经度超出范围：{}", *lon));
      s.lat = lat.value_or(0);
      s.lon = lon.value_or(0);
      if (!feed_.stop_index.emplace(s.id, std::uint32_t(feed_.stops.size())).second) {
        issue(Severity::kError, "duplicate_key", "stops.txt", t->line(r), "stop_id",
              "stop_id 重复：" + s.id);
        continue;
      }
      feed_.stops.push_back(std::move(s));
    }
  }

  void routes() {
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

  void services() {
    auto cal = table("calendar.txt", false,
                     {"service_id", "monday", "tuesday", "wednesday", "thursday", "friday",
                      "saturday", "sunday", "start_date", "end_date"});
    auto dates = table("calendar_dates.txt", false, {"service_id", "date", "exception_type"});
    if (!src_.has("calendar.txt") && !src_.has("calendar_dates.txt"))
      issue(Severity::kError, "missing_calendar_and_calendar_date_files", "calendar.txt", 0, "",
            "calendar.txt 与 calendar_dates.txt 至少要有一个");
    if (cal) {
      const char* days[] = {"monday", "tuesday",  "wednesday", "thursday",
                            "friday", "saturday", "sunday"};
      for (std::size_t r = 0; r < cal->rows(); ++r) {
        Service s;
        std::string_view id;
        if (!required(*cal, r, "service_id", id)) continue;
        s.id = id;
        for (int d = 0; d < 7; ++d)
          if (cal->at(r, cal->column(days[d])) == "1") s.weekdays |= std::uint8_t(1u << d);
        s.start = date(*cal, r, "start_date");
        s.end = date(*cal, r, "end_date");
        if (s.start && s.end && *s.end < *s.start)
          issue(Severity::kError, "start_and_end_range_out_of_order", "calendar.txt", cal->line(r),
                "end_date", "end_date 早于 start_date");
        if (!service_ids_.insert(s.id).second) {
          issue(Severity::kError, "duplicate_key", "calendar.txt", cal->line(r), "service_id",
                "service_id 重复：" + s.id);
          continue;
        }
        feed_.services.push_back(std::move(s));
      }
    }
    if (dates) {
      std::set<std::pair<std::string, std::string>> seen;
      for (std::size_t r = 0; r < dates->rows(); ++r) {
        std::string_view id;
        if (!required(*dates, r, "service_id", id)) continue;
        auto d = date(*dates, r, "date");
        auto e = dates->at(r, dates->column("exception_type"));
        if (e != "1" && e != "2") {
          issue(Severity::kError, "unexpected_enum_value", "calendar_dates.txt", dates->line(r),
                "exception_type", fmt::format("exception_type 须为 1 或 2：{}", e));
          continue;
        }
        if (!d) continue;
        if (!seen.insert({std::string(id), format_date(*d)}).second) {
          issue(Severity::kError, "duplicate_key", "calendar_dates.txt", dates->line(r), "date",
                fmt::format("{} 在 {} 重复", id, format_date(*d)));
          continue;
        }
        service_ids_.insert(std::string(id));
        feed_.service_dates.push_back({std::string(id), *d, e == "1" ? 1 : 2});
      }
    }
  }

  void trips() {
    auto t = table("trips.txt", true, {"route_id", "service_id", "trip_id"});
    if (!t) return;
    for (std::size_t r = 0; r < t->rows(); ++r) {
      Trip x;
      std::string_view v;
      if (!required(*t, r, "trip_id", v)) continue;
      x.id = v;
      if (required(*t, r, "route_id", v)) x.route_id = v;
      if (required(*t, r, "service_id", v)) x.service_id = v;
      x.headsign = t->at(r, t->column("trip_headsign"));
      x.block_id = t->at(r, t->column("block_id"));
      x.shape_id = t->at(r, t->column("shape_id"));
      auto dir = t->at(r, t->column("direction_id"));
      x.direction = dir.empty() ? -1 : dir[0] - '0';
      if (!x.route_id.empty() && !route_ids_.count(x.route_id))
        issue(Severity::kError, "foreign_key_violation", "trips.txt", t->line(r), "route_id",
              "routes.txt 中没有 route_id " + x.route_id);
      if (!x.service_id.empty() && !service_ids_.count(x.service_id))
        issue(Severity::kError, "foreign_key_violation", "trips.txt", t->line(r), "service_id",
              "calendar 中没有 service_id " + x.service_id);
      trip_lines_.push_back(t->line(r));
      if (!feed_.trip_index.emplace(x.id, std::uint32_t(feed_.trips.size())).second) {
        issue(Severity::kError, "duplicate_key", "trips.txt", t->line(r), "trip_id",
              "trip_id 重复：" + x.id);
        trip_lines_.pop_back();
        continue;
      }
      feed_.trips.push_back(std::move(x));
    }
  }

  void shapes() {
    auto t = table("shapes.txt", false,
                   {"shape_id", "shape_pt_lat", "shape_pt_lon", "shape_pt_sequence"});
    if (!t) return;
    for (std::size_t r = 0; r < t->rows(); ++r) {
      std::string_view id;
      if (!required(*t, r, "shape_id", id)) continue;
      auto lat = number(*t, r, "shape_pt_lat", true);
      auto lon = number(*t, r, "shape_pt_lon", true);
      auto seq = number(*t, r, "shape_pt_sequence", true);
      if (!lat || !lon || !seq) continue;
      ShapePoint p{*lat, *lon, number(*t, r, "shape_dist_traveled", false).value_or(-1), int(*seq)};
      feed_.shapes[std::string(id)].push_back(p);
    }
    for (auto& [id, pts] : feed_.shapes)
      std::stable_sort(pts.begin(), pts.end(), [](const ShapePoint& a, const ShapePoint& b) {
        return a.sequence < b.sequence;
      });
    for (const auto& [id, pts] : feed_.shapes)
      for (std::size_t k = 1; k < pts.size(); ++k)
        if (pts[k].sequence == pts[k - 1].sequence)
          issue(Severity::kError, "duplicate_key", "shapes.txt", 0, "shape_pt_sequence",
                fmt::format("线形 {} 的 shape_pt_sequence {} 重复", id, pts[k].sequence));
    for (std::size_t i = 0; i < feed_.trips.size(); ++i) {
      const auto& tr = feed_.trips[i];
      if (!tr.shape_id.empty() && !feed_.shapes.count(tr.shape_id))
        issue(Severity::kError, "foreign_key_violation", "trips.txt", trip_lines_[i], "shape_id",
              "shapes.txt 中没有 shape_id " + tr.shape_id);
    }
  }

  // One piece of stop_times.txt into `rows`; foreign keys and values checked row by row.
  void stop_time_rows(const CsvTable& t,
                      const std::unordered_map<std::string_view, std::uint32_t>& stop_ids,
                      std::vector<std::pair<StopTime, int>>& rows) {
    const int c_trip = t.column("trip_id"), c_stop = t.column("stop_id"),
              c_seq = t.column("stop_sequence"), c_arr = t.column("arrival_time"),
              c_dep = t.column("departure_time"), c_dist = t.column("shape_dist_traveled"),
              c_tp = t.column("timepoint");
    // Lookups by view: stop_times rows come grouped by trip, so the last trip is usually it.
    std::string_view last_trip;
    auto last_ti = feed_.trip_index.end();
    for (std::size_t r = 0; r < t.rows(); ++r) {
      const int line = t.line(r);
      auto trip = t.at(r, c_trip);
      auto stop = t.at(r, c_stop);
      auto ti = last_ti;
      if (ti == feed_.trip_index.end() || trip != last_trip) {
        ti = feed_.trip_index.find(std::string(trip));
        last_trip = trip;
        last_ti = ti;
      }
      if (ti == feed_.trip_index.end()) {
        issue(Severity::kError, "foreign_key_violation", "stop_times.txt", line, "trip_id",
              "trips.txt 中没有 trip_id " + std::string(trip));
        continue;
      }
      auto si = stop_ids.find(stop);
      if (si == stop_ids.end()) {
        issue(Severity::kError, "foreign_key_violation", "stop_times.txt", line, "stop_id",
              "stops.txt 中没有 stop_id " + std::string(stop));
        continue;
      }
      StopTime st;
      st.trip = ti->second;
      st.stop = si->second;
      auto seq = t.at(r, c_seq);
      auto [p, ec] = std::from_chars(seq.data(), seq.data() + seq.size(), st.sequence);
      if (ec != std::errc() || p != seq.data() + seq.size() || st.sequence < 0) {
        issue(Severity::kError, "invalid_integer", "stop_times.txt", line, "stop_sequence",
              fmt::format("stop_sequence 须为非负整数：{}", seq));
        continue;
      }
      for (auto [col, dest, name] : {std::tuple{c_arr, &st.arrival, "arrival_time"},
                                     {c_dep, &st.departure, "departure_time"}}) {
        auto v = t.at(r, col);
        if (v.empty()) continue;
        auto s = parse_gtfs_time(v);
        if (!s)
          issue(Severity::kError, "invalid_time", "stop_times.txt", line, name,
                fmt::format("{} 须为 HH:MM:SS：{}", name, v));
        else
          *dest = *s;
      }
      if (st.arrival < 0) st.arrival = st.departure;
      if (st.departure < 0) st.departure = st.arrival;
      auto dist = t.at(r, c_dist);
      if (!dist.empty()) std::from_chars(dist.data(), dist.data() + dist.size(), st.dist);
      st.timepoint = t.at(r, c_tp) != "0";
      rows.push_back({st, line});
    }
  }

  void stop_times() {
    std::vector<std::pair<StopTime, int>> rows;  // with their lines
    // Lookups by view: stop_times rows come grouped by trip, so the last trip is usually it.
    std::unordered_map<std::string_view, std::uint32_t> stop_ids;
    stop_ids.reserve(feed_.stops.size());
    for (const auto& [id, k] : feed_.stop_index) stop_ids.emplace(id, k);
    // The largest file of a feed by far: read in pieces, only the parsed rows kept.
    bool ok = table_pieces("stop_times.txt", true, {"trip_id", "stop_id", "stop_sequence"},
                           [&](const CsvTable& piece) { stop_time_rows(piece, stop_ids, rows); });
    if (!ok) return;
    std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
      return a.first.trip != b.first.trip ? a.first.trip < b.first.trip
                                          : a.first.sequence < b.first.sequence;
    });
    for (std::size_t i = 0; i < rows.size();) {
      std::size_t j = i;
      while (j < rows.size() && rows[j].first.trip == rows[i].first.trip) ++j;
      trip_times(rows, i, j);
      i = j;
    }
    feed_.stop_times.reserve(rows.size());
    for (auto& [st, line] : rows) feed_.stop_times.push_back(st);
    std::vector<bool> has_times(feed_.trips.size(), false);
    for (const auto& st : feed_.stop_times) has_times[st.trip] = true;
    for (std::size_t i = 0; i < feed_.trips.size(); ++i)
      if (!has_times[i])
        issue(Severity::kWarning, "unusable_trip", "trips.txt", trip_lines_[i], "trip_id",
              "行程没有停站时刻：" + feed_.trips[i].id);
  }

  // One trip's rows [i, j): duplicate sequences, first/last times, interpolation, monotonic times,
  // distance from the shape.
  void trip_times(std::vector<std::pair<StopTime, int>>& rows, std::size_t i, std::size_t j) {
    const auto& trip = feed_.trips[rows[i].first.trip];
    for (std::size_t k = i + 1; k < j; ++k)
      if (rows[k].first.sequence == rows[k - 1].first.sequence)
        issue(Severity::kError, "duplicate_key", "stop_times.txt", rows[k].second, "stop_sequence",
              fmt::format("行程 {} 的 stop_sequence {} 重复", trip.id, rows[k].first.sequence));
    for (std::size_t k : {i, j - 1})
      if (rows[k].first.arrival < 0) {
        issue(Severity::kError, "missing_trip_edge", "stop_times.txt", rows[k].second,
              "arrival_time", fmt::format("行程 {} 的首末站必须有时刻", trip.id));
        return;
      }
    // Distance along the trip: shape_dist_traveled where every row has it, else straight lines
    // between stops.
    bool shape_dist = std::all_of(rows.begin() + long(i), rows.begin() + long(j),
                                  [](const auto& r) { return r.first.dist >= 0; });
    std::vector<double> along(j - i, 0);
    for (std::size_t k = i + 1; k < j; ++k) {
      const auto& a = feed_.stops[rows[k - 1].first.stop];
      const auto& b = feed_.stops[rows[k].first.stop];
      along[k - i] = shape_dist ? rows[k].first.dist
                                : along[k - i - 1] + haversine_m(a.lat, a.lon, b.lat, b.lon);
    }
    std::size_t prev = i;
    for (std::size_t k = i + 1; k < j; ++k) {
      if (rows[k].first.arrival < 0) continue;
      // Fill (prev, k) in proportion to distance (or evenly if the stops coincide).
      const double d0 = along[prev - i], d1 = along[k - i];
      const int t0 = rows[prev].first.departure, t1 = rows[k].first.arrival;
      for (std::size_t m = prev + 1; m < k; ++m) {
        double f = d1 > d0 ? (along[m - i] - d0) / (d1 - d0) : double(m - prev) / double(k - prev);
        int at = t0 + int(std::lround(f * (t1 - t0)));
        rows[m].first.arrival = rows[m].first.departure = at;
        rows[m].first.interpolated = true;
        feed_.interpolated++;
      }
      prev = k;
    }
    for (std::size_t k = i; k < j; ++k) {
      const auto& st = rows[k].first;
      if (st.departure < st.arrival)
        issue(Severity::kError, "stop_time_with_departure_before_arrival_time", "stop_times.txt",
              rows[k].second, "departure_time", fmt::format("行程 {} 离站早于到站", trip.id));
      if (k > i && st.arrival < rows[k - 1].first.departure)
        issue(Severity::kError, "stop_time_with_arrival_before_previous_departure_time",
              "stop_times.txt", rows[k].second, "arrival_time",
              fmt::format("行程 {} 到站早于上一站离站（时刻倒退）", trip.id));
      if (shape_dist && k > i && st.dist < rows[k - 1].first.dist)
        issue(Severity::kError, "decreasing_shape_distance", "stop_times.txt", rows[k].second,
              "shape_dist_traveled", fmt::format("行程 {} 的 shape_dist_traveled 递减", trip.id));
    }
    // Stops far from their trip's shape (checked once per shape and stop), on a plane local to
    // the shape: squared distances to its segments, no trigonometry per segment.
    auto shape = feed_.shapes.find(trip.shape_id);
    if (shape == feed_.shapes.end() || shape->second.size() < 2) return;
    auto& plane = planes_[trip.shape_id];
    const auto& pts = shape->second;
    constexpr double kM = 111320.0;
    if (plane.x.empty()) {
      plane.c = std::cos(pts[0].lat * M_PI / 180);
      for (const auto& p : pts)
        plane.x.push_back(p.lon * kM * plane.c), plane.y.push_back(p.lat * kM);
    }
    for (std::size_t k = i; k < j; ++k) {
      const auto stop = rows[k].first.stop;
      if (!plane.checked.insert(stop).second) continue;
      const auto& s = feed_.stops[stop];
      const double sx = s.lon * kM * plane.c, sy = s.lat * kM;
      double best2 = 1e300;
      for (std::size_t p = 1; p < pts.size(); ++p) {
        const double ax = plane.x[p - 1] - sx, ay = plane.y[p - 1] - sy;
        const double bx = plane.x[p] - sx, by = plane.y[p] - sy;
        // The segment's bounding box is already farther than the best: skip it.
        const double lx = std::max({0.0, std::min(ax, bx), -std::max(ax, bx)});
        const double ly = std::max({0.0, std::min(ay, by), -std::max(ay, by)});
        if (lx * lx + ly * ly >= best2) continue;
        const double dx = bx - ax, dy = by - ay;
        const double len2 = dx * dx + dy * dy;
        const double t = len2 > 0 ? std::clamp(-(ax * dx + ay * dy) / len2, 0.0, 1.0) : 0.0;
        const double px = ax + t * dx, py = ay + t * dy;
        best2 = std::min(best2, px * px + py * py);
      }
      const double best = std::sqrt(best2);
      if (best > 100)
        issue(Severity::kWarning, "stop_too_far_from_shape", "stop_times.txt", rows[k].second,
              "stop_id", fmt::format("站点 {} 距行程 {} 的线形 {:.0f} 米", s.id, trip.id, best));
    }
  }

  void frequencies() {
    auto t = table("frequencies.txt", false, {"trip_id", "start_time", "end_time", "headway_secs"});
    if (!t) return;
    for (std::size_t r = 0; r < t->rows(); ++r) {
      auto trip = feed_.trip_index.find(std::string(t->at(r, t->column("trip_id"))));
      if (trip == feed_.trip_index.end()) {
        issue(Severity::kError, "foreign_key_violation", "frequencies.txt", t->line(r), "trip_id",
              "trips.txt 中没有 trip_id " + std::string(t->at(r, t->column("trip_id"))));
        continue;
      }
      auto start = parse_gtfs_time(t->at(r, t->column("start_time")));
      auto end = parse_gtfs_time(t->at(r, t->column("end_time")));
      auto headway = number(*t, r, "headway_secs", true);
      if (!start || !end || !headway || *headway <= 0 || *end <= *start) {
        issue(Severity::kError, "invalid_frequency", "frequencies.txt", t->line(r), "start_time",
              "start_time、end_time、headway_secs 须有效且 end_time 晚于 start_time");
        continue;
      }
      feed_.frequencies.push_back(
          {trip->second, *start, *end, int(*headway), t->at(r, t->column("exact_times")) == "1"});
    }
  }

  void unused() {
    std::vector<bool> used(feed_.stops.size(), false);
    for (const auto& st : feed_.stop_times) used[st.stop] = true;
    std::set<std::string> parents;
    for (const auto& s : feed_.stops)
      if (!s.parent.empty()) parents.insert(s.parent);
    int unused = 0;
    for (std::size_t i = 0; i < feed_.stops.size(); ++i)
      if (!used[i] && feed_.stops[i].location_type == 0 && !parents.count(feed_.stops[i].id))
        ++unused;
    if (unused)
      issue(Severity::kWarning, "unused_stop", "stops.txt", 0, "stop_id",
            fmt::format("{} 个站点没有任何停站时刻", unused));
  }

  const Source& src_;
  Feed& feed_;
  std::set<std::string> route_ids_, service_ids_;
  std::vector<int> trip_lines_;
  struct ShapePlane {
    double c = 1;                               // cos of the shape's latitude
    std::vector<double> x, y;                   // its points in metres
    std::unordered_set<std::uint32_t> checked;  // stops already measured against it
  };
  std::unordered_map<std::string, ShapePlane> planes_;
  std::optional<Error> too_large_;
};

}  // namespace

nlohmann::json Issue::to_json() const {
  return {{"severity", severity == Severity::kError ? "error" : "warning"},
          {"code", code},
          {"file", file},
          {"line", line},
          {"field", field},
          {"message", message}};
}

bool Feed::has_errors() const {
  return std::any_of(issues.begin(), issues.end(),
                     [](const Issue& i) { return i.severity == Issue::Severity::kError; });
}

nlohmann::json Feed::summary() const {
  std::optional<Date> first, last;
  auto widen = [&](Date d) {
    if (!first || d < *first) first = d;
    if (!last || d > *last) last = d;
  };
  for (const auto& s : services) {
    if (s.start) widen(*s.start);
    if (s.end) widen(*s.end);
  }
  for (const auto& d : service_dates)
    if (d.exception == 1) widen(d.date);
  std::size_t shape_points = 0;
  for (const auto& [id, pts] : shapes) shape_points += pts.size();
  int errors = 0, warnings = 0;
  for (const auto& i : issues) (i.severity == Issue::Severity::kError ? errors : warnings)++;
  return {{"files", files},
          {"rows",
           {{"agency.txt", agencies.size()},
            {"stops.txt", stops.size()},
            {"routes.txt", routes.size()},
            {"trips.txt", trips.size()},
            {"stop_times.txt", stop_times.size()},
            {"shapes.txt", shape_points},
            {"calendar.txt", services.size()},
            {"calendar_dates.txt", service_dates.size()},
            {"frequencies.txt", frequencies.size()}}},
          {"shapes", shapes.size()},
          {"interpolated_stop_times", interpolated},
          {"service_start", first ? nlohmann::json(format_date(*first)) : nlohmann::json(nullptr)},
          {"service_end", last ? nlohmann::json(format_date(*last)) : nlohmann::json(nullptr)},
          {"errors", errors},
          {"warnings", warnings}};
}

Result<Feed> load_feed(const std::string& path) {
  if (!std::filesystem::exists(path))
    return fail(Error::invalid(path + "：文件或目录不存在", "feed"));
  auto src = Source::open(path);
  if (!src) return fail(src.error());
  Feed feed;
  Loader(*src, feed).run();
  return feed;
}

Result<Feed> load_feed_zip(std::string bytes, const std::string& what, ZipLimits limits) {
  auto zip = ZipReader::open_bytes(std::move(bytes), what, std::move(limits));
  if (!zip) return fail(zip.error());
  auto src = Source::of_zip(std::move(*zip));
  if (!src) return fail(src.error());
  Feed feed;
  Loader loader(*src, feed);
  loader.run();
  if (loader.too_large()) return fail(*loader.too_large());
  return feed;
}

std::optional<int> parse_gtfs_time(std::string_view s) {
  // H:MM:SS or HH:MM:SS, hours may exceed 24 (service past midnight).
  auto c1 = s.find(':');
  if (c1 == std::string_view::npos || c1 == 0 || c1 > 3 || s.size() != c1 + 6 || s[c1 + 3] != ':')
    return std::nullopt;
  int h = 0, m = 0, sec = 0;
  auto num = [](std::string_view v, int& out) {
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
    return ec == std::errc() && p == v.data() + v.size();
  };
  if (!num(s.substr(0, c1), h) || !num(s.substr(c1 + 1, 2), m) || !num(s.substr(c1 + 4, 2), sec))
    return std::nullopt;
  if (m > 59 || sec > 59 || h < 0) return std::nullopt;
  return h * 3600 + m * 60 + sec;
}

std::vector<TripSpan> trip_spans(const std::vector<StopTime>& stop_times) {
  std::vector<TripSpan> out;
  for (std::size_t i = 0; i < stop_times.size();) {
    std::size_t j = i;
    while (j < stop_times.size() && stop_times[j].trip == stop_times[i].trip) ++j;
    out.push_back({stop_times[i].trip, i, j});
    i = j;
  }
  return out;
}

std::string format_gtfs_time(int seconds) {
  seconds = std::max(0, seconds);
  return fmt::format("{:02}:{:02}:{:02}", seconds / 3600, seconds / 60 % 60, seconds % 60);
}

double haversine_m(double lat1, double lon1, double lat2, double lon2) {
  constexpr double r = 6371008.8, rad = M_PI / 180;
  double dlat = (lat2 - lat1) * rad, dlon = (lon2 - lon1) * rad;
  double a = std::sin(dlat / 2) * std::sin(dlat / 2) +
             std::cos(lat1 * rad) * std::cos(lat2 * rad) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * r * std::asin(std::min(1.0, std::sqrt(a)));
}

}  // namespace zt::transit
