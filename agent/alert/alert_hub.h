// Fans stored alerts out to live subscribers (gRPC WatchAlerts streams). Each subscriber
// has its own bounded buffer: a slow one is marked lagging and catches up from the store,
// it never slows the engine.
#pragma once

#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "agent/alert/alert.h"

namespace bgpsentry {

class AlertSubscription {
 public:
  // `ready` is called (on the publisher's thread, so it must be quick) when the buffer had
  // nothing and now has something, or has just overflowed: the subscriber comes to take.
  AlertSubscription(size_t capacity, std::function<void()> ready)
      : capacity_(capacity), ready_(std::move(ready)) {}

  // Every alert buffered, oldest first; each is shared by every subscriber.
  std::vector<std::shared_ptr<const Alert>> take();
  // True (once) if alerts were dropped since the last call: re-read them from the store.
  bool take_overflow();
  size_t size();
  // `ready` is also called when the buffer reaches `n` (0: never): a subscriber that lets
  // alerts gather (a batch waiting for more) is not called per alert, yet hears when a
  // full batch is there.
  void wake_at(size_t n);

 private:
  friend class AlertHub;
  void push(const std::shared_ptr<const Alert>& alert);

  const size_t capacity_;
  const std::function<void()> ready_;
  std::mutex mu_;
  std::deque<std::shared_ptr<const Alert>> buffer_;
  bool overflowed_ = false;
  size_t wake_at_ = 0;
};

class AlertHub {
 public:
  explicit AlertHub(size_t buffer_per_subscriber = 4096) : capacity_(buffer_per_subscriber) {}
  std::shared_ptr<AlertSubscription> subscribe(std::function<void()> ready = [] {});
  void unsubscribe(const std::shared_ptr<AlertSubscription>& subscription);
  void publish(const Alert& alert);
  // Calls every subscriber's `ready` (at shutdown: they come, find the end, and leave).
  void wake_all();
  size_t subscribers() const;

 private:
  const size_t capacity_;
  mutable std::mutex mu_;
  std::vector<std::shared_ptr<AlertSubscription>> subscribers_;
};

}  // namespace bgpsentry
