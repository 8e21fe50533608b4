// Route leaks (ROUTE_LEAK) on paths to a monitored prefix (or a more-specific of one) and on
// paths through a monitored AS: an AS passing a route from a provider or peer on to another
// provider or peer (valley-free under CAIDA's AS relationships, Cloudflare Radar's
// provider→customer→provider case among them), or breaking RFC 9234's Only-to-Customer
// mark. One event per leaker and leak segment, gathering its prefixes.
#pragma once

#include <memory>
#include <vector>

#include "agent/asrel/as_relationships.h"
#include "agent/detect/prefix_monitor.h"

namespace bgpsentry {

class LeakDetector : public PrefixMonitor {
 public:
  LeakDetector(MonitoredIndexRef monitored, std::shared_ptr<const AsRelationships> relationships);
  const char* name() const override { return "leak"; }
  void on_update(const Update& update, AlertEmitter& out) override;

 private:
  bool in_scope(const Update& u);  // after hops_ holds its path's hops

  std::shared_ptr<const AsRelationships> relationships_;
  std::vector<uint32_t> hops_;
};

}  // namespace bgpsentry
