#include "agent/detect/visibility_detector.h"

namespace bgpsentry {

VisibilityDetector::VisibilityDetector(std::shared_ptr<const PrefixesConfig> config,
                                       RouteTable& table)
    : PrefixMonitor(std::move(config)), table_(table) {}

void VisibilityDetector::on_update(const Update& u, AlertEmitter& out) {
  if (u.kind != UpdateKind::kWithdraw || u.safi != Safi::kUnicast) return;
  const auto match = monitored_match(u.prefix);
  if (!match || !match->exact || match->monitored->squat) return;
  // The table is as it was before this update: did this peer carry the prefix?
  if (!table_.has_route(u.prefix, table_.peers().id(u))) return;
  const MonitoredPrefix& monitored = *match->monitored;
  Alert alert = alert_from(u, AlertType::kVisibilityLoss);
  alert.monitored_prefix = monitored.prefix;
  alert.expected_origins = monitored.asns;
  const std::string label = monitored.description.empty() ? "" : " (" + monitored.description + ")";
  alert.description =
      "The prefix " + u.prefix.to_string() + label + " has been withdrawn by peers that carried it";
  out.emit(std::move(alert));
}

}  // namespace bgpsentry
