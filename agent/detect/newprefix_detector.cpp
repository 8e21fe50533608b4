#include "agent/detect/newprefix_detector.h"

#include <algorithm>

#include "agent/detect/monitored_match.h"

namespace bgpsentry {

NewPrefixDetector::NewPrefixDetector(MonitoredIndexRef monitored)
    : PrefixMonitor(std::move(monitored)) {}

void NewPrefixDetector::on_update(const Update& u, AlertEmitter& out) {
  if (!is_announcement(u)) return;
  const auto match = monitored_match(u.prefix);
  if (!match || match->exact || match->monitored->squat) return;
  const MonitoredPrefix& monitored = *match->monitored;
  // Only the expected origins: another origin is the hijack monitor's (every AS_SET member).
  const auto origins = u.attrs->as_path.origins();
  if (origins.empty() || !std::all_of(origins.begin(), origins.end(),
                                      [&](uint32_t asn) { return monitored.origin_allowed(asn); }))
    return;
  emit_finding(out, u, AlertType::kNewPrefix, monitored.prefix, origins.front(), [&](Alert& alert) {
    alert.expected_origins = monitored.asns;
    const std::string label =
        monitored.description.empty() ? "" : " (" + monitored.description + ")";
    alert.description = "Possible change of configuration. A new prefix " + u.prefix.to_string() +
                        " is announced by AS" + std::to_string(origins.front()) +
                        ". It is a more specific of " + monitored.prefix.to_string() + label;
  });
}

}  // namespace bgpsentry
