// Origin hijack (a monitored prefix announced by an origin not in its `asn` list) and
// sub-prefix hijack (a more-specific of a monitored prefix with such an origin, unless
// ignoreMorespecifics), matched against the most specific monitored prefix, as BGPalerter's
// monitorHijack does.
#pragma once

#include <memory>
#include <set>
#include <tuple>

#include "agent/config/prefixes_config.h"
#include "agent/core/prefix_trie.h"
#include "agent/detect/detector.h"

namespace bgpsentry {

class HijackDetector : public Detector {
 public:
  explicit HijackDetector(std::shared_ptr<const PrefixesConfig> config);
  const char* name() const override { return "hijack"; }
  void on_update(const Update& update, AlertEmitter& out) override;
  // Alerts raised before a restart are not raised again.
  void restore(const Alert& alert);

 private:
  std::shared_ptr<const PrefixesConfig> config_;
  PrefixTrie<const MonitoredPrefix*> monitored_;
  // One alert per (type, prefix, offending origin); events (issue 5) refine this.
  std::set<std::tuple<AlertType, Prefix, uint32_t>> reported_;
};

}  // namespace bgpsentry
