#include "agent/alert/alert_hub.h"

#include <algorithm>

namespace bgpsentry {

std::vector<std::shared_ptr<const Alert>> AlertSubscription::take() {
  std::lock_guard lock(mu_);
  std::vector<std::shared_ptr<const Alert>> out(std::make_move_iterator(buffer_.begin()),
                                                std::make_move_iterator(buffer_.end()));
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

size_t AlertSubscription::size() {
  std::lock_guard lock(mu_);
  return buffer_.size();
}

void AlertSubscription::wake_at(size_t n) {
  std::lock_guard lock(mu_);
  wake_at_ = n;
}

void AlertSubscription::push(const std::shared_ptr<const Alert>& alert) {
  bool call = false;
  {
    std::lock_guard lock(mu_);
    if (buffer_.size() >= capacity_) {
      call = !overflowed_;
      overflowed_ = true;
    } else {
      buffer_.push_back(alert);
      // Only a subscriber with nothing left is called; one still busy takes the rest when
      // done (a call per alert per stream cost the engine's core more than the alerts did).
      call = (buffer_.size() == 1 || buffer_.size() == wake_at_) && !overflowed_;
    }
  }
  if (call) ready_();
}

std::shared_ptr<AlertSubscription> AlertHub::subscribe(std::function<void()> ready) {
  auto s = std::make_shared<AlertSubscription>(capacity_, std::move(ready));
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

void AlertHub::wake_all() {
  std::lock_guard lock(mu_);
  for (auto& s : subscribers_) s->ready_();
}

size_t AlertHub::subscribers() const {
  std::lock_guard lock(mu_);
  return subscribers_.size();
}

}  // namespace bgpsentry
