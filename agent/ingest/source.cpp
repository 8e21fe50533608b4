#include "agent/ingest/source.h"

namespace bgpsentry {

const char* to_string(SourceState state) {
  switch (state) {
    case SourceState::kStarting:
      return "STARTING";
    case SourceState::kRunning:
      return "RUNNING";
    case SourceState::kFinished:
      return "FINISHED";
    case SourceState::kFailed:
      return "FAILED";
    case SourceState::kStopped:
      return "STOPPED";
    case SourceState::kConnecting:
      return "CONNECTING";
    case SourceState::kConnected:
      return "CONNECTED";
    case SourceState::kStale:
      return "STALE";
    case SourceState::kReconnecting:
      return "RECONNECTING";
    case SourceState::kDegraded:
      return "DEGRADED";
  }
  return "UNKNOWN";
}

}  // namespace bgpsentry
