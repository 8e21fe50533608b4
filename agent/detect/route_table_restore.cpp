#include "agent/detect/route_table_restore.h"

#include <absl/container/flat_hash_set.h>

#include <chrono>
#include <set>

namespace bgpsentry {
namespace {

// The prefixes whose stored routes may be in the table's scope.
Result<std::vector<Prefix>> prefixes_in_scope(const HistoryStore& history,
                                              const MonitoredIndex& monitored) {
  absl::flat_hash_set<Prefix, PrefixHash> seen;
  std::vector<Prefix> out;
  auto add = [&](const Prefix& p) {
    if (seen.insert(p).second) out.push_back(p);
  };
  const PrefixesConfig& config = monitored.config();
  for (const auto& m : config.prefixes) {
    if (auto st = history.for_each_prefix_within(m.prefix, add); !st) return Error{st.error()};
    // Covering prefixes: most have no history, and routes_at finds that in one seek.
    for (int length = 0; length < m.prefix.length(); ++length)
      add(Prefix(m.prefix.address(), length));
  }
  for (const auto& a : config.asns)
    if (auto st = history.for_each_prefix_originated(a.asn, add); !st) return Error{st.error()};
  return out;
}

}  // namespace

Result<RouteTableRestored> restore_route_table(RouteTable& table, const HistoryStore& history,
                                               const MonitoredIndex& monitored,
                                               const std::map<std::string, int64_t>& judged_times) {
  const auto start = std::chrono::steady_clock::now();
  RouteTableRestored out;
  const auto span = history.time_span();
  if (!span) return out;
  // The data times to read the history at, and which sources each is for.
  std::set<int64_t> times;
  for (const auto& [source, t] : judged_times) times.insert(t);
  if (judged_times.empty()) times.insert(span->newest_us);
  auto wanted = [&](const Update& u, int64_t at_us) {
    if (judged_times.empty()) return true;
    const auto it = judged_times.find(u.source);
    return it != judged_times.end() && it->second == at_us;
  };

  auto prefixes = prefixes_in_scope(history, monitored);
  if (!prefixes) return Error{prefixes.error()};
  for (const Prefix& prefix : *prefixes) {
    bool held = false;
    for (const int64_t at_us : times) {
      auto routes = history.routes_at(prefix, at_us);
      if (!routes) return Error{routes.error()};
      for (auto& route : *routes) {
        Update& u = route.update;
        if (u.safi != Safi::kUnicast || !wanted(u, at_us) || !u.attrs ||
            !monitored.in_scope(prefix, u.attrs->as_path))
          continue;
        // A route its peer's session dropped since is gone (as route views judge it).
        auto down = history.peers().went_down(u.peer_ip, u.time_us, at_us);
        if (!down) return Error{down.error()};
        if (*down) continue;
        table.apply(u, table.peers().id(u));
        ++out.routes;
        held = true;
      }
    }
    out.prefixes_read += held;
  }
  // Peers up that carry no route of the monitored space count towards visibility too. The
  // peer table keeps no source: named only where the store holds one.
  if (times.size() == 1 && judged_times.size() <= 1) {
    auto up = history.peers().peers_up(*times.begin());
    if (!up) return Error{up.error()};
    const std::string source = judged_times.empty() ? std::string() : judged_times.begin()->first;
    for (const auto& peer : *up) {
      if (source.empty()) break;
      Update state;
      state.kind = UpdateKind::kPeerState;
      state.source = source;
      state.peer_ip = peer.ip;
      state.peer_asn = peer.record.asn;
      state.new_state = 6;  // Established
      state.time_us = *times.begin();
      table.apply(state, table.peers().id(state));
    }
  }
  table.publish_stats();
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

}  // namespace bgpsentry
