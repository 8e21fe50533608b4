// Which monitored prefix an announcement concerns, as every prefix monitor decides it: the
// most specific monitored prefix covering it, unless that one is ignored, does not want
// this monitor (includeMonitors/excludeMonitors), or has ignoreMorespecifics and the
// announcement is a more-specific.
#pragma once

#include <optional>
#include <string_view>

#include "agent/config/monitored_index.h"
#include "agent/core/update.h"
#include "agent/detect/detector.h"
#include "agent/model/alert.h"

namespace bgpsentry {

struct MonitoredMatch {
  const MonitoredPrefix* monitored = nullptr;
  bool exact = false;  // the announced prefix is the monitored one itself
};

inline std::optional<MonitoredMatch> match_monitored(const MonitoredIndex& monitored,
                                                     const Prefix& prefix,
                                                     std::string_view monitor) {
  const MonitoredPrefix* match = monitored.longest_match(prefix);
  if (!match) return std::nullopt;
  const MonitoredPrefix& m = *match;
  const bool exact = m.prefix == prefix;
  if (m.ignore || !m.monitored_by(monitor) || (!exact && m.ignore_more_specifics))
    return std::nullopt;
  return MonitoredMatch{&m, exact};
}

// A unicast announcement with attributes: what the prefix monitors look at.
inline bool is_announcement(const Update& u) {
  return (u.kind == UpdateKind::kAnnounce || u.kind == UpdateKind::kRibEntry) &&
         u.safi == Safi::kUnicast && u.attrs;
}

// A finding about `u`: what identifies its event (type, prefix, offending origin, subject)
// and where it was seen. `describe(alert)` adds the expected origins and the description,
// with the path, only when the emitter wants them (a finding that opens an event).
template <typename Describe>
void emit_finding(AlertEmitter& out, const Update& u, AlertType type, const Prefix& monitored,
                  uint32_t offending, Describe&& describe, std::string subject = {}) {
  Alert alert;
  alert.type = type;
  alert.prefix = u.prefix;
  alert.monitored_prefix = monitored;
  alert.observed_origin = offending;
  alert.subject = std::move(subject);
  alert.peer_ip = u.peer_ip;
  alert.peer_asn = u.peer_asn;
  alert.first_seen_us = alert.last_seen_us = u.time_us;
  alert.source = u.source;
  if (out.wants_details(alert)) {
    if (u.attrs) alert.as_path = u.attrs->as_path;
    describe(alert);
  }
  out.emit(std::move(alert));
}

// "AS1, AS2 or AS3".
std::string asn_list(const std::vector<uint32_t>& asns);

}  // namespace bgpsentry
