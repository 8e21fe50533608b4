// Delivers stored alerts to one sink from its own thread, at least once: the position of
// the last acknowledged alert is kept in the MetaStore, so a restart re-sends what a crash
// left undelivered, and a failing sink is retried with backoff without blocking the engine.
// Alerts that have waited `give_up_after` on a sink that keeps failing are given up there
// (counted, announced through the other sinks); an operator can send alerts again from an
// id (redeliver).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "agent/alert/alert_sink.h"
#include "agent/alert/silences.h"
#include "agent/alert/sink_filter.h"
#include "agent/alert/sink_health.h"
#include "agent/alert/storm_gate.h"
#include "agent/core/clock.h"
#include "storage/alert_store.h"
#include "storage/meta_store.h"

namespace bgpsentry {

// What a sink gave up on, to be told through the other sinks.
struct SinkGaveUp {
  std::string sink;
  uint64_t first_id = 0, last_id = 0;  // the range given up (filtered-out ids within it too)
  uint64_t count = 0;                  // alerts in it that were for this sink
  std::string last_error;
};

// The FEED alert that tells the other sinks (source "sink/<name>") what one gave up on.
Alert sink_gave_up_alert(const SinkGaveUp& gave_up, int64_t now_us);

class SinkRunner {
 public:
  static constexpr std::chrono::seconds kDefaultGiveUpAfter{86400};
  static constexpr std::chrono::milliseconds kCoalesce{100};  // between reads under a flood
  static constexpr size_t kReadBatch = 256;                   // alerts per read
  static constexpr std::chrono::seconds kStopGrace{5};        // last delivery at stop

  // Alerts `filter` does not pass, and those a silence matches (`silences` may be null),
  // are passed over: read, never delivered.
  // Backoffs are waited out, silences judged and waits for give-up counted on `clock`.
  SinkRunner(std::unique_ptr<AlertSink> sink, AlertStore& alerts, MetaStore& meta,
             SinkFilter filter = {}, const Silences* silences = nullptr,
             const Clock& clock = real_clock());
  ~SinkRunner();
  // Before start(): alerts that waited `after` (from when they were raised, and at least
  // that long of failures in a row) are given up, and `announce` is told (on this runner's
  // thread). The runner passes over its own announcements (a FEED alert from source
  // give_up_source()).
  void set_give_up(std::chrono::seconds after, std::function<void(const SinkGaveUp&)> announce);
  // Before start(): the storm limit (unset: the sink's own default; off: {0, 0}).
  void set_storm(std::optional<StormLimit> limit);
  // Before start(): the least real time between reads while alerts trickle in (default
  // kCoalesce; 0: read at every notify). Tests that drive a ManualClock by hand set 0.
  void set_coalesce(std::chrono::milliseconds coalesce) { coalesce_ = coalesce; }
  void start();
  void notify();  // new alerts are in the store
  // Delivers what is stored (unless the sink keeps failing), then stops.
  void stop();
  uint64_t delivered_id() const { return acked_.load(); }
  // Read up to here: beyond delivered_id() by what storm control holds.
  uint64_t read_id() const { return read_id_.load(); }
  uint64_t failures() const { return failures_.load(); }
  uint64_t silenced() const { return silenced_.load(); }
  SinkHealth health() const;
  const std::string& name() const { return sink_->name(); }
  std::string give_up_source() const;
  void reopen() { sink_->reopen(); }
  // Delivers `alert` now, outside the stored sequence (a test alert): the sink's answer.
  Status send_now(const Alert& alert);
  // Sends every stored alert from `from_id` on again (the sink's filters still apply);
  // returns the delivered-to id it replaced. Applied before the runner's next read.
  uint64_t redeliver_from(uint64_t from_id);

 private:
  void run();
  // Whether `a` is for this sink: its filter passes it, no silence matches it (counted),
  // and it is not the runner's own give-up announcement.
  bool wanted(const Alert& a);
  // The alerts at the head of a failed `batch` that have waited long enough are given up:
  // the position moves past them (and, with `sweep_stored`, past every stored alert after
  // the batch that waited as long). True when it did.
  bool give_up_on(const std::vector<Alert>& batch, uint64_t read_through, bool sweep_stored,
                  const std::string& error);
  void record_failure(const std::string& error);
  void record_success();
  bool save_position(uint64_t id);  // now
  // The position moves on; it is saved at most once a second while alerts flow, and
  // whenever the runner goes idle or stops: a crash re-sends at most the last second's
  // alerts (at least once), and a flood costs the store one small write a second per sink
  // instead of one per batch, which contended with the history writer.
  void advance_to(uint64_t id);
  void save_position_now();

  std::unique_ptr<AlertSink> sink_;
  const SinkFilter filter_;
  const Silences* silences_;
  const Clock& clock_;
  std::mutex deliver_mu_;  // one delivery at a time: sinks need not be thread-safe
  AlertStore& alerts_;
  MetaStore& meta_;
  const std::string key_prefix_;  // "sink/<name>/"
  std::atomic<uint64_t> acked_{0};
  std::atomic<uint64_t> read_id_{0};
  std::atomic<uint64_t> failures_{0};
  std::atomic<uint64_t> silenced_{0};
  std::chrono::seconds give_up_after_ = kDefaultGiveUpAfter;
  std::function<void(const SinkGaveUp&)> announce_;
  StormGate storm_{StormLimit{}, 0};  // the runner's thread only
  std::chrono::milliseconds coalesce_ = kCoalesce;
  uint64_t position_saved_ = 0;  // the runner's thread only
  std::chrono::steady_clock::time_point position_saved_at_{};
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  uint64_t notifies_ = 0;              // notify() calls, under mu_
  std::optional<uint64_t> rewind_to_;  // a redeliver's new position, under mu_
  SinkHealth health_;                  // under mu_
  std::thread thread_;
};

}  // namespace bgpsentry
