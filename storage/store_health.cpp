#include "storage/store_health.h"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace bgpsentry {

void StoreHealth::add_listener(Listener listener) {
  std::lock_guard lock(mu_);
  listeners_.push_back(std::move(listener));
}

void StoreHealth::stop() {
  {
    std::lock_guard lock(mu_);
    if (!give_up_at_) give_up_at_ = clock_.steady() + kGraceAfterStop;
  }
  wake_.notify_all();
}

std::optional<StoreFailure> StoreHealth::failing() const {
  std::lock_guard lock(mu_);
  return spell_;
}

uint64_t StoreHealth::failed_writes() const {
  std::lock_guard lock(mu_);
  return failed_writes_;
}

void StoreHealth::failed(const std::string& what, const std::string& error) {
  std::optional<StoreFailure> started;
  std::vector<Listener> listeners;
  {
    std::lock_guard lock(mu_);
    ++failed_writes_;
    if (!spell_) {
      spell_ = StoreFailure{what, error, clock_.wall_us(), 0, 0};
      started = spell_;
      listeners = listeners_;
    }
    spell_->error = error;
    ++spell_->failures;
  }
  if (started) {
    spdlog::error("store: writes failing ({}): {}; held and retried", what, error);
    for (const auto& l : listeners) l(*started, false);
  }
}

void StoreHealth::succeeded() {
  std::optional<StoreFailure> ended;
  std::vector<Listener> listeners;
  {
    std::lock_guard lock(mu_);
    if (!spell_) return;
    ended = std::move(spell_);
    spell_.reset();
    ended->until_us = clock_.wall_us();
    listeners = listeners_;
  }
  spdlog::info("store: writes work again after {} failed attempts ({}s)", ended->failures,
               (ended->until_us - ended->since_us) / 1000000);
  for (const auto& l : listeners) l(*ended, true);
}

Status StoreHealth::retry(const std::string& what, const std::function<Status()>& write) {
  for (int attempt = 0;; ++attempt) {
    // The backoff counts from the attempt, so a thread slowed after it (or a test's clock
    // moved meanwhile) does not retry late.
    const auto attempted_at = clock_.steady();
    auto status = write();
    if (status) {
      succeeded();
      return status;
    }
    failed(what, status.error());
    // The first failure of a spell is logged by failed(); then every 100th attempt.
    if (attempt % 100 == 99) spdlog::error("{} (attempt {})", status.error(), attempt + 1);
    std::unique_lock lock(mu_);
    if (give_up_at_ && clock_.steady() >= *give_up_at_) {
      spdlog::error("store: {} given up at shutdown: {}", what, status.error());
      return status;
    }
    const auto backoff = std::chrono::milliseconds(10 << std::min(attempt, 6));
    // The backoff, cut short by a stop(): then once more at once, and no later than the
    // grace allows.
    const bool stopping = give_up_at_.has_value();
    const auto until =
        stopping ? std::min(attempted_at + backoff, *give_up_at_) : attempted_at + backoff;
    clock_.wait_until(wake_, lock, until, [&] { return !stopping && give_up_at_.has_value(); });
  }
}

}  // namespace bgpsentry
