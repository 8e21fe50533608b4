// A monitored ASN (options.monitorASns) originates a prefix that no monitored prefix
// covers: a misconfiguration or a leak of internal space (BGPalerter's monitorAS).
#pragma once

#include <memory>
#include <set>
#include <utility>

#include "agent/detect/prefix_monitor.h"

namespace bgpsentry {

class UnexpectedPrefixDetector : public PrefixMonitor {
 public:
  explicit UnexpectedPrefixDetector(std::shared_ptr<const PrefixesConfig> config);
  const char* name() const override { return "as"; }
  void on_update(const Update& update, AlertEmitter& out) override;

 private:
  std::set<uint32_t> asns_;
};

}  // namespace bgpsentry
