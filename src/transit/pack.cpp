#include "transit/pack.hpp"

#include <charconv>
#include <cmath>

#include <fmt/format.h>

namespace zt::transit {
namespace {

// Reads a number up to `stop` from s[i...]; advances i past the separator.
template <typename T>
bool next(std::string_view s, std::size_t& i, char stop, T& out) {
  const char* b = s.data() + i;
  const char* e = s.data() + s.size();
  auto r = std::from_chars(b, e, out);
  if (r.ec != std::errc() || r.ptr == e || *r.ptr != stop) return false;
  i = std::size_t(r.ptr - s.data()) + 1;
  return true;
}

// Appends a number and a separator (to_chars: no format string to interpret per value).
template <typename T>
void put(std::string& out, T v, char sep) {
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
  out.push_back(sep);
}

}  // namespace

std::string pack_stop_times(const Feed& f, std::size_t begin, std::size_t end) {
  std::string out;
  out.reserve((end - begin) * 32);
  for (std::size_t k = begin; k < end; ++k) {
    const auto& st = f.stop_times[k];
    const auto& id = f.stops[st.stop].id;
    put(out, st.sequence, ',');
    put(out, st.arrival, ',');
    put(out, st.departure, ',');
    if (st.dist < 0)
      out += "-1,";
    else
      put(out, st.dist, ',');
    put(out, int(st.timepoint) | (int(st.interpolated) << 1), ',');
    put(out, id.size(), ':');
    out += id;
  }
  return out;
}

Status unpack_stop_times(std::string_view s, std::uint32_t trip, Feed& f, const std::string& what) {
  std::size_t i = 0;
  while (i < s.size()) {
    StopTime st;
    st.trip = trip;
    int flags = 0;
    std::size_t len = 0;
    if (!next(s, i, ',', st.sequence) || !next(s, i, ',', st.arrival) ||
        !next(s, i, ',', st.departure) || !next(s, i, ',', st.dist) || !next(s, i, ',', flags) ||
        !next(s, i, ':', len) || i + len > s.size())
      return fail(Error::internal(fmt::format("{}：停靠时刻数据损坏（第 {} 字节）", what, i)));
    auto stop = f.stop_index.find(std::string(s.substr(i, len)));
    if (stop == f.stop_index.end())
      return fail(Error::internal(what + "：停靠时刻引用了不存在的站点"));
    st.stop = stop->second;
    st.timepoint = flags & 1;
    st.interpolated = flags & 2;
    i += len;
    f.stop_times.push_back(st);
  }
  return {};
}

std::string pack_shape(const std::vector<ShapePoint>& points) {
  std::string out;
  out.reserve(points.size() * 40);
  for (const auto& p : points) {
    put(out, p.sequence, ',');
    put(out, std::llround(p.lat * 1e7), ',');  // 1e-7 degree: a centimetre
    put(out, std::llround(p.lon * 1e7), ',');
    if (p.dist < 0)
      out += "-1;";
    else
      put(out, p.dist, ';');
  }
  return out;
}

Result<std::vector<ShapePoint>> unpack_shape(std::string_view s, const std::string& what) {
  std::vector<ShapePoint> out;
  std::size_t i = 0;
  while (i < s.size()) {
    ShapePoint p;
    long long lat = 0, lon = 0;
    if (!next(s, i, ',', p.sequence) || !next(s, i, ',', lat) || !next(s, i, ',', lon) ||
        !next(s, i, ';', p.dist))
      return fail(Error::internal(fmt::format("{}：线形数据损坏（第 {} 字节）", what, i)));
    p.lat = double(lat) / 1e7;
    p.lon = double(lon) / 1e7;
    out.push_back(p);
  }
  return out;
}

}  // namespace zt::transit
