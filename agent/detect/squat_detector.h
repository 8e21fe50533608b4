// Address space nobody may announce (a prefixes.yml entry with asn: [] and squat: true):
// any announcement of it, or of a more-specific unless ignoreMorespecifics, is a SQUAT
// alert. BGPalerter cannot express this: an entry without origins matches nothing there.
#pragma once

#include <memory>

#include "agent/detect/prefix_monitor.h"

namespace bgpsentry {

class SquatDetector : public PrefixMonitor {
 public:
  explicit SquatDetector(MonitoredIndexRef monitored);
  const char* name() const override { return "squat"; }
  void on_update(const Update& update, AlertEmitter& out) override;
};

}  // namespace bgpsentry
