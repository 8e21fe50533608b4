// Delivers stored alerts to one sink from its own thread, at least once: the position of
// the last acknowledged alert is kept in the MetaStore, so a restart re-sends what a crash
// left undelivered, and a failing sink is retried with backoff without blocking the engine.
#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "agent/alert/alert_sink.h"
#include "agent/alert/silences.h"
#include "agent/alert/sink_filter.h"
#include "agent/core/clock.h"
#include "storage/alert_store.h"
#include "storage/meta_store.h"

namespace bgpsentry {

class SinkRunner {
 public:
  // Alerts `filter` does not pass, and those a silence matches (`silences` may be null),
  // are passed over: read, never delivered.
  // Backoffs are waited out, and silences judged, on `clock`.
  SinkRunner(std::unique_ptr<AlertSink> sink, AlertStore& alerts, MetaStore& meta,
             SinkFilter filter = {}, const Silences* silences = nullptr,
             const Clock& clock = real_clock());
  ~SinkRunner();
  void start();
  void notify();  // new alerts are in the store
  // Delivers what is stored (unless the sink keeps failing), then stops.
  void stop();
  uint64_t delivered_id() const { return acked_.load(); }
  uint64_t failures() const { return failures_.load(); }
  uint64_t silenced() const { return silenced_.load(); }
  const std::string& name() const { return sink_->name(); }
  void reopen() { sink_->reopen(); }
  // Delivers `alert` now, outside the stored sequence (a test alert): the sink's answer.
  Status send_now(const Alert& alert);

 private:
  void run();
  std::unique_ptr<AlertSink> sink_;
  const SinkFilter filter_;
  const Silences* silences_;
  const Clock& clock_;
  std::mutex deliver_mu_;  // one delivery at a time: sinks need not be thread-safe
  AlertStore& alerts_;
  MetaStore& meta_;
  std::string ack_key_;
  std::atomic<uint64_t> acked_{0};
  std::atomic<uint64_t> failures_{0};
  std::atomic<uint64_t> silenced_{0};
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  uint64_t notifies_ = 0;  // notify() calls, under mu_
  std::thread thread_;
};

}  // namespace bgpsentry
