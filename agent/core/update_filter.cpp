#include "agent/core/update_filter.h"

#include <algorithm>

namespace bgpsentry {
namespace {

template <typename T>
bool listed(const std::vector<T>& list, const T& v) {
  return std::find(list.begin(), list.end(), v) != list.end();
}

}  // namespace

bool UpdateFilter::empty() const {
  return prefixes.empty() && peer_asns.empty() && peer_ips.empty() && origins.empty() &&
         kinds.empty() && !from_s && !to_s;
}

bool UpdateFilter::matches_route(const Update& u) const {
  if (!kinds.empty() && !listed(kinds, u.kind)) return false;
  if (!peer_asns.empty() && !listed(peer_asns, u.peer_asn)) return false;
  if (!peer_ips.empty() && !listed(peer_ips, u.peer_ip)) return false;
  if (!origins.empty()) {
    const auto found = u.origins();
    if (std::none_of(found.begin(), found.end(), [&](uint32_t o) { return listed(origins, o); }))
      return false;
  }
  return true;
}

bool UpdateFilter::matches(const Update& u) const {
  if (excludes_time(u.time_us / 1000000)) return false;
  if (!prefixes.empty()) {
    if (u.kind == UpdateKind::kPeerState) return false;
    const bool hit = std::any_of(prefixes.begin(), prefixes.end(), [&](const Prefix& p) {
      return p == u.prefix || (more_specific && p.contains(u.prefix)) ||
             (less_specific && u.prefix.contains(p));
    });
    if (!hit) return false;
  }
  return matches_route(u);
}

Result<std::vector<UpdateKind>> parse_update_kinds(const std::string& letters) {
  std::vector<UpdateKind> kinds;
  for (char c : letters) {
    switch (c) {
      case 'a':
        kinds.push_back(UpdateKind::kAnnounce);
        kinds.push_back(UpdateKind::kRibEntry);
        break;
      case 'w':
        kinds.push_back(UpdateKind::kWithdraw);
        break;
      case 's':
        kinds.push_back(UpdateKind::kPeerState);
        break;
      case ',':
        break;
      default:
        return Error{std::string("unknown update type '") + c +
                     "' (a: announcements and RIB entries, w: withdrawals, s: peer states)"};
    }
  }
  if (kinds.empty()) return Error{"no update type given (a, w, s)"};
  return kinds;
}

}  // namespace bgpsentry
