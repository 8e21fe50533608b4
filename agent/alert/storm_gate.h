// Storm control for one sink: at most `max_messages` messages in any `per_seconds`. Notices
// go out one by one while the window has room (one message of it kept for a digest); past
// that they are held, and sent as digests that name every held event once the flood pauses
// (no new notice for per_seconds / max_messages) or has lasted per_seconds, then normal
// sending resumes. Held notices are not acknowledged until a digest naming them is
// delivered: a crash loses none (they are read again and judged again).
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <optional>
#include <vector>

#include "agent/config/config_sections.h"
#include "agent/model/alert.h"

namespace bgpsentry {

class StormGate {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;
  static constexpr size_t kMaxHeld = 10000;  // the runner stops reading beyond this

  // `max_digest_bytes`: the longest description one digest message may carry.
  StormGate(StormLimit limit, size_t max_digest_bytes);
  bool on() const { return limit_.on(); }
  bool holding() const { return !held_.empty(); }
  bool full() const { return held_.size() >= kMaxHeld; }
  uint64_t first_held_id() const { return held_.empty() ? 0 : held_.front().id; }

  // Alerts read (in id order): those that may go out one by one now; the rest are held.
  std::vector<Alert> admit(std::vector<Alert> alerts, TimePoint now);
  // Digests due now (each names a run of held notices; its id is the last one's), as many
  // as the window has room for.
  std::vector<Alert> due_digests(TimePoint now, int64_t wall_now_us);
  // When the next digest may be due (nullopt: nothing held).
  std::optional<TimePoint> next_due() const;
  // After a successful delivery of `messages` messages, `digests` among them.
  void delivered(size_t messages, const std::vector<Alert>& digests, TimePoint now);
  // After a failed delivery: held notices are dropped (they are read again).
  void forget_held() { held_.clear(); }

 private:
  size_t free_slots(TimePoint now);
  std::chrono::steady_clock::duration window() const;

  StormLimit limit_;
  size_t max_digest_bytes_;
  std::deque<TimePoint> sent_;  // send times within the window
  std::vector<Alert> held_;
  TimePoint hold_started_{}, last_held_{};
};

}  // namespace bgpsentry
