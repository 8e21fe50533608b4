// A monitored ASN (options.monitorASns) originates a prefix that no monitored prefix
// covers: a misconfiguration or a leak of internal space (BGPalerter's monitorAS).
#pragma once

#include <memory>
#include <set>

#include "agent/detect/prefix_monitor.h"

namespace bgpsentry {

class UnexpectedPrefixDetector : public PrefixMonitor {
 public:
  explicit UnexpectedPrefixDetector(MonitoredIndexRef monitored);
  const char* name() const override { return "as"; }
  void on_update(const Update& update, AlertEmitter& out) override;
};

}  // namespace bgpsentry
