// Who sees what, per peer, for the monitored address space: every route to a monitored
// prefix, its more-specifics and covering prefixes, and every route a monitored ASN
// originates. AS paths are interned (one copy per distinct path, reference counted). A
// peer that goes down (a BGP state change away from Established) loses its routes.
// Engine thread only, but for stats().
#pragma once

#include <absl/container/flat_hash_map.h>
#include <absl/container/inlined_vector.h>

#include <atomic>
#include <cstdint>
#include <memory>

#include "agent/config/monitored_index.h"
#include "agent/core/update.h"
#include "agent/detect/interned_paths.h"
#include "agent/model/peer_registry.h"

namespace bgpsentry {

struct RouteTableStats {
  uint64_t prefixes = 0;
  uint64_t routes = 0;
  uint64_t paths = 0;  // distinct AS paths held (by routes, and the last one interned)
  uint64_t peers_up = 0;
  uint64_t bytes = 0;  // an estimate of the memory held
};

class RouteTable {
 public:
  using InternedPath = InternedPaths::Path;
  struct Route {
    PeerId peer = 0;
    uint32_t path_id = 0;  // ADD-PATH
    InternedPath* interned = nullptr;
    int64_t time_us = 0;
    AsPath path() const { return interned->to_as_path(); }
  };
  // A prefix's first route lives in the table's slot itself: no allocation and no pointer
  // to chase. More inline (a prefix has ~5 routes on the RouteViews day) made slots span
  // more cache lines and measured slower.
  static constexpr size_t kInlineRoutes = 1;
  using Routes = absl::InlinedVector<Route, kInlineRoutes>;

  explicit RouteTable(MonitoredIndexRef monitored);

  PeerRegistry& peers() { return peers_; }
  const PeerRegistry& peers() const { return peers_; }

  // Judges what is in scope by `monitored` from now on (a config change). Routes that left
  // the scope stay until prune_out_of_scope().
  void set_monitored(std::shared_ptr<const MonitoredIndex> monitored) {
    monitored_ = std::move(monitored);
  }
  // Drops the routes the monitored space no longer covers.
  void prune_out_of_scope();
  // Calls fn(prefix, route) for every route held. `fn` must not change the table.
  template <typename Fn>
  void for_each_route(Fn&& fn) const {
    for (const auto& [prefix, routes] : routes_)
      for (const Route& r : routes) fn(prefix, r);
  }

  // Applies `u` (announcement, withdrawal, RIB entry or peer state change) from `peer`.
  // Returns true when the peer went down (and so lost its routes).
  bool apply(const Update& u, PeerId peer);

  // The routes to `prefix`; nullptr when no peer has one in the table.
  const Routes* routes(const Prefix& prefix) const;
  bool has_route(const Prefix& prefix, PeerId peer) const;
  // Peers heard from (any update) and not gone down since.
  size_t peers_up() const { return peers_up_; }

  // Makes the current figures what stats() returns, and drops AS paths no route holds any
  // more (the engine does so after each batch).
  void publish_stats();
  // Any thread.
  RouteTableStats stats() const;

 private:
  void mark_up(PeerId peer);
  void peer_down(PeerId peer);
  InternedPath* intern(const std::shared_ptr<const RouteAttributes>& attrs);
  // Drops each route `drop(prefix, route)` picks, and prefixes left without routes.
  template <typename Pred>
  void drop_routes_if(Pred drop);

  std::shared_ptr<const MonitoredIndex> monitored_;
  PeerRegistry peers_;
  std::vector<uint8_t> up_;  // by PeerId
  size_t peers_up_ = 0;
  // Open addressing (one probe of a control group, then the slot) rather than a bucket
  // array of nodes: each update looks its prefix up here, and the table is far larger than
  // the caches.
  absl::flat_hash_map<Prefix, Routes, PrefixHash> routes_;
  InternedPaths paths_;  // swept by publish_stats()
  uint64_t route_count_ = 0;
  // The prefixes of one BGP message share its attributes: their path is interned once.
  std::shared_ptr<const RouteAttributes> last_attrs_;
  InternedPath* last_interned_ = nullptr;  // holds a reference of its own
  // Published for status (read from API threads).
  std::atomic<uint64_t> stat_prefixes_{0}, stat_routes_{0}, stat_paths_{0}, stat_peers_up_{0},
      stat_bytes_{0};
};

}  // namespace bgpsentry
