// The WatchAlerts response of each recent alert, built once and shared by every stream that
// sends it: with hundreds of streams, converting an alert per stream cost more than the
// writes. Keeps the newest `capacity` alerts; older ones (a replay from the store) are built
// again. Thread-safe.
#pragma once

#include <deque>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "agent/alert/alert.h"
#include "agent/wire/proto_convert.h"
#include "bgpsentry/v1/alert.pb.h"

namespace bgpsentry {

class AlertProtos {
 public:
  explicit AlertProtos(size_t capacity = 4096) : capacity_(capacity) {}

  std::shared_ptr<const v1::WatchAlertsResponse> get(const Alert& alert) {
    {
      std::lock_guard lock(mu_);
      if (auto it = by_id_.find(alert.id); it != by_id_.end()) return it->second;
    }
    auto built = std::make_shared<v1::WatchAlertsResponse>();
    *built->mutable_alert() = wire::to_proto(alert);
    std::lock_guard lock(mu_);
    if (by_id_.emplace(alert.id, built).second) {
      order_.push_back(alert.id);
      if (order_.size() > capacity_) {
        by_id_.erase(order_.front());
        order_.pop_front();
      }
    }
    return built;
  }

 private:
  const size_t capacity_;
  std::mutex mu_;
  std::unordered_map<uint64_t, std::shared_ptr<const v1::WatchAlertsResponse>> by_id_;
  std::deque<uint64_t> order_;
};

}  // namespace bgpsentry
