// Wall-clock timing for the bench programs (steady clock: immune to the system clock being set).
#pragma once

#include <chrono>

namespace zt::bench {

using Steady = std::chrono::steady_clock;

// Seconds elapsed since `t0`.
inline double seconds_since(Steady::time_point t0) {
  return std::chrono::duration<double>(Steady::now() - t0).count();
}

}  // namespace zt::bench
