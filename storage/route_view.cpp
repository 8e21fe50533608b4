#include "storage/route_view.h"

#include <algorithm>
#include <map>
#include <set>

namespace bgpsentry {
namespace {

using PathKey = std::pair<IpAddress, uint32_t>;  // peer, ADD-PATH id

// Keeps the last update per (peer, path id) of each prefix the scan passes.
Result<std::map<Prefix, std::map<PathKey, Update>>> last_updates(const HistoryStore& store,
                                                                 HistoryQuery query) {
  std::map<Prefix, std::map<PathKey, Update>> last;
  auto token = store.scan(query, [&](const Update& u) {
    if (u.kind == UpdateKind::kPeerState) return;
    last[u.prefix][{u.peer_ip, u.path_id}] = u;  // the scan is in time order per prefix
  });
  if (!token) return Error{token.error()};
  return last;
}

Result<RouteView> finish(const HistoryStore& store, const Prefix& prefix, int64_t at_us,
                         const std::map<PathKey, Update>& last, size_t peers_up) {
  RouteView view;
  view.prefix = prefix;
  view.at_us = at_us;
  view.peers_up = peers_up;
  std::set<IpAddress> seeing;
  for (const auto& [key, u] : last) {
    if (u.kind == UpdateKind::kWithdraw) continue;
    auto down = store.peers().went_down(u.peer_ip, u.time_us, at_us);
    if (!down) return Error{down.error()};
    if (*down) continue;
    view.routes.push_back(u);
    seeing.insert(u.peer_ip);
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
  HistoryQuery query;
  query.prefix = prefix;
  query.to_us = at_us;
  auto last = last_updates(store, query);
  if (!last) return Error{last.error()};
  auto up = count_peers_up(store, at_us, prefix.afi());
  if (!up) return Error{up.error()};
  static const std::map<PathKey, Update> kNone;
  auto it = last->find(prefix);
  return finish(store, prefix, at_us, it == last->end() ? kNone : it->second, *up);
}

Result<std::optional<RouteView>> lookup_view(const HistoryStore& store, const IpAddress& address,
                                             int64_t at_us) {
  HistoryQuery query;
  query.prefix = Prefix(address, max_length(address.afi));
  query.less_specific = true;
  query.to_us = at_us;
  auto last = last_updates(store, query);
  if (!last) return Error{last.error()};
  auto up = count_peers_up(store, at_us, address.afi);
  if (!up) return Error{up.error()};
  // Most specific first: a longer prefix sorts after the shorter ones covering it.
  for (auto it = last->rbegin(); it != last->rend(); ++it) {
    auto view = finish(store, it->first, at_us, it->second, *up);
    if (!view) return Error{view.error()};
    if (!view->routes.empty()) return std::optional<RouteView>(std::move(*view));
  }
  return std::optional<RouteView>();
}

}  // namespace bgpsentry
