// The normalized update every source produces (BGPStream's "elem" model).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "agent/core/as_path.h"
#include "agent/core/prefix.h"

namespace bgpsentry {

enum class UpdateKind : uint8_t {
  kAnnounce = 1,
  kWithdraw = 2,
  kRibEntry = 3,
  kPeerState = 4,
};

enum class Safi : uint8_t { kUnicast = 1, kMulticast = 2 };

struct LargeCommunity {
  uint32_t global = 0, local1 = 0, local2 = 0;
  bool operator==(const LargeCommunity&) const = default;
};

// Attributes shared by every prefix of one announcement; shared, never copied per prefix.
struct Aggregator {
  uint32_t asn = 0;
  IpAddress address;
  bool operator==(const Aggregator&) const = default;
};

enum class OriginType : uint8_t { kIgp = 0, kEgp = 1, kIncomplete = 2, kAbsent = 255 };

// An attribute this decoder does not interpret, kept as received (RFC 4271 5: optional
// transitive attributes travel on).
struct RawAttribute {
  uint8_t flags = 0;
  uint8_t type = 0;
  std::vector<uint8_t> value;
  bool operator==(const RawAttribute&) const = default;
};

struct RouteAttributes {
  OriginType origin_type = OriginType::kAbsent;
  AsPath as_path;
  std::optional<IpAddress> next_hop;             // NEXT_HOP, or MP_REACH's (global) one
  std::optional<IpAddress> next_hop_link_local;  // MP_REACH IPv6 link-local next hop
  std::optional<uint32_t> med;
  std::optional<uint32_t> local_pref;
  bool atomic_aggregate = false;
  std::optional<Aggregator> aggregator;
  std::vector<uint32_t> communities;  // (asn << 16) | value
  std::vector<LargeCommunity> large_communities;
  std::vector<uint64_t> extended_communities;  // RFC 4360, 8 bytes each, as received
  std::optional<uint32_t> originator_id;       // RFC 4456 BGP identifier
  std::vector<uint32_t> cluster_list;          // RFC 4456 cluster ids
  std::optional<uint32_t> only_to_customer;    // RFC 9234 OTC attribute
  std::vector<RawAttribute> unknown;           // attributes not interpreted above
  bool operator==(const RouteAttributes&) const = default;
};

struct Update {
  int64_t time_us = 0;  // microseconds since the Unix epoch
  std::string source;   // configured source name (collector)
  IpAddress peer_ip;
  uint32_t peer_asn = 0;
  UpdateKind kind = UpdateKind::kAnnounce;
  Safi safi = Safi::kUnicast;
  Prefix prefix;                                 // unset for kPeerState
  uint32_t path_id = 0;                          // ADD-PATH identifier, 0 when absent
  std::shared_ptr<const RouteAttributes> attrs;  // announcements and RIB entries only
  uint8_t old_state = 0, new_state = 0;          // kPeerState: BGP FSM states (RFC 6396)

  // Origin AS(es) of an announcement; empty for withdrawals and iBGP routes.
  std::vector<uint32_t> origins() const {
    if (!attrs) return {};
    const auto o = attrs->as_path.origins();
    return {o.begin(), o.end()};
  }
};

const char* to_string(UpdateKind kind);
// "IGP", "EGP", "INCOMPLETE"; "" when the route carried no ORIGIN.
const char* to_string(OriginType origin);

}  // namespace bgpsentry
