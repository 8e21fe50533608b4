#include "agent/detect/detection_pipeline.h"

#include <unordered_map>

namespace bgpsentry {
namespace {

std::vector<std::string> stage_names(const std::vector<std::unique_ptr<Detector>>& detectors) {
  std::vector<std::string> names;
  for (const auto& d : detectors) names.emplace_back(d->name());
  for (const char* stage : {"route_table", "events", "reconfigure"}) names.emplace_back(stage);
  return names;
}

}  // namespace

DetectionPipeline::DetectionPipeline(RouteTable& table,
                                     std::vector<std::unique_ptr<Detector>> detectors,
                                     EventBook& book)
    : table_(table),
      detectors_(std::move(detectors)),
      book_(book),
      progress_(stage_names(detectors_)) {}

void DetectionPipeline::process(const Update& u) {
  progress_.begin();
  progress_.enter(table_stage());
  const PeerId peer = table_.peers().id(u);
  progress_.enter(events_stage());
  book_.begin_update(u, peer);
  for (size_t i = 0; i < detectors_.size(); ++i) {
    progress_.enter(static_cast<uint8_t>(i + 1));
    detectors_[i]->on_update(u, book_);
  }
  progress_.enter(table_stage());
  const bool went_down = table_.apply(u, peer);
  progress_.enter(events_stage());
  book_.end_update(table_.peers_up());
  if (went_down) book_.peer_down(peer, u.time_us);
}

void DetectionPipeline::apply_only(const Update& u) {
  progress_.begin();
  progress_.enter(table_stage());
  table_.apply(u, table_.peers().id(u));
}

void DetectionPipeline::end_batch() {
  progress_.begin();
  progress_.enter(events_stage());
  book_.flush();
  table_.publish_stats();
  progress_.idle();
}

void DetectionPipeline::reconfigure(const std::shared_ptr<const MonitoredIndex>& monitored) {
  progress_.begin();
  progress_.enter(reconfigure_stage());
  table_.set_monitored(monitored);
  for (auto& d : detectors_) d->reconfigure(monitored);

  // Each route held, announced again by its peer at the current data time. The table is
  // not changed meanwhile: it already holds these routes.
  struct Held {
    Prefix prefix;
    PeerId peer;
    uint32_t path_id;
    std::shared_ptr<const RouteAttributes> attrs;
  };
  std::vector<Held> held;
  std::unordered_map<const void*, std::shared_ptr<const RouteAttributes>> attrs_of;
  table_.for_each_route([&](const Prefix& prefix, const RouteTable::Route& r) {
    // The table keeps a route's AS path only: attributes beyond it (OTC, communities) are
    // judged again at the peer's next update.
    auto& attrs = attrs_of[r.interned];
    if (!attrs) {
      auto a = std::make_shared<RouteAttributes>();
      a->as_path = r.path();
      attrs = std::move(a);
    }
    held.push_back(Held{prefix, r.peer, r.path_id, attrs});
  });
  const int64_t now = book_.now_us();
  for (const Held& h : held) {
    const EventPeer& p = table_.peers().peer(h.peer);
    Update u;
    u.time_us = now;
    u.source = p.source;
    u.peer_ip = p.ip;
    u.peer_asn = p.asn;
    u.kind = UpdateKind::kAnnounce;
    u.prefix = h.prefix;
    u.path_id = h.path_id;
    u.attrs = h.attrs;
    book_.begin_update(u, h.peer);
    for (auto& d : detectors_) d->on_update(u, book_);
    book_.end_update(table_.peers_up());
  }
  // A visibility loss is carried by peers without a route, so none was judged again: it
  // ends here when its prefix is no longer monitored.
  const MonitoredIndex& index = *monitored;
  book_.end_if([&](const Event& e) {
    if (e.type != AlertType::kVisibilityLoss) return false;
    const MonitoredPrefix* m = index.longest_match(e.monitored_prefix);
    return !m || m->prefix != e.monitored_prefix;
  });
  table_.prune_out_of_scope();
  end_batch();
}

}  // namespace bgpsentry
