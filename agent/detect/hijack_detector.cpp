#include "agent/detect/hijack_detector.h"

#include "agent/detect/monitored_match.h"

namespace bgpsentry {

HijackDetector::HijackDetector(MonitoredIndexRef monitored) : PrefixMonitor(std::move(monitored)) {}

void HijackDetector::on_update(const Update& u, AlertEmitter& out) {
  if (!is_announcement(u)) return;
  const auto match = monitored_match(u.prefix);
  if (!match || match->monitored->squat) return;  // squat space: the squat monitor's
  const MonitoredPrefix& monitored = *match->monitored;

  // Every member of an AS_SET origin must be allowed; the first one that is not offends.
  for (uint32_t origin : u.attrs->as_path.origins()) {
    if (monitored.origin_allowed(origin)) continue;
    const AlertType type = match->exact ? AlertType::kOriginHijack : AlertType::kSubprefixHijack;
    emit_finding(out, u, type, monitored.prefix, origin, [&](Alert& alert) {
      alert.expected_origins = monitored.asns;
      const std::string label =
          monitored.description.empty() ? "" : " (" + monitored.description + ")";
      alert.description =
          match->exact ? "The prefix " + u.prefix.to_string() + label + " is announced by AS" +
                             std::to_string(origin) + " instead of " + asn_list(monitored.asns)
                       : "A new prefix " + u.prefix.to_string() + " is announced by AS" +
                             std::to_string(origin) + ". It should be instead " +
                             monitored.prefix.to_string() + label + " announced by " +
                             asn_list(monitored.asns);
    });
    return;
  }
}

}  // namespace bgpsentry
