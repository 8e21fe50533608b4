#include "agent/detect/detection_watch.h"

#include <spdlog/spdlog.h>

#include "agent/core/thread_name.h"

namespace bgpsentry {

DetectionWatch::DetectionWatch(const DetectionProgress& progress)
    : progress_(progress),
      busy_samples_(progress.stage_names().size() + 1),
      slow_(busy_samples_.size()),
      longest_ms_(busy_samples_.size()) {}

DetectionWatch::~DetectionWatch() {
  stop();
}

void DetectionWatch::start() {
  thread_ = named_thread("bgps-detect-wt", [this] { run(); });
}

void DetectionWatch::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void DetectionWatch::run() {
  std::unique_lock lock(mu_);
  while (!cv_.wait_for(lock, kPeriod, [&] { return stopping_; })) {
    lock.unlock();
    sample();
    lock.lock();
  }
}

void DetectionWatch::sample() {
  const uint64_t word = progress_.word();
  const size_t stage = word & 0xff;
  std::lock_guard lock(mu_);
  if (stage >= busy_samples_.size()) return;  // not a stage this watch knows
  if (word != last_word_) {
    end_stall();
    last_word_ = word;
  } else if (stage) {
    ++same_samples_;
  }
  if (!stage) return;
  ++busy_samples_[stage];
  ++all_busy_samples_;
  const uint64_t held_ms = same_samples_ * static_cast<uint64_t>(kPeriod.count());
  if (held_ms >= static_cast<uint64_t>(kSlow.count()) && !stall_logged_) {
    stall_logged_ = true;
    spdlog::warn("detection: stage {} has held the engine on one update for {} ms",
                 progress_.stage_names()[stage - 1], held_ms);
  }
}

void DetectionWatch::end_stall() {
  const size_t stage = last_word_ & 0xff;
  const uint64_t held_ms = same_samples_ * static_cast<uint64_t>(kPeriod.count());
  if (stage && held_ms >= static_cast<uint64_t>(kSlow.count())) {
    ++slow_[stage];
    longest_ms_[stage] = std::max(longest_ms_[stage], held_ms);
    spdlog::warn("detection: stage {} held the engine on one update for about {} ms",
                 progress_.stage_names()[stage - 1], held_ms);
  }
  same_samples_ = 0;
  stall_logged_ = false;
}

DetectionLoad DetectionWatch::load() const {
  std::lock_guard lock(mu_);
  DetectionLoad out;
  const auto& names = progress_.stage_names();
  for (size_t stage = 1; stage < busy_samples_.size(); ++stage) {
    StageLoad s;
    s.name = names[stage - 1];
    if (all_busy_samples_)
      s.busy_share =
          static_cast<double>(busy_samples_[stage]) / static_cast<double>(all_busy_samples_);
    s.slow_updates = slow_[stage];
    s.longest_ms = longest_ms_[stage];
    out.stages.push_back(std::move(s));
  }
  const size_t stage = last_word_ & 0xff;
  const uint64_t held_ms = same_samples_ * static_cast<uint64_t>(kPeriod.count());
  if (stage && held_ms >= static_cast<uint64_t>(kSlow.count())) {
    out.stalled_stage = names[stage - 1];
    out.stalled_ms = held_ms;
  }
  return out;
}

}  // namespace bgpsentry
