#include "storage/originated_prefixes.h"

#include <algorithm>
#include <map>
#include <set>

#include "storage/route_view.h"

namespace bgpsentry {

Result<std::vector<OriginatedPrefix>> originated_prefixes(const HistoryStore& store,
                                                          const std::vector<uint32_t>& asns,
                                                          int64_t from_us, int64_t to_us,
                                                          const std::function<bool()>& stop) {
  // Candidates from the origin index: every prefix announced in the window, first time.
  std::map<Prefix, int64_t> first_seen;
  for (uint32_t asn : asns) {
    OriginQuery query;
    query.asn = asn;
    query.from_us = from_us;
    query.to_us = to_us;
    query.stop = stop;
    auto done = store.scan_origin(query, [&](const Update& u) {
      auto [it, added] = first_seen.try_emplace(u.prefix, u.time_us);
      if (!added) it->second = std::min(it->second, u.time_us);
    });
    if (!done) return Error{done.error()};
  }
  // Kept if still carried at the end of the window.
  const std::set<uint32_t> asked(asns.begin(), asns.end());
  std::vector<OriginatedPrefix> out;
  for (const auto& [prefix, first] : first_seen) {
    if (stop && stop()) break;
    auto view = route_view(store, prefix, to_us);
    if (!view) return Error{view.error()};
    std::set<uint32_t> ours, others;
    std::set<IpAddress> peers;
    for (const auto& route : view->routes) {
      bool asked_origin = false;
      for (uint32_t origin : route.origins()) {
        if (asked.count(origin)) {
          ours.insert(origin);
          asked_origin = true;
        } else {
          others.insert(origin);
        }
      }
      if (asked_origin) peers.insert(route.peer_ip);
    }
    if (ours.empty()) continue;
    OriginatedPrefix entry;
    entry.prefix = prefix;
    entry.origins.assign(ours.begin(), ours.end());
    entry.other_origins.assign(others.begin(), others.end());
    entry.peers_seeing = peers.size();
    entry.peers_up = view->peers_up;
    entry.first_seen_us = first;
    out.push_back(std::move(entry));
  }
  return out;
}

}  // namespace bgpsentry
