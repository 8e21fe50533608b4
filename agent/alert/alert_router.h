// Where detectors' alerts go: stored first (ids assigned), then live subscribers and sinks.
#pragma once

#include <atomic>
#include <mutex>
#include <vector>

#include "agent/alert/alert_hub.h"
#include "agent/alert/sink_runner.h"
#include "agent/detect/detector.h"
#include "storage/alert_store.h"

namespace bgpsentry {

// Thread-safe: the engine and the feed events emit. One at a time, so that alerts reach
// streams in id order (a stream skips ids it has passed).
class AlertRouter : public AlertEmitter {
 public:
  AlertRouter(AlertStore& store, AlertHub& hub, std::vector<SinkRunner*> sinks);
  void emit(Alert alert) override;
  uint64_t emitted() const { return emitted_.load(); }

 private:
  AlertStore& store_;
  AlertHub& hub_;
  std::vector<SinkRunner*> sinks_;
  std::mutex mu_;
  std::atomic<uint64_t> emitted_{0};
};

}  // namespace bgpsentry
