// Origin hijack (a monitored prefix announced by an origin not in its `asn` list) and
// sub-prefix hijack (a more-specific of a monitored prefix with such an origin, unless
// ignoreMorespecifics), matched against the most specific monitored prefix, as BGPalerter's
// monitorHijack does.
#pragma once

#include <memory>

#include "agent/detect/prefix_monitor.h"

namespace bgpsentry {

class HijackDetector : public PrefixMonitor {
 public:
  explicit HijackDetector(MonitoredIndexRef monitored);
  const char* name() const override { return "hijack"; }
  void on_update(const Update& update, AlertEmitter& out) override;
};

}  // namespace bgpsentry
