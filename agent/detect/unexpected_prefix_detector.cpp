#include "agent/detect/unexpected_prefix_detector.h"

#include "agent/detect/monitored_match.h"

namespace bgpsentry {

UnexpectedPrefixDetector::UnexpectedPrefixDetector(MonitoredIndexRef monitored)
    : PrefixMonitor(std::move(monitored)) {}

void UnexpectedPrefixDetector::on_update(const Update& u, AlertEmitter& out) {
  if (!monitored_->has_monitored_asns() || !is_announcement(u)) return;
  for (uint32_t origin : u.attrs->as_path.origins()) {
    if (!monitored_->monitored_asn(origin)) continue;
    if (monitored_->longest_match(u.prefix)) return;  // in the list (or covered by it)
    emit_finding(out, u, AlertType::kUnexpectedPrefix, u.prefix, origin, [&](Alert& alert) {
      alert.description = "AS" + std::to_string(origin) + " is announcing " + u.prefix.to_string() +
                          " but this prefix is not in the configured list of announced prefixes";
    });
    return;
  }
}

}  // namespace bgpsentry
