// The WatchAlerts responses of each recent alert, built and serialized once and shared by
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

// One alert as a stream sends it, alone or in a batch.
struct AlertMessage {
  grpc::ByteBuffer single;  // WatchAlertsResponse{alert}
  // WatchAlertsResponse{alerts: [alert]}: serialized messages concatenated are one message
  // whose repeated fields hold all their elements, so a batch is these slices end to end.
  grpc::Slice element;
};

class AlertProtos {
 public:
  explicit AlertProtos(size_t capacity = 4096) : capacity_(capacity) {}

  std::shared_ptr<const AlertMessage> get(const Alert& alert) {
    {
      std::lock_guard lock(mu_);
      if (auto it = by_id_.find(alert.id); it != by_id_.end()) return it->second;
    }
    v1::WatchAlertsResponse single;
    *single.mutable_alert() = wire::to_proto(alert);
    v1::WatchAlertsResponse element;
    *element.add_alerts() = single.alert();
    // Copies of a ByteBuffer or a Slice share the bytes: one serialization for every stream.
    grpc::Slice single_slice(single.SerializeAsString());
    auto built = std::make_shared<const AlertMessage>(
        AlertMessage{grpc::ByteBuffer(&single_slice, 1), grpc::Slice(element.SerializeAsString())});
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
  std::map<uint64_t, std::shared_ptr<const AlertMessage>> by_id_;  // by alert id
};

}  // namespace bgpsentry
