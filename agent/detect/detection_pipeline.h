// One update through detection: the detectors see it against the route table as it was
// before the update, the table then applies it, and the event book judges which events it
// supports or ends. Owned by the engine thread (also run directly by tests and benches).
#pragma once

#include <memory>
#include <vector>

#include "agent/detect/detection_watch.h"
#include "agent/detect/detector.h"
#include "agent/detect/route_table.h"
#include "agent/events/event_book.h"

namespace bgpsentry {

class DetectionPipeline {
 public:
  DetectionPipeline(RouteTable& table, std::vector<std::unique_ptr<Detector>> detectors,
                    EventBook& book);
  void process(const Update& u);
  // Applies `u` to the route table only: it was judged before (a batch read again after a
  // crash for the store, UpdateBatch::table_only).
  void apply_only(const Update& u);
  // Judges by `monitored` from now on (a config change): the routes held are judged again
  // under the new rules, so an event the change resolves (an origin now allowed, a prefix
  // no longer monitored) ends now and one it creates starts now, rather than at each
  // peer's next update. Then the routes the monitored space left are dropped.
  void reconfigure(const std::shared_ptr<const MonitoredIndex>& monitored);
  // After a batch of updates.
  void end_batch();
  // Which stage the engine is in (a monitor's name, "route_table", "events",
  // "reconfigure"), for a DetectionWatch on another thread.
  const DetectionProgress& progress() const { return progress_; }

 private:
  // Stages after the detectors' (detector i is stage i + 1).
  uint8_t table_stage() const { return static_cast<uint8_t>(detectors_.size() + 1); }
  uint8_t events_stage() const { return static_cast<uint8_t>(detectors_.size() + 2); }
  uint8_t reconfigure_stage() const { return static_cast<uint8_t>(detectors_.size() + 3); }

  RouteTable& table_;
  std::vector<std::unique_ptr<Detector>> detectors_;
  EventBook& book_;
  DetectionProgress progress_;
};

}  // namespace bgpsentry
