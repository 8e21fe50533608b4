// What every detector implements. Detectors run on the engine thread only: no locking.
#pragma once

#include "agent/alert/alert.h"
#include "agent/core/update.h"

namespace bgpsentry {

// Receives the alerts detectors raise (implemented by the alert router).
class AlertEmitter {
 public:
  virtual ~AlertEmitter() = default;
  virtual void emit(Alert alert) = 0;
};

class Detector {
 public:
  virtual ~Detector() = default;
  virtual const char* name() const = 0;
  virtual void on_update(const Update& update, AlertEmitter& out) = 0;
  // An alert raised before a restart (read back from the store): not to be raised again.
  virtual void restore(const Alert&) {}
};

}  // namespace bgpsentry
