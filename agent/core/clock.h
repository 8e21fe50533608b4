// Time where it decides behaviour (staleness, retention, backoff), behind an interface:
// the agent runs on real_clock(); a test gives a ManualClock and advances it instead of
// sleeping. Data time (updates' own timestamps) needs neither: events run on it.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>

#include "agent/core/wall_clock.h"

namespace bgpsentry {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual int64_t wall_us() const = 0;                               // the system's time
  virtual std::chrono::steady_clock::time_point steady() const = 0;  // for intervals
  int64_t wall_s() const { return wall_us() / 1000000; }
  // Waits on `cv` (its `lock` held) until `done` holds or this clock's steady() reaches
  // `deadline`; returns done(). A thread that waits out a backoff or a period waits here,
  // so that a test's clock decides when the wait is over.
  virtual bool wait_until(std::condition_variable& cv, std::unique_lock<std::mutex>& lock,
                          std::chrono::steady_clock::time_point deadline,
                          const std::function<bool()>& done) const = 0;
  bool wait_for(std::condition_variable& cv, std::unique_lock<std::mutex>& lock,
                std::chrono::steady_clock::duration timeout,
                const std::function<bool()>& done) const {
    return wait_until(cv, lock, steady() + timeout, done);
  }
};

class RealClock final : public Clock {
 public:
  int64_t wall_us() const override { return wall_clock_us(); }
  std::chrono::steady_clock::time_point steady() const override {
    return std::chrono::steady_clock::now();
  }
  bool wait_until(std::condition_variable& cv, std::unique_lock<std::mutex>& lock,
                  std::chrono::steady_clock::time_point deadline,
                  const std::function<bool()>& done) const override {
    return cv.wait_until(lock, deadline, done);
  }
};

inline const Clock& real_clock() {
  static const RealClock clock;
  return clock;
}

// Starts at the real time and moves only when told; both readings move together.
class ManualClock final : public Clock {
 public:
  ManualClock() : wall_us_(wall_clock_us()), steady_us_(0) {}
  int64_t wall_us() const override { return wall_us_.load(); }
  std::chrono::steady_clock::time_point steady() const override {
    return std::chrono::steady_clock::time_point(std::chrono::microseconds(steady_us_.load()));
  }
  void advance(std::chrono::microseconds by) {
    wall_us_ += by.count();
    steady_us_ += by.count();
  }
  // Waits in real slices of a millisecond, looking at this clock's time between them: a
  // notify still ends the wait at once, and advance() within a millisecond.
  bool wait_until(std::condition_variable& cv, std::unique_lock<std::mutex>& lock,
                  std::chrono::steady_clock::time_point deadline,
                  const std::function<bool()>& done) const override {
    while (!done()) {
      if (steady() >= deadline) return false;
      cv.wait_for(lock, std::chrono::milliseconds(1));
    }
    return true;
  }

 private:
  std::atomic<int64_t> wall_us_, steady_us_;
};

}  // namespace bgpsentry
