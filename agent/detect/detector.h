// What every detector implements. Detectors run on the engine thread only: no locking.
#pragma once

#include <memory>

#include "agent/alert/alert.h"
#include "agent/config/monitored_index.h"
#include "agent/core/update.h"

namespace bgpsentry {

// Receives the alerts detectors raise (implemented by the alert router).
class AlertEmitter {
 public:
  virtual ~AlertEmitter() = default;
  virtual void emit(Alert alert) = 0;
  // Whether a finding with these key fields (type, prefix, observed_origin, subject) should
  // carry its details (path, expected origins, description): only one that opens an event
  // needs them, not each further piece of evidence. Building them for every update that
  // offends would cost more than detecting.
  virtual bool wants_details(const Alert& finding) const {
    (void)finding;
    return true;
  }
  // What a finding with these key fields reported is over. For what no peer carries (a
  // FEED finding): peer-carried findings end from per-peer state.
  virtual void resolve(const Alert& finding, int64_t time_us) {
    (void)finding;
    (void)time_us;
  }
};

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
