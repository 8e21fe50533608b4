#include "agent/alert/sink_runner.h"

#include <spdlog/spdlog.h>

#include <chrono>

#include "agent/core/parse_number.h"
#include "agent/core/thread_name.h"

namespace bgpsentry {

SinkRunner::SinkRunner(std::unique_ptr<AlertSink> sink, AlertStore& alerts, MetaStore& meta,
                       SinkFilter filter, const Silences* silences, const Clock& clock)
    : sink_(std::move(sink)),
      filter_(std::move(filter)),
      silences_(silences),
      clock_(clock),
      alerts_(alerts),
      meta_(meta),
      ack_key_("sink/" + sink_->name() + "/acked") {
  if (auto v = meta_.get(ack_key_)) {
    // Unreadable: deliver everything stored again (at least once beats never).
    if (auto id = parse_u64(*v))
      acked_ = *id;
    else
      spdlog::error("sink {}: delivery position '{}' unreadable; re-sending all alerts",
                    sink_->name(), *v);
  }
}

SinkRunner::~SinkRunner() {
  stop();
}

void SinkRunner::start() {
  thread_ = named_thread("bgps-sinks", [this] { run(); });
}

void SinkRunner::notify() {
  std::lock_guard lock(mu_);
  ++notifies_;
  cv_.notify_one();
}

void SinkRunner::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    cv_.notify_one();
  }
  if (thread_.joinable()) thread_.join();
}

void SinkRunner::run() {
  int failures_in_a_row = 0;
  // Set when a read found nothing after the acknowledged id: the next round waits for a
  // notify (or the timeout) instead of reading again at once, whatever last_id() says.
  bool read_nothing = false;
  uint64_t notifies_seen = 0;  // a notify after the last read means: read again
  // The backoff runs from the failure, not from when this thread next gets to wait: a
  // clock that moves in between (a slow machine, a test's clock) must not delay the retry.
  std::chrono::steady_clock::time_point retry_at{};
  auto failed = [&] {
    ++failures_in_a_row;
    retry_at = clock_.steady() + std::chrono::milliseconds(100 << std::min(failures_in_a_row, 8));
  };
  while (true) {
    {
      std::unique_lock lock(mu_);
      const auto until =
          failures_in_a_row ? retry_at : clock_.steady() + std::chrono::milliseconds(1000);
      // A failing sink waits out its backoff whatever comes in.
      clock_.wait_until(cv_, lock, until, [&] {
        return stopping_ || (!failures_in_a_row && (notifies_ != notifies_seen ||
                                                    (!read_nothing && alerts_.last_id() > acked_)));
      });
      notifies_seen = notifies_;
      // On stop, one last attempt to deliver what is stored; a failing sink gives up (the
      // alerts stay in the store and are delivered after the restart).
      if (stopping_ && (alerts_.last_id() <= acked_ || failures_in_a_row || read_nothing)) return;
      read_nothing = false;
    }
    std::vector<Alert> batch;
    uint64_t last = acked_;  // read up to here: what the sink does not want counts as done
    auto st = alerts_.for_each_after(acked_, 256, [&](const Alert& a) {
      last = a.id;
      if (!filter_.passes(a)) return true;
      if (silences_ && silences_->silenced(a, clock_.wall_us())) {
        ++silenced_;
        return true;
      }
      batch.push_back(a);
      return true;
    });
    if (!st) {
      spdlog::error("sink {}: {}", sink_->name(), st.error());
      failed();
      continue;
    }
    if (last == acked_) {
      read_nothing = true;
      continue;
    }
    Status delivered = ok_status();
    if (!batch.empty()) {
      std::lock_guard deliver(deliver_mu_);
      delivered = sink_->deliver(batch);
    }
    if (!delivered) {
      failed();
      ++failures_;  // after retry_at is set: a reader of failures() sees the backoff running
      spdlog::warn("sink {}: delivery of alerts {}..{} failed, will retry: {}", sink_->name(),
                   batch.front().id, batch.back().id, delivered.error());
      continue;
    }
    failures_in_a_row = 0;
    acked_ = last;
    if (auto saved = meta_.put(ack_key_, std::to_string(acked_.load())); !saved)
      spdlog::error("sink {}: {}", sink_->name(), saved.error());
  }
}

Status SinkRunner::send_now(const Alert& alert) {
  std::lock_guard deliver(deliver_mu_);
  return sink_->deliver({alert});
}

}  // namespace bgpsentry
