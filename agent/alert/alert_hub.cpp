#include "agent/alert/alert_hub.h"

#include <algorithm>

namespace bgpsentry {

std::optional<Alert> AlertSubscription::pop(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mu_);
  if (!cv_.wait_for(lock, timeout, [&] { return !buffer_.empty() || overflowed_; }))
    return std::nullopt;
  if (buffer_.empty()) return std::nullopt;
  Alert alert = std::move(buffer_.front());
  buffer_.pop_front();
  return alert;
}

bool AlertSubscription::take_overflow() {
  std::lock_guard lock(mu_);
  if (!overflowed_) return false;
  overflowed_ = false;
  buffer_.clear();  // the store has all of these; the subscriber re-reads from there
  return true;
}

void AlertSubscription::push(const Alert& alert) {
  std::lock_guard lock(mu_);
  if (buffer_.size() >= capacity_)
    overflowed_ = true;
  else
    buffer_.push_back(alert);
  cv_.notify_one();
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
  std::lock_guard lock(mu_);
  for (auto& s : subscribers_) s->push(alert);
}

size_t AlertHub::subscribers() const {
  std::lock_guard lock(mu_);
  return subscribers_.size();
}

}  // namespace bgpsentry
