// "What does this AS announce?" answered from history — the input of `bgpctl generate`,
// BGPalerter's generate built on our own store instead of RIPEstat.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "agent/core/result.h"
#include "storage/history_store.h"

namespace bgpsentry {

struct OriginatedPrefix {
  Prefix prefix;
  std::vector<uint32_t> origins;        // the asked ASes some peer saw originate it at `to`
  std::vector<uint32_t> other_origins;  // other origins seen for it at `to` (MOAS)
  size_t peers_seeing = 0;              // peers carrying it from one of `origins`
  size_t peers_up = 0;
  int64_t first_seen_us = 0;  // first announcement by one of `origins` within the window
};

// The prefixes any of `asns` announced within [from_us, to_us] and that some peer still
// carried from one of them at to_us, in prefix order. `stop` ends early (a caller gone).
Result<std::vector<OriginatedPrefix>> originated_prefixes(const HistoryStore& store,
                                                          const std::vector<uint32_t>& asns,
                                                          int64_t from_us, int64_t to_us,
                                                          const std::function<bool()>& stop = {});

}  // namespace bgpsentry
