// A bounded multi-producer/multi-consumer queue: the only way modules hand work across threads.
#pragma once

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <vector>

namespace bgpsentry {

// Every item counts one towards the capacity.
struct UnitWeight {
  template <typename T>
  size_t operator()(const T&) const {
    return 1;
  }
};

// `Weight` tells what an item counts towards the capacity (e.g. the updates of a batch, so
// that a queue holds as much work whether batches are big or small). An item heavier than
// the whole capacity still passes an empty queue.
template <typename T, typename Weight = UnitWeight>
class BoundedQueue {
 public:
  explicit BoundedQueue(size_t capacity) : BoundedQueue(capacity, capacity) {}
  // push() waits already at `blocking_capacity` (at most `capacity`): a producer that can
  // wait (a file replay) gains nothing from more room, which is left to those that cannot
  // (a live feed's bursts, try_push) and costs memory only while one lasts.
  BoundedQueue(size_t capacity, size_t blocking_capacity)
      : capacity_(capacity), blocking_capacity_(std::min(blocking_capacity, capacity)) {}

  // Blocks while full (backpressure for file replays). False once the queue is closed.
  bool push(T item) {
    std::unique_lock lock(mu_);
    const size_t w = Weight()(item);
    not_full_.wait(lock, [&] { return closed_ || fits(w, blocking_capacity_); });
    if (closed_) return false;
    used_ += w;
    items_.push_back(std::move(item));
    not_empty_.notify_one();
    return true;
  }

  // Never blocks (live feeds): false when full or closed; the caller counts the drop, and
  // so does the queue (refused()).
  bool try_push(T item) {
    std::lock_guard lock(mu_);
    const size_t w = Weight()(item);
    if (closed_) return false;
    if (!fits(w, capacity_)) {
      refused_ += w;
      return false;
    }
    used_ += w;
    items_.push_back(std::move(item));
    not_empty_.notify_one();
    return true;
  }

  // Blocks until the queue weighs at most `level` (a producer that yields to others: it
  // pushes only into a queue with room to spare). False once closed.
  bool wait_until_at_most(size_t level) {
    std::unique_lock lock(mu_);
    not_full_.wait(lock, [&] { return closed_ || used_ <= level; });
    return !closed_;
  }

  // Blocks until an item is available; nullopt once closed and drained.
  std::optional<T> pop() {
    std::unique_lock lock(mu_);
    not_empty_.wait(lock, [&] { return closed_ || !items_.empty(); });
    if (items_.empty()) return std::nullopt;
    T item = take_front();
    not_full_.notify_all();  // producers wait for different levels
    return item;
  }

  // Blocks until an item is available, then takes those waiting until they weigh
  // `max_weight` in all (the last may pass it; a consumer that works better on bigger
  // pieces); empty once closed and drained.
  std::vector<T> pop_up_to(size_t max_weight) {
    std::unique_lock lock(mu_);
    not_empty_.wait(lock, [&] { return closed_ || !items_.empty(); });
    std::vector<T> out = take_up_to(max_weight);
    not_full_.notify_all();
    return out;
  }

  // Never blocks: the items waiting now, until they weigh `max_weight` (none when none is).
  std::vector<T> try_pop_up_to(size_t max_weight) {
    std::lock_guard lock(mu_);
    std::vector<T> out = take_up_to(max_weight);
    if (!out.empty()) not_full_.notify_all();
    return out;
  }

  // Producers stop; consumers drain what is left, then see nullopt.
  void close() {
    std::lock_guard lock(mu_);
    closed_ = true;
    not_empty_.notify_all();
    not_full_.notify_all();
  }

  // In weight (items, unless weighed otherwise).
  size_t depth() const {
    std::lock_guard lock(mu_);
    return used_;
  }
  size_t capacity() const { return capacity_; }
  // In weight: what try_push refused because the queue was full, since it was made.
  uint64_t refused() const {
    std::lock_guard lock(mu_);
    return refused_;
  }

 private:
  bool fits(size_t w, size_t capacity) const { return items_.empty() || used_ + w <= capacity; }
  T take_front() {
    T item = std::move(items_.front());
    items_.pop_front();
    used_ -= Weight()(item);
    return item;
  }
  std::vector<T> take_up_to(size_t max_weight) {
    std::vector<T> out;
    for (size_t taken = 0; !items_.empty() && taken < max_weight;) {
      taken += Weight()(items_.front());
      out.push_back(take_front());
    }
    return out;
  }

  const size_t capacity_, blocking_capacity_;
  size_t used_ = 0;
  uint64_t refused_ = 0;
  mutable std::mutex mu_;
  std::condition_variable not_empty_, not_full_;
  std::deque<T> items_;
  bool closed_ = false;
};

}  // namespace bgpsentry
