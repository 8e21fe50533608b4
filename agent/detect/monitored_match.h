// Which monitored prefix an announcement concerns, as every prefix monitor decides it: the
// most specific monitored prefix covering it, unless that one is ignored, does not want
// this monitor (includeMonitors/excludeMonitors), or has ignoreMorespecifics and the
// announcement is a more-specific.
#pragma once

#include <optional>
#include <string_view>

#include "agent/alert/alert.h"
#include "agent/config/prefixes_config.h"
#include "agent/core/prefix_trie.h"
#include "agent/core/update.h"

namespace bgpsentry {

struct MonitoredMatch {
  const MonitoredPrefix* monitored = nullptr;
  bool exact = false;  // the announced prefix is the monitored one itself
};

inline std::optional<MonitoredMatch> match_monitored(
    const PrefixTrie<const MonitoredPrefix*>& monitored, const Prefix& prefix,
    std::string_view monitor) {
  const auto match = monitored.longest_match(prefix);
  if (!match) return std::nullopt;
  const MonitoredPrefix& m = **match->second;
  const bool exact = match->first == prefix;
  if (m.ignore || !m.monitored_by(monitor) || (!exact && m.ignore_more_specifics))
    return std::nullopt;
  return MonitoredMatch{&m, exact};
}

// A unicast announcement with attributes: what the prefix monitors look at.
inline bool is_announcement(const Update& u) {
  return (u.kind == UpdateKind::kAnnounce || u.kind == UpdateKind::kRibEntry) &&
         u.safi == Safi::kUnicast && u.attrs;
}

// An alert about `u` with what every alert carries from the update that raised it.
inline Alert alert_from(const Update& u, AlertType type) {
  Alert alert;
  alert.type = type;
  alert.prefix = u.prefix;
  alert.as_path = u.attrs ? u.attrs->as_path : AsPath();
  alert.peer_ip = u.peer_ip;
  alert.peer_asn = u.peer_asn;
  alert.first_seen_us = alert.last_seen_us = u.time_us;
  alert.source = u.source;
  return alert;
}

// "AS1, AS2 or AS3".
std::string asn_list(const std::vector<uint32_t>& asns);

}  // namespace bgpsentry
