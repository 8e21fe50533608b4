#include "agent/detect/hijack_detector.h"

namespace bgpsentry {
namespace {

std::string asn_list(const std::vector<uint32_t>& asns) {
  std::string out;
  for (size_t i = 0; i < asns.size(); ++i) {
    if (i) out += i + 1 == asns.size() ? " or " : ", ";
    out += "AS" + std::to_string(asns[i]);
  }
  return out.empty() ? "no AS" : out;
}

}  // namespace

HijackDetector::HijackDetector(std::shared_ptr<const PrefixesConfig> config)
    : config_(std::move(config)) {
  for (const auto& p : config_->prefixes) monitored_.insert(p.prefix, &p);
}

void HijackDetector::restore(const Alert& alert) {
  if (alert.type == AlertType::kOriginHijack || alert.type == AlertType::kSubprefixHijack)
    reported_.emplace(alert.type, alert.prefix, alert.observed_origin);
}

void HijackDetector::on_update(const Update& u, AlertEmitter& out) {
  if ((u.kind != UpdateKind::kAnnounce && u.kind != UpdateKind::kRibEntry) ||
      u.safi != Safi::kUnicast || !u.attrs)
    return;
  const auto match = monitored_.longest_match(u.prefix);
  if (!match) return;
  const MonitoredPrefix& monitored = **match->second;
  if (monitored.ignore) return;
  const bool exact = match->first == u.prefix;
  if (!exact && monitored.ignore_more_specifics) return;

  // Every member of an AS_SET origin must be allowed; the first one that is not offends.
  for (uint32_t origin : u.attrs->as_path.origins()) {
    if (monitored.origin_allowed(origin)) continue;
    const AlertType type = exact ? AlertType::kOriginHijack : AlertType::kSubprefixHijack;
    if (!reported_.emplace(type, u.prefix, origin).second) return;
    Alert alert;
    alert.type = type;
    alert.prefix = u.prefix;
    alert.monitored_prefix = monitored.prefix;
    alert.observed_origin = origin;
    alert.expected_origins = monitored.asns;
    alert.as_path = u.attrs->as_path;
    alert.peer_ip = u.peer_ip;
    alert.peer_asn = u.peer_asn;
    alert.first_seen_us = alert.last_seen_us = u.time_us;
    alert.source = u.source;
    const std::string label =
        monitored.description.empty() ? "" : " (" + monitored.description + ")";
    alert.description = exact
                            ? "The prefix " + u.prefix.to_string() + label + " is announced by AS" +
                                  std::to_string(origin) + " instead of " + asn_list(monitored.asns)
                            : "A new prefix " + u.prefix.to_string() + " is announced by AS" +
                                  std::to_string(origin) + ". It should be instead " +
                                  monitored.prefix.to_string() + label + " announced by " +
                                  asn_list(monitored.asns);
    out.emit(std::move(alert));
    return;
  }
}

}  // namespace bgpsentry
