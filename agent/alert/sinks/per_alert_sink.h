// A sink that hands alerts over one message each (syslog, webhooks, email). When a batch
// fails part-way, its retry starts at the alert that failed: the receiver does not get the
// ones before it twice (a crash in between still may: delivery is at least once).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <vector>

#include "agent/alert/alert_sink.h"

namespace bgpsentry {

class PerAlertSink : public AlertSink {
 public:
  void stop_by(std::chrono::steady_clock::time_point deadline) override { stop_by_ = deadline; }
  Status deliver(const std::vector<Alert>& alerts) final {
    for (const auto& alert : alerts) {
      if (alert.id && alert.id <= sent_through_) continue;  // sent before the batch failed
      // A slow receiver must not hold a stopping agent for a batch of timeouts.
      if (const auto by = stop_by_.load();
          by.time_since_epoch().count() && std::chrono::steady_clock::now() > by)
        return Error{"stopping: the rest is sent after the restart"};
      if (auto st = send(alert); !st) return st;
      if (alert.id) sent_through_ = alert.id;
    }
    // The retried batch is done: a re-delivery asked for later sends all again. A delivery
    // outside the stored sequence (a test alert, id 0) leaves a pending retry's memory be.
    if (!alerts.empty() && alerts.back().id >= sent_through_) sent_through_ = 0;
    return ok_status();
  }

 protected:
  virtual Status send(const Alert& alert) = 0;

 private:
  std::atomic<std::chrono::steady_clock::time_point> stop_by_{};
  uint64_t sent_through_ = 0;  // the last alert sent of a batch that has not succeeded yet
};

}  // namespace bgpsentry
