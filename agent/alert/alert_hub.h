// Fans stored alerts out to live subscribers (gRPC WatchAlerts streams). The hub keeps the
// newest alerts in one ring that every subscriber reads at its own position: publishing is
// one store into the ring whatever the number of subscribers, and a slow subscriber that
// falls a whole ring behind is told to catch up from the store; it never slows the engine.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "agent/model/alert.h"

namespace bgpsentry {

class AlertHub;

class AlertSubscription : public std::enable_shared_from_this<AlertSubscription> {
 public:
  using Alerts = std::vector<std::shared_ptr<const Alert>>;

  // `ready` is called (on the publisher's thread, so it must be quick) once per take: at the
  // first alert published after it, or where wake_at put it. A subscriber that is busy comes
  // back by itself and is not called per alert.
  AlertSubscription(AlertHub& hub, std::function<void()> ready)
      : hub_(hub), ready_(std::move(ready)) {}

  // Appends every alert published since the last take to `out`, oldest first (each shared by
  // every subscriber). False, with nothing appended, if the subscriber fell more than the
  // hub's capacity behind: those alerts are only in the store now, and the subscriber reads
  // them from there; the next take starts at the newest.
  bool take(Alerts& out);
  // How many alerts wait to be taken.
  size_t size();
  // Instead of at the next alert, `ready` is called when `n` wait (a batch waiting for more
  // is not called per alert, yet hears when it is full), or before they would be lost.
  void wake_at(size_t n);

 private:
  friend class AlertHub;
  AlertHub& hub_;
  const std::function<void()> ready_;
  // Under the hub's lock:
  uint64_t next_ = 0;  // the sequence number of the next alert to take
  std::multimap<uint64_t, AlertSubscription*>::iterator wake_;  // in the hub's wakes_, or end
};

class AlertHub {
 public:
  explicit AlertHub(size_t capacity = 4096) : ring_(capacity) {}
  std::shared_ptr<AlertSubscription> subscribe(std::function<void()> ready = [] {});
  void unsubscribe(const std::shared_ptr<AlertSubscription>& subscription);
  void publish(const Alert& alert);
  // Calls every subscriber's `ready` (at shutdown: they come, find the end, and leave).
  void wake_all();
  size_t subscribers() const;

 private:
  friend class AlertSubscription;
  // Under mu_: `s` is called when the alert numbered `seq` is published.
  void arm(AlertSubscription& s, uint64_t seq);

  mutable std::mutex mu_;
  std::vector<std::shared_ptr<const Alert>> ring_;  // alert number n at n % size
  uint64_t head_ = 0;                               // the number the next alert gets
  std::vector<std::shared_ptr<AlertSubscription>> subscribers_;
  std::multimap<uint64_t, AlertSubscription*> wakes_;  // who is called at which number
};

}  // namespace bgpsentry
