#include "storage/route_view.h"

#include <algorithm>
#include <set>

namespace bgpsentry {
namespace {

// The view from the routes at `at_us`, less those of peers whose session went down since.
Result<RouteView> finish(const HistoryStore& store, const Prefix& prefix, int64_t at_us,
                         size_t peers_up) {
  auto routes = store.routes_at(prefix, at_us);
  if (!routes) return Error{routes.error()};
  RouteView view;
  view.prefix = prefix;
  view.at_us = at_us;
  view.peers_up = peers_up;
  std::set<IpAddress> seeing;
  for (auto& route : *routes) {
    const Update& u = route.update;
    auto down = store.peers().went_down(u.peer_ip, u.time_us, at_us);
    if (!down) return Error{down.error()};
    if (*down) continue;
    seeing.insert(u.peer_ip);
    view.routes.push_back(std::move(route.update));
  }
  view.peers_seeing = seeing.size();
  // A peer carrying a route is up, whatever the peer table says (a store from before it).
  view.peers_up = std::max(view.peers_up, view.peers_seeing);
  return view;
}

Result<size_t> count_peers_up(const HistoryStore& store, int64_t at_us, Afi family) {
  auto up = store.peers().peers_up(at_us, family);
  if (!up) return Error{up.error()};
  return up->size();
}

}  // namespace

Result<RouteView> route_view(const HistoryStore& store, const Prefix& prefix, int64_t at_us) {
  auto up = count_peers_up(store, at_us, prefix.afi());
  if (!up) return Error{up.error()};
  return finish(store, prefix, at_us, *up);
}

Result<std::optional<RouteView>> lookup_view(const HistoryStore& store, const IpAddress& address,
                                             int64_t at_us) {
  auto up = count_peers_up(store, at_us, address.afi);
  if (!up) return Error{up.error()};
  for (int length = max_length(address.afi); length >= 0; --length) {  // most specific first
    auto view = finish(store, Prefix(address, length), at_us, *up);
    if (!view) return Error{view.error()};
    if (!view->routes.empty()) return std::optional<RouteView>(std::move(*view));
  }
  return std::optional<RouteView>();
}

}  // namespace bgpsentry
