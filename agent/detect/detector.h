// What every detector implements. Detectors run on the engine thread only: no locking.
#pragma once

#include <memory>

#include "agent/config/monitored_index.h"
#include "agent/core/update.h"
#include "agent/model/alert_emitter.h"

namespace bgpsentry {

class Detector {
 public:
  virtual ~Detector() = default;
  virtual const char* name() const = 0;
  // Emits a finding for every update that offends (not once per prefix): the EventBook
  // counts the peers carrying it and decides what becomes an event.
  virtual void on_update(const Update& update, AlertEmitter& out) = 0;
  // The monitored prefixes and ASNs changed (a config change): judge by these from now on.
  virtual void reconfigure(const std::shared_ptr<const MonitoredIndex>& monitored) {
    (void)monitored;
  }
};

}  // namespace bgpsentry
