// The routing table as the store's vantage points saw it at one moment: for a prefix (or
// the most specific prefix covering an address), the route each peer carried, rebuilt from
// that prefix's own history and the peers' session state.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "agent/core/result.h"
#include "agent/core/update.h"
#include "storage/history_store.h"

namespace bgpsentry {

struct RouteView {
  Prefix prefix;
  int64_t at_us = 0;
  std::vector<Update>
      routes;               // one per (peer, path id, SAFI): its last announcement, in peer order
  size_t peers_seeing = 0;  // distinct peers among `routes`
  size_t peers_up = 0;      // peers that sent routes of the prefix's family by `at_us`, up then
};

// The routes to exactly `prefix` at `at_us` (inclusive): each (peer, path id)'s last update
// at or before then, unless it was a withdrawal or the peer's session went down after it.
Result<RouteView> route_view(const HistoryStore& store, const Prefix& prefix, int64_t at_us);

// Longest match: the most specific stored prefix covering `address` that some peer carried
// at `at_us`; nullopt when none did.
Result<std::optional<RouteView>> lookup_view(const HistoryStore& store, const IpAddress& address,
                                             int64_t at_us);

}  // namespace bgpsentry
