#include "agent/alert/sink_runner.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <random>

#include "agent/core/parse_number.h"
#include "agent/core/thread_name.h"

namespace bgpsentry {

const char* to_string(SinkState state) {
  switch (state) {
    case SinkState::kOk:
      return "OK";
    case SinkState::kRetrying:
      return "RETRYING";
    case SinkState::kGaveUp:
      return "GAVE_UP";
  }
  return "?";
}

namespace {

std::string notice_source(const std::string& sink) {
  return "sink/" + sink;
}

}  // namespace

Alert sink_gave_up_alert(const SinkGaveUp& g, int64_t now_us) {
  Alert a;
  a.type = AlertType::kFeed;
  a.source = notice_source(g.sink);
  a.first_seen_us = a.last_seen_us = now_us;
  a.description =
      "sink " + g.sink + " gave up on " + std::to_string(g.count) + " alerts (ids " +
      std::to_string(g.first_id) + ".." + std::to_string(g.last_id) +
      ") after failing for too long; they stay stored (bgpctl alerts redeliver --sink " + g.sink +
      " --from-id " + std::to_string(g.first_id) + "). Last error: " + g.last_error;
  return a;
}

std::string SinkRunner::give_up_source() const {
  return notice_source(sink_->name());
}

SinkRunner::SinkRunner(std::unique_ptr<AlertSink> sink, AlertStore& alerts, MetaStore& meta,
                       SinkFilter filter, const Silences* silences, const Clock& clock)
    : sink_(std::move(sink)),
      filter_(std::move(filter)),
      silences_(silences),
      clock_(clock),
      alerts_(alerts),
      meta_(meta),
      key_prefix_("sink/" + sink_->name() + "/") {
  if (auto v = meta_.get(key_prefix_ + "acked")) {
    // Unreadable: deliver everything stored again (at least once beats never).
    if (auto id = parse_u64(*v))
      acked_ = *id;
    else
      spdlog::error("sink {}: delivery position '{}' unreadable; re-sending all alerts",
                    sink_->name(), *v);
  }
  position_saved_ = acked_;
  // A run of failures goes on across a restart: alerts are given up after give_up_after of
  // failures in all, not after give_up_after in each run.
  if (auto v = meta_.get(key_prefix_ + "failing_since"))
    if (auto since = parse_u64(*v)) {
      health_.failing_since_us = static_cast<int64_t>(*since);
      health_.state = SinkState::kRetrying;
    }
  if (auto v = meta_.get(key_prefix_ + "gave_up"))
    if (auto n = parse_u64(*v)) health_.gave_up = *n;
}

void SinkRunner::set_storm(std::optional<StormLimit> limit) {
  const StormLimit chosen = limit.value_or(sink_->default_storm());
  storm_ = StormGate(chosen, sink_->max_text_bytes());
}

void SinkRunner::set_give_up(std::chrono::seconds after,
                             std::function<void(const SinkGaveUp&)> announce) {
  give_up_after_ = after;
  announce_ = std::move(announce);
}

SinkHealth SinkRunner::health() const {
  std::lock_guard lock(mu_);
  return health_;
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
  // One last attempt to deliver, bounded: a slow receiver does not hold the agent's exit.
  sink_->stop_by(std::chrono::steady_clock::now() + kStopGrace);
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
  std::minstd_rand jitter(std::random_device{}());
  auto failed = [&] {
    ++failures_in_a_row;
    // 0.2 s doubling to 25.6 s, plus up to a quarter more at random: sinks (and agents)
    // that failed together do not all come back at the same instant.
    const int base_ms = 100 << std::min(failures_in_a_row, 8);
    const int extra_ms = static_cast<int>(jitter() % static_cast<unsigned>(base_ms / 4 + 1));
    retry_at = clock_.steady() + std::chrono::milliseconds(base_ms + extra_ms);
  };
  std::chrono::steady_clock::time_point last_read_at{};
  bool last_read_full = false;
  // Read up to here. Beyond acked_ only while storm control holds notices read after it.
  std::atomic<uint64_t>& read_pos = read_id_;
  read_pos = acked_.load();
  while (true) {
    {
      std::unique_lock lock(mu_);
      auto until = failures_in_a_row ? retry_at : clock_.steady() + std::chrono::milliseconds(1000);
      const auto digest_due = storm_.next_due();
      if (!failures_in_a_row && digest_due) until = std::min(until, *digest_due);
      // A failing sink waits out its backoff whatever comes in.
      clock_.wait_until(cv_, lock, until, [&] {
        return stopping_ || rewind_to_ ||
               (!failures_in_a_row &&
                (notifies_ != notifies_seen || (digest_due && clock_.steady() >= *digest_due) ||
                 (!read_nothing && !storm_.full() && alerts_.last_id() > read_pos)));
      });
      notifies_seen = notifies_;
      if (rewind_to_) {
        acked_ = *rewind_to_;
        rewind_to_.reset();
        save_position(acked_);
        storm_.forget_held();
        read_pos = acked_.load();
      }
      // On stop, one last attempt to deliver what is stored; a failing sink gives up (the
      // alerts stay in the store and are delivered after the restart), and so does one
      // holding a storm's notices (read again after the restart).
      if (stopping_ && (alerts_.last_id() <= read_pos || failures_in_a_row || read_nothing ||
                        storm_.holding())) {
        save_position_now();
        return;
      }
      read_nothing = false;
    }
    // While alerts trickle in fast, reads are at least kCoalesce apart, so that each takes
    // many: one fsync, one store read and one wake-up per batch instead of per alert. The
    // first alert after a quiet spell is read at once, and so is a backlog (the last read
    // was full). Real time on purpose: it shapes the work, not what is delivered, and a
    // test's clock must not hold it.
    const auto since_read = std::chrono::steady_clock::now() - last_read_at;
    if (!last_read_full && since_read < coalesce_)
      std::this_thread::sleep_for(coalesce_ - since_read);
    last_read_at = std::chrono::steady_clock::now();
    std::vector<Alert> batch;
    uint64_t last = read_pos;  // read up to here: what the sink does not want counts as done
    size_t read_count = 0;
    auto st = storm_.full() ? ok_status()
                            : alerts_.for_each_after(read_pos, kReadBatch, [&](const Alert& a) {
                                last = a.id;
                                ++read_count;
                                if (wanted(a)) batch.push_back(a);
                                return true;
                              });
    last_read_full = read_count == kReadBatch;
    if (!st) {
      spdlog::error("sink {}: {}", sink_->name(), st.error());
      failed();
      record_failure(st.error());
      continue;
    }
    const auto now = clock_.steady();
    const bool read_some = last != read_pos;
    read_pos = last;
    // Storm control: some notices go out one by one, the rest are held for digests.
    std::vector<Alert> out = storm_.admit(std::move(batch), now);
    const std::vector<Alert> digests = storm_.due_digests(now, clock_.wall_us());
    out.insert(out.end(), digests.begin(), digests.end());
    if (out.empty()) {
      if (read_some && !storm_.holding()) advance_to(last);  // all passed over
      if (!read_some) {
        read_nothing = true;
        save_position_now();  // idle: nothing left to send
      }
      continue;
    }
    Status delivered = ok_status();
    {
      std::lock_guard deliver(deliver_mu_);
      delivered = sink_->deliver(out);
    }
    if (!delivered) {
      {
        std::lock_guard lock(mu_);
        if (stopping_) {        // cut short by the stop: not the sink's failure; the rest after
          save_position_now();  // the restart
          return;
        }
      }
      failed();
      record_failure(delivered.error());
      // After retry_at and the error are set: a reader of failures() sees both.
      ++failures_;
      spdlog::warn("sink {}: delivery of alerts {}..{} failed, will retry: {}", sink_->name(),
                   out.front().id, out.back().id, delivered.error());
      // What storm control still holds beyond `out` is not given up with it; otherwise
      // what is stored beyond `out` and waited as long goes with it.
      give_up_on(out, storm_.holding() ? out.back().id : last, !storm_.holding(),
                 delivered.error());
      // Read again from the acknowledged position; what was held is judged again.
      storm_.forget_held();
      read_pos = acked_.load();
      continue;
    }
    failures_in_a_row = 0;
    record_success();
    storm_.delivered(out.size(), digests, clock_.steady());
    // Acknowledged up to the first notice still held (all that was read when none is).
    advance_to(storm_.holding() ? storm_.first_held_id() - 1 : last);
  }
}

void SinkRunner::advance_to(uint64_t id) {
  acked_ = id;
  if (clock_.steady() - position_saved_at_ >= std::chrono::seconds(1)) save_position_now();
}

void SinkRunner::save_position_now() {
  if (acked_ != position_saved_) save_position(acked_);
}

bool SinkRunner::save_position(uint64_t id) {
  position_saved_at_ = clock_.steady();  // a failed write too: retried a second later
  if (auto saved = meta_.put(key_prefix_ + "acked", std::to_string(id)); !saved) {
    spdlog::error("sink {}: {}", sink_->name(), saved.error());
    return false;
  }
  position_saved_ = id;
  return true;
}

void SinkRunner::record_failure(const std::string& error) {
  const int64_t now = clock_.wall_us();
  bool first = false;
  {
    std::lock_guard lock(mu_);
    health_.last_error = error;
    if (health_.state == SinkState::kOk) health_.state = SinkState::kRetrying;
    if (!health_.failing_since_us) {
      health_.failing_since_us = now;
      first = true;
    }
  }
  if (first) (void)meta_.put(key_prefix_ + "failing_since", std::to_string(now));
}

void SinkRunner::record_success() {
  {
    std::lock_guard lock(mu_);
    if (health_.state == SinkState::kOk && !health_.failing_since_us) return;
    health_.state = SinkState::kOk;
    health_.failing_since_us = 0;
  }
  (void)meta_.erase(key_prefix_ + "failing_since");
}

bool SinkRunner::wanted(const Alert& a) {
  if (!filter_.passes(a)) return false;
  if (a.type == AlertType::kFeed && a.source == give_up_source()) return false;
  if (silences_ && silences_->silenced(a, clock_.wall_us())) {
    ++silenced_;
    return false;
  }
  return true;
}

bool SinkRunner::give_up_on(const std::vector<Alert>& batch, uint64_t read_through,
                            bool sweep_stored, const std::string& error) {
  const int64_t now = clock_.wall_us();
  const int64_t wait_us =
      std::chrono::duration_cast<std::chrono::microseconds>(give_up_after_).count();
  SinkGaveUp gave_up;
  {
    std::lock_guard lock(mu_);
    if (now - health_.failing_since_us < wait_us) return false;
  }
  size_t n = 0;
  while (n < batch.size() && now - batch[n].raised_us >= wait_us) ++n;
  if (n == 0) return false;
  uint64_t through = n == batch.size() ? read_through : batch[n - 1].id;
  // The whole batch went: so does every stored alert after it that waited as long, in this
  // one step. Otherwise a day's backlog would be given up a batch per failed attempt, each
  // a timeout and a backoff apart, and announced as many times.
  if (n == batch.size() && sweep_stored) {
    bool reached_young = false;
    while (!reached_young) {
      size_t seen = 0;
      auto st = alerts_.for_each_after(through, kReadBatch, [&](const Alert& a) {
        ++seen;
        if (wanted(a)) {
          if (now - a.raised_us < wait_us) {
            reached_young = true;
            return false;
          }
          ++n;
        }
        through = a.id;
        return true;
      });
      if (!st) {
        spdlog::error("sink {}: {}", sink_->name(), st.error());
        break;
      }
      if (seen < kReadBatch) break;
    }
  }
  gave_up.sink = sink_->name();
  gave_up.first_id = acked_ + 1;
  gave_up.last_id = through;
  gave_up.count = n;
  gave_up.last_error = error;
  acked_ = gave_up.last_id;
  save_position(gave_up.last_id);
  uint64_t total;
  {
    std::lock_guard lock(mu_);
    health_.gave_up += n;
    health_.state = SinkState::kGaveUp;
    total = health_.gave_up;
  }
  (void)meta_.put(key_prefix_ + "gave_up", std::to_string(total));
  spdlog::error("sink {}: gave up on {} alerts ({}..{}) after {} s of failures: {}", sink_->name(),
                n, gave_up.first_id, gave_up.last_id, give_up_after_.count(), error);
  if (announce_) announce_(gave_up);
  return true;
}

Status SinkRunner::send_now(const Alert& alert) {
  std::lock_guard deliver(deliver_mu_);
  return sink_->deliver({alert});
}

uint64_t SinkRunner::redeliver_from(uint64_t from_id) {
  std::lock_guard lock(mu_);
  const uint64_t before = rewind_to_ ? *rewind_to_ : acked_.load();
  rewind_to_ = from_id ? from_id - 1 : 0;
  cv_.notify_one();
  return before;
}

}  // namespace bgpsentry
