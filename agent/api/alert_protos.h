// The WatchAlerts response of each recent alert, built and serialized once and shared by
// every stream that sends it: with hundreds of streams, converting an alert per stream cost
// more than the writes. Keeps the newest `capacity` alerts by id; older ones (a replay from the
// store) are built for each stream. Thread-safe.
#pragma once

#include <grpcpp/support/byte_buffer.h>

#include <map>
#include <memory>
#include <mutex>

#include "agent/alert/alert.h"
#include "agent/wire/proto_convert.h"
#include "bgpsentry/v1/alert.pb.h"

namespace bgpsentry {

class AlertProtos {
 public:
  explicit AlertProtos(size_t capacity = 4096) : capacity_(capacity) {}

  std::shared_ptr<const grpc::ByteBuffer> get(const Alert& alert) {
    {
      std::lock_guard lock(mu_);
      if (auto it = by_id_.find(alert.id); it != by_id_.end()) return it->second;
    }
    v1::WatchAlertsResponse response;
    *response.mutable_alert() = wire::to_proto(alert);
    const std::string bytes = response.SerializeAsString();
    grpc::Slice slice(bytes);
    // Copies of a ByteBuffer share its slices: one serialization for every stream.
    auto built = std::make_shared<const grpc::ByteBuffer>(&slice, 1);
    std::lock_guard lock(mu_);
    // Only the newest are kept: an old alert a stream replays from the store does not push
    // out the live ones every stream is about to send.
    if (by_id_.size() == capacity_ && alert.id < by_id_.begin()->first) return built;
    by_id_.emplace(alert.id, built);
    if (by_id_.size() > capacity_) by_id_.erase(by_id_.begin());
    return built;
  }

 private:
  const size_t capacity_;
  std::mutex mu_;
  std::map<uint64_t, std::shared_ptr<const grpc::ByteBuffer>> by_id_;  // by alert id
};

}  // namespace bgpsentry
