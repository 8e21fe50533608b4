// How a sink is doing, as status and /metrics show it.
#pragma once

#include <cstdint>
#include <string>

namespace bgpsentry {

enum class SinkState {
  kOk,        // delivering (or idle)
  kRetrying,  // the last delivery failed; retried with backoff
  kGaveUp,    // failing long enough that alerts were given up on it
};
const char* to_string(SinkState state);  // "OK", "RETRYING", "GAVE_UP" as in the API

struct SinkHealth {
  SinkState state = SinkState::kOk;
  std::string last_error;        // of the last failed delivery (the sink redacts secrets)
  int64_t failing_since_us = 0;  // first failure of the current run of failures; 0 when OK
  uint64_t gave_up = 0;          // alerts given up on this sink, ever
};

}  // namespace bgpsentry
