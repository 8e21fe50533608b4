#include "agent/detect/detection_pipeline.h"

namespace bgpsentry {

DetectionPipeline::DetectionPipeline(RouteTable& table,
                                     std::vector<std::unique_ptr<Detector>> detectors,
                                     EventBook& book)
    : table_(table), detectors_(std::move(detectors)), book_(book) {}

void DetectionPipeline::process(const Update& u) {
  const PeerId peer = table_.peers().id(u);
  book_.begin_update(u, peer);
  for (auto& d : detectors_) d->on_update(u, book_);
  const bool went_down = table_.apply(u, peer);
  book_.end_update(table_.peers_up());
  if (went_down) book_.peer_down(peer, u.time_us);
}

}  // namespace bgpsentry
