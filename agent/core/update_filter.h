// BGPStream-style update filters, shared by `bgpctl mrt dump` and the daemon's MRT source.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "agent/core/result.h"
#include "agent/core/update.h"

namespace bgpsentry {

struct UpdateFilter {
  // Prefixes of interest: exact matches, plus more-/less-specifics when asked for.
  std::vector<Prefix> prefixes;
  bool more_specific = false;
  bool less_specific = false;
  std::vector<uint32_t> peer_asns;
  std::vector<IpAddress> peer_ips;
  std::vector<uint32_t> origins;  // an announcement matches if any of its origins is listed
  // Kinds kept; empty keeps all. Letters: a (announcements and RIB entries), w, s (state).
  std::vector<UpdateKind> kinds;
  std::optional<int64_t> from_s, to_s;  // inclusive bounds, Unix seconds

  bool empty() const;
  // Peers, origins and kinds only (the caller handles prefixes and time).
  bool matches_route(const Update& u) const;
  bool matches(const Update& u) const;
  // True when no update of a record with this time can match (lets readers skip decoding).
  bool excludes_time(int64_t seconds) const {
    return (from_s && seconds < *from_s) || (to_s && seconds > *to_s);
  }
};

// Parses the --type letters ("a", "w", "s", or several: "aw").
Result<std::vector<UpdateKind>> parse_update_kinds(const std::string& letters);

}  // namespace bgpsentry
