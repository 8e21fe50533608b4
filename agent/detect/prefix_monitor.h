// What the prefix monitors share: the index of the monitored prefixes (one per engine, so
// that an update's longest match is looked up once for all monitors), and the rule for
// which monitored prefix an announcement concerns.
#pragma once

#include <memory>
#include <optional>

#include "agent/config/monitored_index.h"
#include "agent/detect/detector.h"
#include "agent/detect/monitored_match.h"

namespace bgpsentry {

class PrefixMonitor : public Detector {
 public:
  void reconfigure(const std::shared_ptr<const MonitoredIndex>& monitored) override {
    monitored_ = monitored;
  }

 protected:
  explicit PrefixMonitor(MonitoredIndexRef monitored) : monitored_(monitored.get()) {}
  // The monitored prefix `prefix` concerns for this monitor (match_monitored()).
  std::optional<MonitoredMatch> monitored_match(const Prefix& prefix) const {
    return match_monitored(*monitored_, prefix, name());
  }

  std::shared_ptr<const MonitoredIndex> monitored_;
};

}  // namespace bgpsentry
