// The WatchAlerts responses of each recent alert, built and serialized once and shared by
// every stream that sends it: with hundreds of streams, converting an alert per stream cost
// more than the writes. Keeps the newest `capacity` alerts by id; older ones (a replay from the
// store) are built for each stream. Thread-safe.
#pragma once

#include <grpcpp/support/byte_buffer.h>

#include <memory>
#include <mutex>
#include <vector>

#include "agent/model/alert.h"
#include "agent/wire/proto_convert.h"
#include "bgpsentry/v1/alert.pb.h"

namespace bgpsentry {

// One alert as a stream sends it, alone or in a batch.
struct AlertMessage {
  grpc::ByteBuffer single;  // WatchAlertsResponse{alert}
  // WatchAlertsResponse{alerts: [alert]}: serialized messages concatenated are one message
  // whose repeated fields hold all their elements, so a batch is these end to end.
  std::string element;
};

class AlertProtos {
 public:
  explicit AlertProtos(size_t capacity = 4096) : slots_(capacity) {}

  std::shared_ptr<const AlertMessage> get(const Alert& alert) {
    // Ids are consecutive: the recent ones each have their own slot, found without a search.
    Slot& slot = slots_[alert.id % slots_.size()];
    {
      std::lock_guard lock(mu_);
      if (slot.id == alert.id && slot.message) return slot.message;
    }
    v1::WatchAlertsResponse single;
    *single.mutable_alert() = wire::to_proto(alert);
    v1::WatchAlertsResponse element;
    *element.add_alerts() = single.alert();
    // Copies of a ByteBuffer or a Slice share the bytes: one serialization for every stream.
    grpc::Slice single_slice(single.SerializeAsString());
    auto built = std::make_shared<const AlertMessage>(
        AlertMessage{grpc::ByteBuffer(&single_slice, 1), element.SerializeAsString()});
    std::lock_guard lock(mu_);
    // Only the newest are kept: an old alert a stream replays from the store does not push
    // out the live ones every stream is about to send.
    if (alert.id >= slot.id) {
      slot.id = alert.id;
      slot.message = built;
    }
    return built;
  }

 private:
  struct Slot {
    uint64_t id = 0;
    std::shared_ptr<const AlertMessage> message;
  };
  std::mutex mu_;
  std::vector<Slot> slots_;  // alert id n at n % size
};

}  // namespace bgpsentry
