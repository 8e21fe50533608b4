#include "agent/detect/neighbor_detector.h"

#include <algorithm>

#include "agent/detect/monitored_match.h"

namespace bgpsentry {

NeighborDetector::NeighborDetector(MonitoredIndexRef monitored)
    : PrefixMonitor(std::move(monitored)) {
  index_watched();
}

void NeighborDetector::reconfigure(const std::shared_ptr<const MonitoredIndex>& monitored) {
  PrefixMonitor::reconfigure(monitored);
  index_watched();
}

void NeighborDetector::index_watched() {
  watched_.clear();
  for (const MonitoredAsn& a : monitored_->config().asns)
    if (a.upstreams || a.downstreams) watched_.emplace(a.asn, &a);
}

void NeighborDetector::on_update(const Update& u, AlertEmitter& out) {
  if (watched_.empty() || !is_announcement(u)) return;
  u.attrs->as_path.hops(hops_);
  for (size_t i = 0; i < hops_.size(); ++i) {
    auto it = watched_.find(hops_[i]);
    if (it == watched_.end()) continue;
    const MonitoredAsn& m = *it->second;
    if (i > 0 && m.upstreams) check(u, m, hops_[i - 1], true, out);
    if (i + 1 < hops_.size() && m.downstreams) check(u, m, hops_[i + 1], false, out);
  }
}

void NeighborDetector::check(const Update& u, const MonitoredAsn& m, uint32_t neighbour,
                             bool upstream, AlertEmitter& out) {
  if (neighbour == AsPath::kNoNeighbour) return;  // next to an AS_SET: no known neighbour
  const std::vector<uint32_t>& expected = upstream ? *m.upstreams : *m.downstreams;
  if (std::find(expected.begin(), expected.end(), neighbour) != expected.end()) return;
  const char* side = upstream ? "upstream" : "downstream";
  emit_finding(
      out, u, AlertType::kNeighborChange, Prefix{}, neighbour,
      [&](Alert& alert) {
        alert.expected_origins = expected;
        alert.description = std::string("A new ") + side + " of AS" + std::to_string(m.asn) +
                            " has been detected: AS" + std::to_string(neighbour);
      },
      std::string(side) + " of AS" + std::to_string(m.asn));
}

}  // namespace bgpsentry
