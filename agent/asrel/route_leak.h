// Route leaks seen in one AS path (RFC 7908): an AS that passes a route learned from a
// provider or a peer on to another provider or peer (the path is not valley-free), or,
// with RFC 9234's Only-to-Customer attribute, one that sends a route marked for customers
// only up or sideways. Judged only on links the relationship data knows: an unknown link
// never makes a leak.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "agent/asrel/as_relationships.h"
#include "agent/core/as_path.h"

namespace bgpsentry {

struct RouteLeak {
  uint32_t leaker = 0;
  uint32_t learned_from = 0;  // the AS it received the route from (towards the origin)
  uint32_t leaked_to = 0;     // the AS it should not have sent it to (towards the collector)
  AsRelation from_is = AsRelation::kUnknown;  // what learned_from is to the leaker
  AsRelation to_is = AsRelation::kUnknown;    // what leaked_to is to the leaker
  bool by_otc = false;  // found through the OTC attribute (RFC 9234), not valley-free
};

// The first leak in the direction the route travelled (from the origin on): later ASes only
// pass it along. `otc` is the route's Only-to-Customer value, if any. Prepending is
// collapsed; an AS_SET or a confederation segment breaks the path (no link across it).
// `hops`: the path as AsPath::hops() gives it (callers that have it already pass it).
std::optional<RouteLeak> find_route_leak(std::span<const uint32_t> hops,
                                         std::optional<uint32_t> otc,
                                         const AsRelationships& relationships);
std::optional<RouteLeak> find_route_leak(const AsPath& path, std::optional<uint32_t> otc,
                                         const AsRelationships& relationships);

}  // namespace bgpsentry
