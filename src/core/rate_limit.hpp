// A per-key limit on how often something may happen (a fixed window per key, in memory): the
// public forms anyone can post to, keyed by the sender's address. Thread-safe. Behind a gateway
// every request comes from its address; deploy it with the limit at the gateway instead.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

namespace zt {

class RateLimit {
 public:
  RateLimit(int per_window, std::chrono::seconds window) : limit_(per_window), window_(window) {}

  // Counts one event for `key` at `now_s` (unix seconds); false when over the limit.
  bool allow(const std::string& key, std::int64_t now_s) {
    std::lock_guard lock(mu_);
    if (now_s - swept_ > window_.count()) {  // forget windows that are over
      std::erase_if(counts_,
                    [&](const auto& kv) { return now_s - kv.second.start >= window_.count(); });
      swept_ = now_s;
    }
    auto& c = counts_[key];
    if (now_s - c.start >= window_.count()) c = {now_s, 0};
    return ++c.n <= limit_;
  }

 private:
  struct Count {
    std::int64_t start = 0;
    int n = 0;
  };
  const int limit_;
  const std::chrono::seconds window_;
  std::mutex mu_;
  std::unordered_map<std::string, Count> counts_;
  std::int64_t swept_ = 0;
};

}  // namespace zt
