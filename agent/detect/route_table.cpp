#include "agent/detect/route_table.h"

#include <algorithm>

namespace bgpsentry {
namespace {

bool established(uint8_t state) {
  return state == 6;  // RFC 6396 4.4.1: 6 = Established
}

}  // namespace

RouteTable::RouteTable(MonitoredIndexRef monitored) : monitored_(monitored.get()) {}

void RouteTable::mark_up(PeerId peer) {
  if (peer >= up_.size()) up_.resize(peer + 1, 0);
  if (!up_[peer]) {
    up_[peer] = 1;
    ++peers_up_;
  }
}

bool RouteTable::apply(const Update& u, PeerId peer) {
  if (u.kind == UpdateKind::kPeerState) {
    if (!established(u.new_state)) {
      peer_down(peer);
      return true;
    }
    mark_up(peer);
    return false;
  }
  mark_up(peer);
  if (u.safi != Safi::kUnicast) return false;  // the table is of unicast routes
  // A route that leaves the scope (a monitored ASN's prefix now from someone else) is
  // dropped like a withdrawal.
  const bool keep = (u.kind == UpdateKind::kAnnounce || u.kind == UpdateKind::kRibEntry) &&
                    u.attrs && monitored_->in_scope(u.prefix, u.attrs->as_path);
  auto it = routes_.find(u.prefix);
  if (it == routes_.end()) {
    if (keep) {
      routes_[u.prefix].push_back(Route{peer, u.path_id, intern(u.attrs), u.time_us});
      ++route_count_;
    }
    return false;
  }
  auto& routes = it->second;
  auto r = std::find_if(routes.begin(), routes.end(),
                        [&](const Route& x) { return x.peer == peer && x.path_id == u.path_id; });
  if (r == routes.end()) {
    if (keep) {
      routes.push_back(Route{peer, u.path_id, intern(u.attrs), u.time_us});
      ++route_count_;
    }
  } else if (keep) {
    if (!r->interned->equals(u.attrs->as_path)) {
      paths_.release(r->interned);
      r->interned = intern(u.attrs);
    }
    r->time_us = u.time_us;
  } else {
    paths_.release(r->interned);
    *r = routes.back();
    routes.pop_back();
    --route_count_;
    if (routes.empty()) routes_.erase(it);
  }
  return false;
}

template <typename Pred>
void RouteTable::drop_routes_if(Pred drop) {
  for (auto it = routes_.begin(); it != routes_.end();) {
    auto& routes = it->second;
    const auto dropped = std::remove_if(routes.begin(), routes.end(), [&](const Route& r) {
      if (!drop(it->first, r)) return false;
      paths_.release(r.interned);
      return true;
    });
    route_count_ -= static_cast<uint64_t>(routes.end() - dropped);
    routes.erase(dropped, routes.end());
    if (routes.empty())
      routes_.erase(it++);  // erasing moves nothing in an open-addressing table
    else
      ++it;
  }
}

void RouteTable::prune_out_of_scope() {
  drop_routes_if([&](const Prefix& prefix, const Route& r) {
    return !monitored_->in_scope(prefix, r.path());
  });
}

void RouteTable::peer_down(PeerId peer) {
  if (peer < up_.size() && up_[peer]) {
    up_[peer] = 0;
    --peers_up_;
  }
  // Peers go down rarely: a scan of the (monitored-space) table is cheaper than keeping a
  // per-peer index current on every update.
  drop_routes_if([&](const Prefix&, const Route& r) { return r.peer == peer; });
}

const RouteTable::Routes* RouteTable::routes(const Prefix& prefix) const {
  auto it = routes_.find(prefix);
  return it == routes_.end() ? nullptr : &it->second;
}

bool RouteTable::has_route(const Prefix& prefix, PeerId peer) const {
  const auto* routes = this->routes(prefix);
  return routes && std::any_of(routes->begin(), routes->end(),
                               [&](const Route& r) { return r.peer == peer; });
}

RouteTable::InternedPath* RouteTable::intern(const std::shared_ptr<const RouteAttributes>& attrs) {
  if (attrs != last_attrs_) {
    InternedPath* path = paths_.acquire(attrs->as_path);  // the cache's reference
    if (last_interned_) paths_.release(last_interned_);
    last_interned_ = path;
    last_attrs_ = attrs;
  }
  paths_.add_reference(last_interned_);
  return last_interned_;
}

void RouteTable::publish_stats() {
  paths_.sweep();
  stat_prefixes_ = routes_.size();
  stat_routes_ = route_count_;
  stat_paths_ = paths_.in_use();
  stat_peers_up_ = peers_up_;
  // Slots (key and inline routes, control bytes) + routes beyond a slot's + interned paths.
  const uint64_t inline_routes = std::min<uint64_t>(route_count_, routes_.size() * kInlineRoutes);
  stat_bytes_ = routes_.capacity() * (sizeof(std::pair<Prefix, Routes>) + 1) +
                (route_count_ - inline_routes) * sizeof(Route) + paths_.bytes();
}

RouteTableStats RouteTable::stats() const {
  return RouteTableStats{stat_prefixes_.load(), stat_routes_.load(), stat_paths_.load(),
                         stat_peers_up_.load(), stat_bytes_.load()};
}

}  // namespace bgpsentry
