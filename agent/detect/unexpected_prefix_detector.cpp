#include "agent/detect/unexpected_prefix_detector.h"

#include "agent/detect/monitored_match.h"

namespace bgpsentry {

UnexpectedPrefixDetector::UnexpectedPrefixDetector(std::shared_ptr<const PrefixesConfig> config)
    : PrefixMonitor(std::move(config)) {
  for (const auto& a : config_->asns) asns_.insert(a.asn);
}

void UnexpectedPrefixDetector::on_update(const Update& u, AlertEmitter& out) {
  if (asns_.empty() || !is_announcement(u)) return;
  for (uint32_t origin : u.attrs->as_path.origins()) {
    if (!asns_.count(origin)) continue;
    if (monitored_.longest_match(u.prefix)) return;  // in the list (or covered by it)
    Alert alert = alert_from(u, AlertType::kUnexpectedPrefix);
    alert.monitored_prefix = u.prefix;
    alert.observed_origin = origin;
    alert.description = "AS" + std::to_string(origin) + " is announcing " + u.prefix.to_string() +
                        " but this prefix is not in the configured list of announced prefixes";
    out.emit(std::move(alert));
    return;
  }
}

}  // namespace bgpsentry
