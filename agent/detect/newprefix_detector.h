// A more-specific of a monitored prefix announced by an expected origin: a possible change
// of configuration rather than an attack (BGPalerter's monitorNewPrefix).
#pragma once

#include <memory>

#include "agent/detect/prefix_monitor.h"

namespace bgpsentry {

class NewPrefixDetector : public PrefixMonitor {
 public:
  explicit NewPrefixDetector(MonitoredIndexRef monitored);
  const char* name() const override { return "newprefix"; }
  void on_update(const Update& update, AlertEmitter& out) override;
};

}  // namespace bgpsentry
