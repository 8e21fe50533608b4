// The wall clock, for what is about now rather than about the data (which runs on its own
// timestamps): uptime, the age of VRPs, a feed's liveness, when an RTR cache answered.
#pragma once

#include <chrono>
#include <cstdint>

namespace bgpsentry {

inline int64_t wall_clock_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

inline int64_t wall_clock_s() {
  return wall_clock_us() / 1000000;
}

}  // namespace bgpsentry
