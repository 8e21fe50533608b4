#include "agent/config/monitored_scope.h"

namespace bgpsentry {

MonitoredScope::MonitoredScope(const PrefixesConfig& config) {
  for (const auto& p : config.prefixes) prefixes_.insert(p.prefix, true);
  for (const auto& a : config.asns) asns_.insert(a.asn);
}

bool MonitoredScope::covers(const Update& u) const {
  if (u.kind == UpdateKind::kPeerState) return true;
  if (prefixes_.longest_match(u.prefix)) return true;  // equal, or a more-specific
  bool covering = false;                               // a less-specific of a monitored one
  prefixes_.for_each_more_specific(u.prefix, [&](const Prefix&, bool) { covering = true; });
  if (covering) return true;
  for (uint32_t origin : u.origins())
    if (asns_.count(origin)) return true;
  return false;
}

}  // namespace bgpsentry
