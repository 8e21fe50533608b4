// One WatchAlerts stream on gRPC's callback API: no thread per stream and no blocking write.
// The stream replays what it missed from the store, then sends what it takes from the hub's
// ring, one write in flight at a time. The engine only puts each alert into the ring; writes
// are started by the StreamPump thread and continued from each write's completion, so the
// pipeline never waits for a client.
#pragma once

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "agent/alert/alert_hub.h"
#include "agent/api/alert_filter.h"
#include "agent/api/alert_protos.h"
#include "agent/api/stream_guard.h"
#include "agent/config/prefixes_manager.h"
#include "storage/alert_store.h"

namespace bgpsentry {

class AlertStream;

// Starts the writes of streams that had nothing to send and now have, and of batches whose
// wait is over (batch_wait_ms): one thread for every stream, so that a published alert
// costs the engine an append, not a gRPC write per stream.
class StreamPump {
 public:
  StreamPump();
  ~StreamPump();
  using Clock = std::chrono::steady_clock;
  void schedule(std::shared_ptr<AlertStream> stream);
  // The same at `when` (a batch that waits for more alerts).
  void schedule_at(std::shared_ptr<AlertStream> stream, Clock::time_point when);

 private:
  struct Timer {
    Clock::time_point when;
    std::shared_ptr<AlertStream> stream;
    bool operator>(const Timer& o) const { return when > o.when; }
  };
  void run();

  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::shared_ptr<AlertStream>> queue_;
  std::vector<Timer> timers_;  // a min-heap by `when`
  bool timer_added_ = false;   // since the pump last looked at timers_
  bool stopping_ = false;
  std::thread thread_;
};

// What a stream reads from; outlives every stream (the service owns it).
struct AlertStreamBackends {
  AlertStore& store;
  AlertHub& hub;
  AlertProtos& protos;
  const PrefixesManager& prefixes;
  StreamPump& pump;
  const std::atomic<bool>& shutting_down;
};

class AlertStream final : public grpc::ServerWriteReactor<grpc::ByteBuffer>,
                          public std::enable_shared_from_this<AlertStream> {
 public:
  // How alerts are grouped into responses (WatchAlertsRequest max_batch, batch_wait_ms).
  struct Batching {
    uint32_t max_batch = 0;             // 0 or 1: one alert per response, in `alert`
    std::chrono::milliseconds wait{0};  // how long a batch may wait for more
  };

  // Starts the stream: subscribes, then replays after `from_id` (none: live only). The
  // stream keeps itself alive until gRPC is done with it.
  static AlertStream* open(const AlertStreamBackends& backends, StreamGuard::Ticket ticket,
                           AlertFilter filter, std::optional<uint64_t> from_id, Batching batching);

  AlertStream(const AlertStreamBackends& backends, StreamGuard::Ticket ticket, AlertFilter filter,
              uint64_t last_sent, bool replay, Batching batching);

  // Sends what is waiting if no write is in flight (the pump, and the hub through it).
  void send_more();

  void OnWriteDone(bool ok) override;
  void OnCancel() override;
  void OnDone() override;

 private:
  // Under mu_: fills out_ from the store (catching up) or from the subscription.
  void fill();
  // Under mu_: takes what the subscription holds, or starts catching up if it fell behind.
  void take_live();
  // With mu_ held and no write in flight: starts the next write, or ends the stream if it
  // was cancelled, failed or the agent stops; releases the lock.
  void write_or_finish(std::unique_lock<std::mutex> lock);
  // Under mu_: queues the alert's response unless already sent or filtered out.
  void take(const Alert& alert);
  // Under mu_: the next response, of the alerts at the front of out_; sets in_flight_.
  const grpc::ByteBuffer* next_message();
  // Under mu_: when the waiting batch is to go (batching_.wait after its first alert).
  StreamPump::Clock::time_point batch_due() const { return waiting_since_ + batching_.wait; }
  // Under mu_, with alerts waiting: whether the batch waits for more (batching_.wait).
  bool batch_waits();
  // Under mu_: a batch is waiting for more, and what came meanwhile does not fill it.
  bool still_waiting();

  const AlertStreamBackends backends_;
  std::optional<StreamGuard::Ticket> ticket_;  // released in OnDone
  const AlertFilter filter_;
  const Batching batching_;
  std::shared_ptr<AlertSubscription> subscription_;
  std::shared_ptr<AlertStream> self_;  // until OnDone

  std::mutex mu_;
  uint64_t last_sent_;  // the newest id taken (sent or filtered out)
  bool catching_up_;    // replaying from the store before taking from the hub
  std::deque<std::shared_ptr<const AlertMessage>> out_;  // front: in flight if writing_
  size_t in_flight_ = 0;                                 // alerts of out_ in the write in flight
  AlertSubscription::Alerts live_;               // taken from the subscription (kept: its capacity)
  grpc::ByteBuffer batch_;                       // the batch in flight
  StreamPump::Clock::time_point waiting_since_;  // when the first alert not in flight was taken
  bool wake_scheduled_ = false;  // the pump will call send_more when the batch is due
  bool writing_ = false;
  bool finished_ = false;
  bool cancelled_ = false;
  std::optional<grpc::Status> error_;  // a store read failed: the stream ends with it
};

// A stream refused before it starts: it ends at once with `status`.
class RefusedStream final : public grpc::ServerWriteReactor<grpc::ByteBuffer> {
 public:
  explicit RefusedStream(const grpc::Status& status) { Finish(status); }
  void OnDone() override { delete this; }
};

}  // namespace bgpsentry
