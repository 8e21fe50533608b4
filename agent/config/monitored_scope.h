// The monitored space for a thread other than the engine (the store writer, with
// history.scope: monitored): replaced from any thread when the config changes, asked on
// its owner thread, which builds an index of its own (an index caches answers: one per
// thread).
#pragma once

#include <atomic>
#include <memory>
#include <mutex>

#include "agent/config/monitored_index.h"

namespace bgpsentry {

class MonitoredScope {
 public:
  explicit MonitoredScope(std::shared_ptr<const PrefixesConfig> config)
      : index_(std::make_unique<MonitoredIndex>(std::move(config))) {}

  // Any thread: the owner uses `config` from its next question on.
  void set(std::shared_ptr<const PrefixesConfig> config) {
    std::lock_guard lock(mu_);
    pending_ = std::move(config);
    changed_.store(true, std::memory_order_release);
  }

  // The owner thread.
  bool covers(const Update& u) {
    if (changed_.load(std::memory_order_acquire)) {
      std::lock_guard lock(mu_);
      index_ = std::make_unique<MonitoredIndex>(std::move(pending_));
      changed_.store(false, std::memory_order_relaxed);
    }
    return index_->covers(u);
  }

 private:
  std::mutex mu_;
  std::shared_ptr<const PrefixesConfig> pending_;
  std::atomic<bool> changed_{false};
  std::unique_ptr<MonitoredIndex> index_;
};

}  // namespace bgpsentry
