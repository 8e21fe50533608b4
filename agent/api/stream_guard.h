// Open WatchAlerts streams: at most `max_streams` at once (more get RESOURCE_EXHAUSTED), and
// a watchdog that cuts a stream whose client has taken nothing for `stall_limit` (its write
// held by flow control), so that a client that stopped reading does not hold its alerts and
// buffers for ever. A cut client resumes with from_id and loses nothing. The pipeline never
// waits for a stream either way: alerts reach streams through their own buffers.
#pragma once

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <list>
#include <mutex>
#include <optional>
#include <thread>

namespace bgpsentry {

class StreamGuard {
  struct Entry {
    explicit Entry(grpc::ServerContextBase* c) : context(c) {}
    grpc::ServerContextBase* context;
    // 0: not in a Write. Atomic: set around every Write without the guard's lock.
    std::atomic<int64_t> writing_since_us{0};
  };

 public:
  StreamGuard(size_t max_streams, std::chrono::milliseconds stall_limit);
  ~StreamGuard();

  // A stream's place while it is open.
  class Ticket {
   public:
    Ticket(StreamGuard& guard, std::list<Entry>::iterator entry) : guard_(&guard), entry_(entry) {}
    Ticket(Ticket&& other) noexcept : guard_(other.guard_), entry_(other.entry_) {
      other.guard_ = nullptr;
    }
    Ticket(const Ticket&) = delete;
    Ticket& operator=(const Ticket&) = delete;
    Ticket& operator=(Ticket&&) = delete;
    ~Ticket();
    // Around each Write of the stream.
    void writing();
    void written() { entry_->writing_since_us = 0; }

   private:
    StreamGuard* guard_;
    std::list<Entry>::iterator entry_;
  };

  // nullopt when `max_streams` are open.
  std::optional<Ticket> admit(grpc::ServerContextBase& context);
  size_t open() const;
  uint64_t cut() const { return cut_.load(); }

 private:
  void watch();

  const size_t max_streams_;
  const std::chrono::milliseconds stall_limit_;
  mutable std::mutex mu_;
  std::condition_variable stop_cv_;
  bool stopping_ = false;
  std::list<Entry> streams_;
  std::atomic<uint64_t> cut_{0};
  std::thread watchdog_;
};

}  // namespace bgpsentry
