#include "agent/sources/rtr_source_status.h"

namespace bgpsentry {

SourceStatus rtr_source_status(const RtrStatus& rtr, const RpkiConfig& config) {
  SourceStatus s;
  s.name = "rtr";
  s.type = "rtr";
  switch (rtr.state) {
    case RtrStatus::State::kConnecting:
      s.state = SourceState::kConnecting;
      break;
    case RtrStatus::State::kConnected:
      s.state = SourceState::kConnected;
      break;
    case RtrStatus::State::kReconnecting:
      s.state = SourceState::kReconnecting;
      break;
    case RtrStatus::State::kStopped:
      s.state = SourceState::kStopped;
      break;
  }
  s.records = rtr.pdus;
  s.updates = rtr.vrps;
  s.parse_errors = rtr.errors;
  s.last_update_time_us = rtr.last_update_us;
  s.last_error = rtr.last_error;
  s.detail =
      config.rtr_host + ":" + config.rtr_port +
      (rtr.has_data
           ? " version " + std::to_string(rtr.version) + " session " + std::to_string(rtr.session) +
                 " serial " + std::to_string(rtr.serial) + ", " + std::to_string(rtr.vrps) + " VRPs"
           : ", no data yet");
  return s;
}

}  // namespace bgpsentry
