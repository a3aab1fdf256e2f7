#include "enforcement/draw.hpp"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <numeric>
#include <unordered_map>

#include <fmt/format.h>
#include <sodium.h>

#include "core/digest.hpp"

namespace zt::enforcement {
namespace {

// The ChaCha20 keystream, one 64 KiB block at a time.
class Stream {
 public:
  explicit Stream(const std::array<unsigned char, 32>& key) : key_(key) {}
  std::uint64_t next_u64() {
    if (pos_ + 8 > buf_.size()) refill();
    std::uint64_t v = 0;
    for (int i = 7; i >= 0; --i) v = (v << 8) | buf_[pos_ + std::size_t(i)];
    pos_ += 8;
    return v;
  }
  // Uniform in [0, n), n >= 1.
  std::uint64_t below(std::uint64_t n) {
    const std::uint64_t limit = UINT64_MAX - (UINT64_MAX % n);
    for (;;) {
      auto v = next_u64();
      if (v < limit) return v % n;
    }
  }

 private:
  void refill() {
    std::array<unsigned char, crypto_stream_chacha20_NONCEBYTES> nonce{};
    for (std::size_t i = 0; i < nonce.size(); ++i) nonce[i] = (block_ >> (8 * i)) & 0xff;
    buf_.resize(65536);
    crypto_stream_chacha20(buf_.data(), buf_.size(), nonce.data(), key_.data());
    ++block_;
    pos_ = 0;
  }
  std::array<unsigned char, 32> key_;
  std::vector<unsigned char> buf_;
  std::size_t pos_ = 0;
  std::uint64_t block_ = 0;
};

// Appends s with tabs and line breaks as spaces (they separate the snapshot's fields).
void append_clean(std::string& out, std::string_view s) {
  for (char c : s) out += (c == '\t' || c == '\n' || c == '\r') ? ' ' : c;
}
std::string clean(std::string_view s) {
  std::string out;
  append_clean(out, s);
  return out;
}

std::vector<std::string_view> split(std::string_view line, char sep) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (;;) {
    auto p = line.find(sep, start);
    out.push_back(line.substr(start, p == std::string_view::npos ? p : p - start));
    if (p == std::string_view::npos) return out;
    start = p + 1;
  }
}

template <class T>
bool to_int(std::string_view s, T& v) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc{} && p == s.data() + s.size();
}

}  // namespace

std::string snapshot_text(const DrawInput& in) {
  std::string out;
  out.reserve(in.entities.size() * 48 + in.inspectors.size() * 64 + 128);
  out += fmt::format("{}\nper_entity\t{}\n", kDrawAlgorithm, in.per_entity);
  for (int i = 0; i < 4; ++i)
    out += fmt::format("percent\t{}\t{}\n", kCreditClasses[i], in.percent[i]);
  for (const auto& e : in.entities) {
    out += "entity\t";
    out += e.uscc;
    out += '\t';
    out += e.credit_class;
    out += '\t';
    append_clean(out, e.name);
    out += '\n';
  }
  for (const auto& i : in.inspectors) {
    std::string conflicts;
    for (const auto& c : i.conflicts) conflicts += (conflicts.empty() ? "" : ";") + c;
    out += fmt::format("inspector\t{}\t{}\t{}\t{}\n", i.id, clean(i.cert_no), clean(i.name),
                       conflicts);
  }
  return out;
}

Result<DrawInput> parse_snapshot(std::string_view text) {
  DrawInput in;
  int line_no = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    auto line = text.substr(start, end - start);
    start = end + 1;
    ++line_no;
    auto bad = [&](const char* what) {
      return fail(Error::invalid(fmt::format("抽查输入快照第{}行：{}", line_no, what)));
    };
    if (line_no == 1) {
      if (line != kDrawAlgorithm) return bad("算法版本不受支持");
      continue;
    }
    auto f = split(line, '\t');
    if (f[0] == "per_entity" && f.size() == 2) {
      if (!to_int(f[1], in.per_entity)) return bad("每户检查人员数无效");
    } else if (f[0] == "percent" && f.size() == 3 && f[1].size() == 1) {
      auto k = kCreditClasses.find(f[1][0]);
      if (k == std::string_view::npos || !to_int(f[2], in.percent[k])) return bad("抽查比例无效");
    } else if (f[0] == "entity" && f.size() == 4 && f[2].size() == 1) {
      in.entities.push_back({std::string(f[1]), std::string(f[3]), f[2][0]});
    } else if (f[0] == "inspector" && f.size() == 5) {
      DrawInspector i;
      if (!to_int(f[1], i.id)) return bad("检查人员编号无效");
      i.cert_no = f[2];
      i.name = f[3];
      if (!f[4].empty())
        for (auto c : split(f[4], ';')) i.conflicts.emplace_back(c);
      in.inspectors.push_back(std::move(i));
    } else {
      return bad("无法识别");
    }
  }
  if (line_no == 0) return fail(Error::invalid("抽查输入快照为空"));
  return in;
}

