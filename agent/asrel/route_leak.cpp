#include "agent/asrel/route_leak.h"

#include <vector>

namespace bgpsentry {
namespace {

constexpr uint32_t kBreak = AsPath::kNoNeighbour;

// Up or sideways from the leaker: to someone who should only hear its customers' routes.
bool up_or_sideways(AsRelation what_other_is) {
  return what_other_is == AsRelation::kProvider || what_other_is == AsRelation::kPeer;
}

}  // namespace

std::optional<RouteLeak> find_route_leak(const AsPath& path, std::optional<uint32_t> otc,
                                         const AsRelationships& rel) {
  std::vector<uint32_t> hops;
  path.hops(hops);
  return find_route_leak(hops, otc, rel);
}

std::optional<RouteLeak> find_route_leak(std::span<const uint32_t> asns,
                                         std::optional<uint32_t> otc, const AsRelationships& rel) {
  if (asns.size() < 3) return std::nullopt;  // a leaker needs a neighbour on each side
  // Index i is the leaker candidate: learned from i+1, sent to i-1. The collector's peer
  // (index 0) sends to the collector, which is no one's provider or peer.
  const size_t n = asns.size();
  // OTC: the AS that marked it; everyone who received it after that (a lower index) may
  // only send it down. 0: no mark on the path, nobody is bound by one.
  size_t marked = 0;
  if (otc && *otc != kBreak)
    for (size_t i = n; i-- > 0;)
      if (asns[i] == *otc) {
        marked = i;
        break;
      }
  for (size_t i = n - 2; i >= 1; --i) {
    const uint32_t leaker = asns[i], from = asns[i + 1], to = asns[i - 1];
    if (leaker != kBreak && to != kBreak) {
      const AsRelation to_is = rel.relation(to, leaker);
      if (up_or_sideways(to_is)) {
        const AsRelation from_is =
            from == kBreak ? AsRelation::kUnknown : rel.relation(from, leaker);
        if (up_or_sideways(from_is)) return RouteLeak{leaker, from, to, from_is, to_is, false};
        if (i < marked) return RouteLeak{leaker, from, to, from_is, to_is, true};
      }
    }
  }
  return std::nullopt;
}

}  // namespace bgpsentry
