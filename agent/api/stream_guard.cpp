#include "agent/api/stream_guard.h"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace bgpsentry {
namespace {

int64_t steady_us() {  // stalls are measured on a clock that does not jump
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

StreamGuard::StreamGuard(size_t max_streams, std::chrono::milliseconds stall_limit)
    : max_streams_(max_streams), stall_limit_(stall_limit), watchdog_([this] { watch(); }) {}

StreamGuard::~StreamGuard() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  stop_cv_.notify_all();
  watchdog_.join();
}

std::optional<StreamGuard::Ticket> StreamGuard::admit(grpc::ServerContextBase& context) {
  std::lock_guard lock(mu_);
  if (streams_.size() >= max_streams_) return std::nullopt;
  streams_.emplace_back(&context);
  return Ticket(*this, std::prev(streams_.end()));
}

size_t StreamGuard::open() const {
  std::lock_guard lock(mu_);
  return streams_.size();
}

StreamGuard::Ticket::~Ticket() {
  if (!guard_) return;
  // Under the lock: once it is gone the watchdog never touches the context again.
  std::lock_guard lock(guard_->mu_);
  guard_->streams_.erase(entry_);
}

void StreamGuard::Ticket::writing() {
  entry_->writing_since_us = steady_us();
}

void StreamGuard::watch() {
  const auto period = std::max(std::chrono::milliseconds(20), stall_limit_ / 4);
  const int64_t limit_us =
      std::chrono::duration_cast<std::chrono::microseconds>(stall_limit_).count();
  std::unique_lock lock(mu_);
  while (!stop_cv_.wait_for(lock, period, [this] { return stopping_; })) {
    const int64_t now = steady_us();
    for (auto& e : streams_) {
      int64_t since = e.writing_since_us;
      if (since == 0 || now - since < limit_us) continue;
      // Still that write (not one begun since): cut once.
      if (!e.writing_since_us.compare_exchange_strong(since, 0)) continue;
      spdlog::warn("alert stream from {} took nothing for {} s: cut (it resumes with from_id)",
                   e.context->peer(), limit_us / 1000000.0);
      e.context->TryCancel();
      ++cut_;
    }
  }
}

}  // namespace bgpsentry
