// How the store's writes are going, shared by the writers that must not drop what they
// write (the history writer, the event book, the alert router): each runs a write that
// fails through retry(), which waits with backoff while the store fails (a full disk) and
// records the failure for status, so the failure is seen rather than retried silently.
// After stop(), a write that still fails past a short grace is given up: what it held was
// never acknowledged (sources re-read from their stored cursors), and the agent exits
// instead of retrying for minutes. Listeners hear when the store starts failing and when it
// works again, outside any lock.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "agent/core/clock.h"
#include "agent/core/result.h"

namespace bgpsentry {

struct StoreFailure {
  std::string what;   // the write that failed first ("history write", "alert", ...)
  std::string error;  // the store's last error
  int64_t since_us = 0, until_us = 0;  // wall clock; until_us 0 while it lasts
  uint64_t failures = 0;               // failed attempts in this spell
};

class StoreHealth {
 public:
  // Called with the spell when the store starts failing (`recovered` false) and when a
  // write succeeds again after it (`recovered` true, until_us set).
  using Listener = std::function<void(const StoreFailure& spell, bool recovered)>;

  // How long a failing write is still retried after stop().
  static constexpr std::chrono::seconds kGraceAfterStop{3};

  // Spells are stamped, backoffs and the grace waited out, on `clock`.
  explicit StoreHealth(const Clock& clock = real_clock()) : clock_(clock) {}

  void add_listener(Listener listener);
  // Runs `write` until it succeeds; after stop(), gives up once the grace is over and
  // returns the last error.
  Status retry(const std::string& what, const std::function<Status()>& write);
  // Retries end (those waiting wake at once); called when the agent stops.
  void stop();

  std::optional<StoreFailure> failing() const;  // the spell going on, if any
  uint64_t failed_writes() const;               // since start, every spell

 private:
  void failed(const std::string& what, const std::string& error);
  void succeeded();

  const Clock& clock_;
  mutable std::mutex mu_;
  std::condition_variable wake_;
  std::optional<StoreFailure> spell_;
  uint64_t failed_writes_ = 0;
  std::optional<std::chrono::steady_clock::time_point> give_up_at_;
  std::vector<Listener> listeners_;
};

}  // namespace bgpsentry
