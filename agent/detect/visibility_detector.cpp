#include "agent/detect/visibility_detector.h"

namespace bgpsentry {

VisibilityDetector::VisibilityDetector(MonitoredIndexRef monitored, RouteTable& table)
    : PrefixMonitor(std::move(monitored)), table_(table) {}

void VisibilityDetector::on_update(const Update& u, AlertEmitter& out) {
  if (u.kind != UpdateKind::kWithdraw || u.safi != Safi::kUnicast) return;
  const auto match = monitored_match(u.prefix);
  if (!match || !match->exact || match->monitored->squat) return;
  // The table is as it was before this update: did this peer carry the prefix?
  if (!table_.has_route(u.prefix, table_.peers().id(u))) return;
  const MonitoredPrefix& monitored = *match->monitored;
  emit_finding(out, u, AlertType::kVisibilityLoss, monitored.prefix, 0, [&](Alert& alert) {
    alert.expected_origins = monitored.asns;
    const std::string label =
        monitored.description.empty() ? "" : " (" + monitored.description + ")";
    alert.description = "The prefix " + u.prefix.to_string() + label +
                        " has been withdrawn by peers that carried it";
  });
}

}  // namespace bgpsentry
