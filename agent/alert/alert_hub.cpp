#include "agent/alert/alert_hub.h"

#include <algorithm>

namespace bgpsentry {

std::vector<std::shared_ptr<const Alert>> AlertSubscription::pop(
    std::chrono::milliseconds timeout) {
  std::vector<std::shared_ptr<const Alert>> out;
  std::unique_lock lock(mu_);
  if (!cv_.wait_for(lock, timeout, [&] { return !buffer_.empty() || overflowed_; })) return out;
  out.assign(std::make_move_iterator(buffer_.begin()), std::make_move_iterator(buffer_.end()));
  buffer_.clear();
  return out;
}

bool AlertSubscription::take_overflow() {
  std::lock_guard lock(mu_);
  if (!overflowed_) return false;
  overflowed_ = false;
  buffer_.clear();  // the store has all of these; the subscriber re-reads from there
  return true;
}

void AlertSubscription::push(const std::shared_ptr<const Alert>& alert) {
  std::lock_guard lock(mu_);
  if (buffer_.size() >= capacity_)
    overflowed_ = true;
  else
    buffer_.push_back(alert);
  // Only a subscriber with nothing left waits; one still writing takes the rest when done
  // (a wake-up per alert per stream cost the engine's core more than the alerts did).
  if (buffer_.size() <= 1) cv_.notify_one();
}

std::shared_ptr<AlertSubscription> AlertHub::subscribe() {
  auto s = std::make_shared<AlertSubscription>(capacity_);
  std::lock_guard lock(mu_);
  subscribers_.push_back(s);
  return s;
}

void AlertHub::unsubscribe(const std::shared_ptr<AlertSubscription>& subscription) {
  std::lock_guard lock(mu_);
  std::erase(subscribers_, subscription);
}

void AlertHub::publish(const Alert& alert) {
  // One copy for every subscriber: this runs on the engine's thread, whatever their number.
  auto shared = std::make_shared<const Alert>(alert);
  std::lock_guard lock(mu_);
  for (auto& s : subscribers_) s->push(shared);
}

size_t AlertHub::subscribers() const {
  std::lock_guard lock(mu_);
  return subscribers_.size();
}

}  // namespace bgpsentry
