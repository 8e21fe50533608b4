#include "agent/api/alert_stream.h"

#include <grpc/slice.h>

#include <algorithm>
#include <cstring>
#include <functional>

namespace bgpsentry {
namespace {

// Alerts read from the store per step of a replay: a stream resuming far back neither holds
// its thread long nor buffers the whole history.
constexpr size_t kReplayChunk = 256;

// A batch stops growing past this, well under the 4 MiB gRPC clients accept by default.
constexpr size_t kMaxBatchBytes = 1 << 20;

const PrefixesConfig kNoPrefixes;

}  // namespace

StreamPump::StreamPump() : thread_([this] { run(); }) {}

StreamPump::~StreamPump() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_one();
  thread_.join();
}

void StreamPump::schedule(std::shared_ptr<AlertStream> stream) {
  bool was_empty;
  {
    std::lock_guard lock(mu_);
    was_empty = queue_.empty();
    queue_.push_back(std::move(stream));
  }
  if (was_empty) cv_.notify_one();  // a busy pump finds it when done with the others
}

void StreamPump::schedule_at(std::shared_ptr<AlertStream> stream, Clock::time_point when) {
  bool earliest;
  {
    std::lock_guard lock(mu_);
    // Only a timer due before the others changes the time the pump sleeps until. The
    // streams' waits are alike, so most are due after, and need not wake it.
    earliest = timers_.empty() || when < timers_.front().when;
    timers_.push_back(Timer{when, std::move(stream)});
    std::push_heap(timers_.begin(), timers_.end(), std::greater<>());
    timer_added_ = timer_added_ || earliest;
  }
  if (earliest) cv_.notify_one();
}

void StreamPump::run() {
  std::unique_lock lock(mu_);
  for (;;) {
    const auto ready = [this] { return stopping_ || !queue_.empty() || timer_added_; };
    if (timers_.empty())
      cv_.wait(lock, ready);
    else
      cv_.wait_until(lock, timers_.front().when, ready);
    if (stopping_) return;
    timer_added_ = false;
    std::vector<std::shared_ptr<AlertStream>> batch;
    batch.swap(queue_);
    for (const auto now = Clock::now(); !timers_.empty() && timers_.front().when <= now;) {
      std::pop_heap(timers_.begin(), timers_.end(), std::greater<>());
      batch.push_back(std::move(timers_.back().stream));
      timers_.pop_back();
    }
    lock.unlock();
    for (auto& stream : batch) stream->send_more();
    batch.clear();  // a stream that is done goes with its last reference, outside the lock
    lock.lock();
  }
}

AlertStream* AlertStream::open(const AlertStreamBackends& backends, StreamGuard::Ticket ticket,
                               AlertFilter filter, std::optional<uint64_t> from_id,
                               Batching batching) {
  auto stream = std::make_shared<AlertStream>(backends, std::move(ticket), std::move(filter),
                                              from_id.value_or(0), from_id.has_value(), batching);
  {
    // Locked: the hub may call before the subscription is in place.
    std::lock_guard lock(stream->mu_);
    stream->self_ = stream;
    // Subscribe first, then read the store: nothing published in between is missed, and
    // ids already sent are skipped.
    stream->subscription_ =
        backends.hub.subscribe([weak = std::weak_ptr<AlertStream>(stream), &pump = backends.pump] {
          if (auto s = weak.lock()) pump.schedule(std::move(s));
        });
    if (!from_id) stream->last_sent_ = backends.store.last_id();  // live only
  }
  stream->send_more();
  return stream.get();
}

AlertStream::AlertStream(const AlertStreamBackends& backends, StreamGuard::Ticket ticket,
                         AlertFilter filter, uint64_t last_sent, bool replay, Batching batching)
    : backends_(backends),
      ticket_(std::move(ticket)),
      filter_(std::move(filter)),
      batching_(batching),
      last_sent_(last_sent),
      catching_up_(replay) {}

void AlertStream::send_more() {
  std::unique_lock lock(mu_);
  if (writing_ || finished_) return;
  write_or_finish(std::move(lock));
}

void AlertStream::take(const Alert& alert) {
  if (alert.id <= last_sent_) return;
  last_sent_ = alert.id;
  // The group is judged by the monitored prefixes and ASNs in force now.
  if (!filter_.matches(alert, filter_.needs_config() ? *backends_.prefixes.current() : kNoPrefixes))
    return;
  out_.push_back(backends_.protos.get(alert));
  if (out_.size() == (writing_ ? in_flight_ : 0) + 1) waiting_since_ = StreamPump::Clock::now();
}

void AlertStream::take_live() {
  // Fallen a whole ring behind: what was pushed out is in the store, read it from there.
  if (!subscription_->take(live_)) catching_up_ = true;
  for (const auto& alert : live_) take(*alert);
  live_.clear();
}

