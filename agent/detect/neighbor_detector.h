// New neighbours of monitored ASes (BGPalerter's monitorPathNeighbors): for every
// options.monitorASns entry with `upstreams` and/or `downstreams`, an AS next to it in a
// path that the list does not name is a NEIGHBOR_CHANGE finding. Upstream is the side
// towards the collector, downstream the side towards the origin. Unlike BGPalerter, a path
// with a new neighbour on both sides reports both, and prepending is never a neighbour.
#pragma once

#include <unordered_map>
#include <vector>

#include "agent/detect/prefix_monitor.h"

namespace bgpsentry {

class NeighborDetector : public PrefixMonitor {
 public:
  explicit NeighborDetector(MonitoredIndexRef monitored);
  const char* name() const override { return "neighbors"; }
  void on_update(const Update& update, AlertEmitter& out) override;
  void reconfigure(const std::shared_ptr<const MonitoredIndex>& monitored) override;

 private:
  void index_watched();
  void check(const Update& u, const MonitoredAsn& monitored, uint32_t neighbour, bool upstream,
             AlertEmitter& out);

  std::unordered_map<uint32_t, const MonitoredAsn*> watched_;  // ASes with neighbour lists
  std::vector<uint32_t> hops_;
};

}  // namespace bgpsentry
