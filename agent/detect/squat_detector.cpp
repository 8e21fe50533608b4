#include "agent/detect/squat_detector.h"

#include "agent/detect/monitored_match.h"

namespace bgpsentry {

SquatDetector::SquatDetector(MonitoredIndexRef monitored) : PrefixMonitor(std::move(monitored)) {}

void SquatDetector::on_update(const Update& u, AlertEmitter& out) {
  if (!is_announcement(u)) return;
  const auto match = monitored_match(u.prefix);
  if (!match || !match->monitored->squat) return;
  const auto origins = u.attrs->as_path.origins();
  const uint32_t origin = origins.empty() ? 0 : origins.front();
  const MonitoredPrefix& squat = *match->monitored;
  emit_finding(out, u, AlertType::kSquat, squat.prefix, origin, [&](Alert& alert) {
    const std::string label = squat.description.empty() ? "" : " (" + squat.description + ")";
    alert.description = (match->exact ? "The prefix " + u.prefix.to_string() + label
                                      : "The prefix " + u.prefix.to_string() + ", inside " +
                                            squat.prefix.to_string() + label + ",") +
                        " is announced by AS" + std::to_string(origin) +
                        " but nobody may announce it";
  });
}

}  // namespace bgpsentry
