// Time is injected (after LevelDB's Env) so deadlines and expiries are tested without waiting.
#pragma once

#include <atomic>
#include <chrono>

namespace zt {

using Instant = std::chrono::sys_seconds;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Instant now() const = 0;
};

class SystemClock final : public Clock {
 public:
  Instant now() const override {
    return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  }
};

// The system clock moved to start at a chosen instant and run on from there: a demo or a bench
// of a feed whose service hours are not now.
class ShiftedClock final : public Clock {
 public:
  explicit ShiftedClock(Instant start) : shift_(start - SystemClock{}.now()) {}
  Instant now() const override { return SystemClock{}.now() + shift_; }

 private:
  std::chrono::seconds shift_;
};

// A clock that tests move by hand.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(Instant start) : t_(start.time_since_epoch().count()) {}
  Instant now() const override { return Instant{std::chrono::seconds{t_.load()}}; }
  void advance(std::chrono::seconds d) { t_ += d.count(); }
  void set(Instant t) { t_ = t.time_since_epoch().count(); }

 private:
  std::atomic<std::int64_t> t_;
};

inline std::int64_t unix_seconds(Instant t) { return t.time_since_epoch().count(); }

}  // namespace zt
