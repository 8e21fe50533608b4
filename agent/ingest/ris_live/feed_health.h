// Whether a live feed is delivering, as its source's status and FEED events tell it: an
// outage (disconnected, or connected with no message — not even a pong — for `stale_after`,
// or no update for the canary prefixes for `canary_every` + `canary_grace`) is a gap from
// when data stopped to when it came back; a spell of shed updates is one problem from the
// first shed batch to `overload_quiet` after the last. Each is reported to the FeedObserver
// when it starts and when it ends. Time comes from the Clock it is given, so a test moves it.
// One thread (the source's) calls it.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "agent/core/clock.h"
#include "agent/core/prefix.h"
#include "agent/core/update.h"
#include "agent/ingest/feed_observer.h"
#include "agent/ingest/source.h"

namespace bgpsentry {

struct FeedHealthOptions {
  std::string name;  // the source's: FEED events and logs
  std::chrono::milliseconds stale_after{60000};
  std::chrono::milliseconds overload_quiet{5000};  // a shedding spell ends after this quiet
  std::vector<Prefix> canary_prefixes;             // empty: no canary
  std::chrono::milliseconds canary_every{std::chrono::hours(2)};
  std::chrono::milliseconds canary_grace{std::chrono::minutes(15)};
  // When the last update a previous run stored was received: from then until the first
  // connection is a gap (the agent's downtime).
  std::optional<int64_t> resumed_from_us;
  std::vector<std::pair<int64_t, int64_t>> gaps_at_start;  // still to back-fill, shown
  FeedObserver* observer = nullptr;                        // may be null
  // Told of every gap that closed (back-fill); may be empty.
  std::function<void(int64_t from_us, int64_t to_us)> gap_closed;
};

class FeedHealth {
 public:
  FeedHealth(FeedHealthOptions options, SourceStatusBoard& board, const Clock& clock);

  void connected();
  // Lost or never made (`why`): an outage from the last message (or now, before any).
  void disconnected(const std::string& why);
  // A message came; returns when (the clock's wall time, µs).
  int64_t message();
  // The updates a message brought: the canary is listened for in them.
  void updates(const std::vector<Update>& updates);
  // `n` updates shed: `taken` of the two consumers (store, engine) took the batch.
  void shed(size_t n, int taken);
  // Looks for a quiet feed, a silent canary and the end of a shedding spell; true when the
  // feed should be asked whether it is there (a ping, answered by a message).
  bool check(bool connected);
  // How often check() should run.
  std::chrono::milliseconds check_every() const;
  int64_t last_message_us() const { return last_message_us_; }

 private:
  void record_downtime(int64_t from_us, int64_t to_us);
  void go_stale(int64_t since_us, const std::string& why);
  void back_to_connected(int64_t at_us, const std::string& how);
  void open_gap(int64_t from_us, const std::string& why);
  void close_gap(int64_t at_us, const std::string& how, bool report_anyway = false);
  void end_shedding_if_quiet(int64_t now_us);

  FeedHealthOptions options_;
  SourceStatusBoard& board_;
  const Clock& clock_;
  bool connected_once_ = false;
  bool stale_ = false;          // no message for stale_after
  bool canary_silent_ = false;  // no canary update for canary_every + canary_grace
  int64_t last_message_us_ = 0;
  int64_t last_ping_us_ = 0;
  int64_t canary_heard_us_ = 0;  // the last canary update, or the connection
  uint64_t shed_in_spell_ = 0;   // not 0: in a spell of shedding
  int64_t shed_since_us_ = 0, last_shed_us_ = 0;
};

}  // namespace bgpsentry
