// Where detectors' alerts go: stored first (ids assigned), then live subscribers and sinks.
#pragma once

#include <array>
#include <atomic>
#include <mutex>
#include <vector>

#include "agent/alert/alert_hub.h"
#include "agent/alert/sink_runner.h"
#include "agent/model/alert_emitter.h"
#include "storage/alert_store.h"
#include "storage/store_health.h"

namespace bgpsentry {

// Thread-safe: the engine and the feed events emit. One at a time, so that alerts reach
// streams in id order (a stream skips ids it has passed).
class AlertRouter : public AlertEmitter {
 public:
  // A failed store write is retried through `health` (null: the router's own).
  AlertRouter(AlertStore& store, AlertHub& hub, std::vector<SinkRunner*> sinks,
              StoreHealth* health = nullptr);
  void emit(Alert alert) override;
  uint64_t emitted() const { return emitted_.load(); }
  uint64_t emitted(AlertType type, EventNotice notice) const {
    return by_type_[static_cast<size_t>(type)][static_cast<size_t>(notice)].load();
  }

 private:
  void deliver(const Alert& alert);  // under mu_, once stored

  AlertStore& store_;
  AlertHub& hub_;
  std::vector<SinkRunner*> sinks_;
  StoreHealth own_health_;
  StoreHealth& health_;
  std::mutex mu_;
  std::atomic<uint64_t> emitted_{0};
  // By type and notice (the metrics' alerts and events by type).
  static constexpr size_t kTypes = static_cast<size_t>(AlertType::kFeed) + 1;
  static constexpr size_t kNotices = static_cast<size_t>(EventNotice::kEnded) + 1;
  std::array<std::array<std::atomic<uint64_t>, kNotices>, kTypes> by_type_{};
};

}  // namespace bgpsentry
