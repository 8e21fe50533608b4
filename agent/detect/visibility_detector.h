// Visibility loss, from per-peer route state: a peer that carried a monitored prefix
// withdraws it. Each such peer is evidence; the event starts once thresholdMinPeers peers
// lost it and ends when every one of them sees the prefix again (or went down), the
// "visible again" notice BGPalerter cannot give. A withdrawal from a peer that never
// carried the prefix is not a loss.
#pragma once

#include <memory>

#include "agent/detect/prefix_monitor.h"
#include "agent/detect/route_table.h"

namespace bgpsentry {

class VisibilityDetector : public PrefixMonitor {
 public:
  VisibilityDetector(MonitoredIndexRef monitored, RouteTable& table);
  const char* name() const override { return "visibility"; }
  void on_update(const Update& update, AlertEmitter& out) override;

 private:
  RouteTable& table_;
};

}  // namespace bgpsentry