void AlertStream::fill() {
  if (!catching_up_) take_live();
  while (catching_up_ && out_.empty()) {
    size_t read = 0;
    auto st = backends_.store.for_each_after(last_sent_, kReplayChunk, [&](const Alert& a) {
      ++read;
      take(a);
      return true;
    });
    if (!st) {
      error_ = grpc::Status(grpc::StatusCode::INTERNAL, st.error());
      return;
    }
    // Alerts from the store are late already: what is left of them after a full response
    // does not wait for more.
    if (read > 0) waiting_since_ = StreamPump::Clock::time_point::min();
    // Caught up with the store: everything newer is in the hub, subscribed before the reads.
    if (read < kReplayChunk) {
      catching_up_ = false;
      take_live();
    }
  }
}

const grpc::ByteBuffer* AlertStream::next_message() {
  if (batching_.max_batch <= 1) {
    in_flight_ = 1;
    return &out_.front()->single;
  }
  // Whatever waits, up to the limits: the batch is as large as the client is behind.
  size_t count = 0, bytes = 0;
  for (const auto& message : out_) {
    const size_t size = message->element.size();
    if (count == batching_.max_batch || (count > 0 && bytes + size > kMaxBatchBytes)) break;
    ++count;
    bytes += size;
  }
  // Copied end to end into one slice: cheaper than a slice per alert, each shared with
  // every other stream, counted in and out by gRPC at every step of the write.
  grpc_slice joined = grpc_slice_malloc(bytes);
  uint8_t* at = GRPC_SLICE_START_PTR(joined);
  for (size_t i = 0; i < count; ++i) {
    const std::string& element = out_[i]->element;
    std::memcpy(at, element.data(), element.size());
    at += element.size();
  }
  grpc::Slice slice(joined, grpc::Slice::STEAL_REF);
  in_flight_ = count;
  batch_ = grpc::ByteBuffer(&slice, 1);
  return &batch_;
}

void AlertStream::write_or_finish(std::unique_lock<std::mutex> lock) {
  // Topped up to a full response: a batch that waited takes what came meanwhile. While it
  // still waits, what the hub brings stays in the subscription, which calls again only when
  // a full batch is there: not a wake-up per alert and stream.
  if (!cancelled_ && !backends_.shutting_down && !error_ && !still_waiting() &&
      out_.size() < std::max<size_t>(batching_.max_batch, 1))
    fill();
  if (cancelled_ || backends_.shutting_down || error_) {
    finished_ = true;
    const grpc::Status status = error_       ? *error_
                                : cancelled_ ? grpc::Status::CANCELLED
                                             : grpc::Status::OK;
    lock.unlock();
    Finish(status);
    return;
  }
  if (out_.empty() || batch_waits()) return;  // idle until the hub has more, or the pump wakes it
  writing_ = true;
  wake_scheduled_ = false;
  const grpc::ByteBuffer* message = next_message();
  ticket_->writing();
  // Unlocked: gRPC may complete the write, and call OnWriteDone, before StartWrite returns.
  // No buffer_hint: on this API a corked write completes only when something flushes it, and
  // with one write in flight nothing would.
  lock.unlock();
  StartWrite(message);
}

bool AlertStream::batch_waits() {
  if (batching_.wait.count() == 0 || catching_up_ || out_.size() >= batching_.max_batch)
    return false;
  const auto due = batch_due();
  if (StreamPump::Clock::now() >= due) return false;
  if (!wake_scheduled_) {
    wake_scheduled_ = true;
    // The subscription (just emptied by fill) calls when what it holds fills the batch.
    subscription_->wake_at(batching_.max_batch - out_.size());
    backends_.pump.schedule_at(shared_from_this(), due);
  }
  return true;
}

bool AlertStream::still_waiting() {
  return wake_scheduled_ && StreamPump::Clock::now() < batch_due() &&
         out_.size() + subscription_->size() < batching_.max_batch;
}

void AlertStream::OnWriteDone(bool ok) {
  ticket_->written();
  std::unique_lock lock(mu_);
  writing_ = false;
  out_.erase(out_.begin(), out_.begin() + static_cast<ptrdiff_t>(in_flight_));
  if (!ok) cancelled_ = true;  // the client went away, or was cut for not reading
  write_or_finish(std::move(lock));
}

void AlertStream::OnCancel() {
  std::unique_lock lock(mu_);
  cancelled_ = true;
  // A write in flight completes (not ok) and finishes the stream from OnWriteDone.
  if (writing_ || finished_) return;
  write_or_finish(std::move(lock));
}

void AlertStream::OnDone() {
  backends_.hub.unsubscribe(subscription_);
  ticket_.reset();  // the watchdog lets go of the context before gRPC frees it
  self_.reset();    // may destroy this stream: the last thing done here
}

}  // namespace bgpsentry