Result<std::vector<DrawPick>> run_draw(const DrawInput& in) {
  return run_draw(in, sha256_hex(snapshot_text(in)));
}

Result<std::vector<DrawPick>> run_draw(const DrawInput& in, std::string_view snapshot_digest) {
  if (in.per_entity < 1) return fail(Error::invalid("每户检查人员不少于1人", "per_entity"));
  std::array<unsigned char, 32> key{};
  std::string material = fmt::format("{}\n{}\n{}", kDrawAlgorithm, in.seed, snapshot_digest);
  crypto_hash_sha256(key.data(), reinterpret_cast<const unsigned char*>(material.data()),
                     material.size());
  Stream rng(key);

  // Entities must be in credit-code order (that order is part of the algorithm), which also lets
  // a conflict's code be found by binary search instead of touching every entity.
  auto by_code = [](const DrawEntity& a, const DrawEntity& b) { return a.uscc < b.uscc; };
  if (!std::is_sorted(in.entities.begin(), in.entities.end(), by_code))
    return fail(Error::invalid("抽查名录须按统一社会信用代码升序排列"));
  // Inspectors conflicted with an entity, by entity index (few; most entities have none).
  std::unordered_map<std::uint32_t, std::vector<std::uint32_t>> conflicted;
  for (std::uint32_t i = 0; i < in.inspectors.size(); ++i)
    for (const auto& c : in.inspectors[i].conflicts) {
      auto it = std::lower_bound(
          in.entities.begin(), in.entities.end(), c,
          [](const DrawEntity& e, const std::string& code) { return e.uscc < code; });
      if (it == in.entities.end() || it->uscc != c) continue;  // not in this population
      auto& list = conflicted[std::uint32_t(it - in.entities.begin())];
      if (std::find(list.begin(), list.end(), i) == list.end()) list.push_back(i);
    }

  // One pass over the population into the four classes, each in credit-code order.
  std::array<std::vector<std::uint32_t>, 4> pools;
  for (std::uint32_t e = 0; e < in.entities.size(); ++e) {
    auto k = kCreditClasses.find(in.entities[e].credit_class);
    if (k != std::string_view::npos) pools[k].push_back(e);
  }
  std::vector<DrawPick> picks;
  picks.reserve(in.entities.size() / 4);
  std::vector<std::uint32_t> chosen;
  for (int k = 0; k < 4; ++k) {
    auto& pool = pools[std::size_t(k)];
    const std::uint64_t n = pool.size();
    const std::uint64_t take = (n * std::uint64_t(std::clamp(in.percent[k], 0, 100)) + 99) / 100;
    for (std::uint64_t i = 0; i < take; ++i) {
      auto j = i + rng.below(n - i);
      std::swap(pool[i], pool[j]);
      const std::vector<std::uint32_t>* blocked = nullptr;
      if (!conflicted.empty())
        if (auto it = conflicted.find(pool[i]); it != conflicted.end()) blocked = &it->second;
      std::size_t available = in.inspectors.size() - (blocked ? blocked->size() : 0);
      if (available < std::size_t(in.per_entity)) {
        const auto& entity = in.entities[pool[i]];
        return fail(Error::rule_violation(
            "draw-inspectors",
            fmt::format("{}（{}）可派的无利害关系持证检查人员只有{}名，少于每户{}名", entity.name,
                        entity.uscc, available, in.per_entity)));
      }
      chosen.clear();
      while (chosen.size() < std::size_t(in.per_entity)) {
        auto c = std::uint32_t(rng.below(in.inspectors.size()));
        if (std::find(chosen.begin(), chosen.end(), c) != chosen.end()) continue;
        if (blocked && std::find(blocked->begin(), blocked->end(), c) != blocked->end()) continue;
        chosen.push_back(c);
      }
      picks.push_back({pool[i], chosen});
    }
  }
  return picks;
}

std::vector<std::size_t> sample_indices(std::string_view seed, std::string_view context,
                                        std::size_t n, std::size_t k) {
  std::array<unsigned char, 32> key{};
  std::string material = fmt::format("{}\n{}\n{}", kDrawAlgorithm, seed, context);
  crypto_hash_sha256(key.data(), reinterpret_cast<const unsigned char*>(material.data()),
                     material.size());
  Stream rng(key);
  std::vector<std::size_t> idx(n);
  std::iota(idx.begin(), idx.end(), 0);
  k = std::min(k, n);
  for (std::size_t i = 0; i < k; ++i) std::swap(idx[i], idx[i + rng.below(n - i)]);
  idx.resize(k);
  return idx;
}

std::string result_digest(const DrawInput& in, const std::vector<DrawPick>& picks) {
  std::string text;
  text.reserve(picks.size() * 48);
  for (const auto& p : picks) {
    text += in.entities[p.entity].uscc;
    text += ':';
    for (std::size_t i = 0; i < p.inspectors.size(); ++i) {
      if (i) text += ',';
      text += in.inspectors[p.inspectors[i]].cert_no;
    }
    text += '\n';
  }
  return sha256_hex(text);
}

}  // namespace zt::enforcement
