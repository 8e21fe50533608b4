#include "agent/alert/alert_hub.h"

#include <algorithm>
#include <utility>

namespace bgpsentry {

bool AlertSubscription::take(Alerts& out) {
  std::lock_guard lock(hub_.mu_);
  const uint64_t head = hub_.head_;
  const size_t capacity = hub_.ring_.size();
  const bool kept = head - next_ <= capacity;
  if (kept)
    for (uint64_t n = next_; n < head; ++n) out.push_back(hub_.ring_[n % capacity]);
  next_ = head;
  hub_.arm(*this, head);
  return kept;
}

size_t AlertSubscription::size() {
  std::lock_guard lock(hub_.mu_);
  return hub_.head_ - next_;
}

void AlertSubscription::wake_at(size_t n) {
  std::lock_guard lock(hub_.mu_);
  // Called no later than when the ring is full: the next alert would push out its oldest.
  hub_.arm(*this, next_ + std::clamp<size_t>(n, 1, hub_.ring_.size()) - 1);
}

void AlertHub::arm(AlertSubscription& s, uint64_t seq) {
  if (s.wake_ == wakes_.end()) {
    s.wake_ = wakes_.emplace(seq, &s);
    return;
  }
  auto node = wakes_.extract(s.wake_);  // moved, not freed and allocated again
  node.key() = seq;
  s.wake_ = wakes_.insert(std::move(node));
}

std::shared_ptr<AlertSubscription> AlertHub::subscribe(std::function<void()> ready) {
  auto s = std::make_shared<AlertSubscription>(*this, std::move(ready));
  std::lock_guard lock(mu_);
  s->next_ = head_;
  s->wake_ = wakes_.end();
  arm(*s, head_);
  subscribers_.push_back(s);
  return s;
}

void AlertHub::unsubscribe(const std::shared_ptr<AlertSubscription>& subscription) {
  std::lock_guard lock(mu_);
  if (std::erase(subscribers_, subscription) == 0) return;
  if (subscription->wake_ != wakes_.end()) wakes_.erase(subscription->wake_);
  subscription->wake_ = wakes_.end();
}

void AlertHub::publish(const Alert& alert) {
  // One copy for every subscriber: this runs on the engine's thread, whatever their number.
  auto shared = std::make_shared<const Alert>(alert);
  std::vector<std::shared_ptr<AlertSubscription>> due;
  std::shared_ptr<const Alert> pushed_out;  // freed outside the lock
  {
    std::lock_guard lock(mu_);
    const uint64_t seq = head_++;
    pushed_out = std::exchange(ring_[seq % ring_.size()], std::move(shared));
    for (auto it = wakes_.begin(); it != wakes_.end() && it->first <= seq; it = wakes_.erase(it)) {
      it->second->wake_ = wakes_.end();
      due.push_back(it->second->shared_from_this());
    }
  }
  for (auto& s : due) s->ready_();
}

void AlertHub::wake_all() {
  std::vector<std::shared_ptr<AlertSubscription>> all;
  {
    std::lock_guard lock(mu_);
    all = subscribers_;
  }
  for (auto& s : all) s->ready_();
}

size_t AlertHub::subscribers() const {
  std::lock_guard lock(mu_);
  return subscribers_.size();
}

}  // namespace bgpsentry
