// Fans stored alerts out to live subscribers (gRPC WatchAlerts streams). Each subscriber
// has its own bounded buffer: a slow one is marked lagging and catches up from the store,
// it never slows the engine.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "agent/alert/alert.h"

namespace bgpsentry {

class AlertSubscription {
 public:
  explicit AlertSubscription(size_t capacity) : capacity_(capacity) {}

  // Waits up to `timeout` for alerts and takes every one buffered, oldest first (none: none
  // came). Each is shared by every subscriber.
  std::vector<std::shared_ptr<const Alert>> pop(std::chrono::milliseconds timeout);
  // True (once) if alerts were dropped since the last call: re-read them from the store.
  bool take_overflow();

 private:
  friend class AlertHub;
  void push(const std::shared_ptr<const Alert>& alert);

  const size_t capacity_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::shared_ptr<const Alert>> buffer_;
  bool overflowed_ = false;
};

class AlertHub {
 public:
  explicit AlertHub(size_t buffer_per_subscriber = 4096) : capacity_(buffer_per_subscriber) {}
  std::shared_ptr<AlertSubscription> subscribe();
  void unsubscribe(const std::shared_ptr<AlertSubscription>& subscription);
  void publish(const Alert& alert);
  size_t subscribers() const;

 private:
  const size_t capacity_;
  mutable std::mutex mu_;
  std::vector<std::shared_ptr<AlertSubscription>> subscribers_;
};

}  // namespace bgpsentry
