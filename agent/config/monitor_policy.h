// Per-monitor noise controls, with BGPalerter's parameter names in bgpsentry.yml:
//
//   notificationIntervalSeconds: 86400   # defaults for every monitor, as in BGPalerter's
//   alertOnlyOnce: false                 # config.yml
//   fadeOffSeconds: 360
//   monitors:
//     hijack: {thresholdMinPeers: 3}
//     visibility: {thresholdMinPeers: 40, notificationIntervalSeconds: 3600}
//     rpki: {thresholdMinPeers: 3, thresholdCountBy: asns}
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "agent/config/config_error.h"
#include "agent/model/alert.h"

namespace bgpsentry {

struct MonitorPolicy {
  uint32_t threshold_min_peers = 1;
  bool count_peer_asns = false;  // thresholdCountBy: asns (distinct first-hop ASes)
  int64_t notification_interval_s = 86400;
  bool alert_only_once = false;  // no CHANGED notices, only start and end
  // Evidence below the threshold that no peer carries any more is forgotten after this.
  int64_t fade_off_s = 360;
};

// Indexed by AlertType.
using MonitorPolicies = std::array<MonitorPolicy, static_cast<size_t>(AlertType::kFeed) + 1>;

inline const MonitorPolicy& policy_for(const MonitorPolicies& policies, AlertType type) {
  return policies[static_cast<size_t>(type)];
}

// BGPalerter's defaults (its config.yml.example): 3 peers for hijack, newprefix, as, rpki
// and neighbors (its path-neighbors), 1 for path and squat, 40 for visibility (notified at
// most hourly); leak, which BGPalerter lacks, 3 like the others.
MonitorPolicies default_monitor_policies();

// The alert types a monitor name (hijack, newprefix, visibility, path, as, rpki, squat,
// neighbors, leak) raises; empty for an unknown name.
std::vector<AlertType> monitor_alert_types(std::string_view monitor);

// Reads the top-level defaults and the monitors: map (either may be undefined).
MonitorPolicies read_monitor_policies(const YAML::Node& root, ConfigErrors& errors);

}  // namespace bgpsentry
