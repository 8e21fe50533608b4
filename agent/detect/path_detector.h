// BGPalerter's path rules (monitorPath): per monitored prefix, rules over the AS path
// written as BGPalerter does, ASNs joined by commas ("1280,3491,17557"). Within a rule every
// given condition must hold — `match` finds the regex, `notMatch` does not, the path is
// longer than `maxLength`, shorter than `minLength` — and any rule that holds raises an
// alert with its matchDescription.
#pragma once

#include <memory>
#include <string>

#include "agent/detect/prefix_monitor.h"

namespace bgpsentry {

class PathDetector : public PrefixMonitor {
 public:
  explicit PathDetector(MonitoredIndexRef monitored);
  const char* name() const override { return "path"; }
  void on_update(const Update& update, AlertEmitter& out) override;

  // "1280,3491,17557": every ASN of every segment, in order (an AS_SET's members too).
  static std::string comma_path(const AsPath& path, size_t* length);
  // Whether `rule` holds for a path (its comma form and ASN count).
  static bool holds(const PathRule& rule, const std::string& path, size_t length);
};

}  // namespace bgpsentry
