// Back-fills the gaps of a live feed from MRT update archives (RIS's updates.*.gz of the
// same collectors): once a gap has closed and the archive covers it, the archived updates
// from within the gap go to the store and the engine, stamped with the collector's name as
// RIS Live stamps them. What the archive brings is judged by the monitored scope (what the
// subscriptions ask of RIS Live), or taken whole for a firehose subscription.
//
// The engine must not take an archived update for the current state of a route the live
// feed changed since: the back-fill comes minutes after the gap. So while a back-fill is
// due, the live feed's batches pass through here, and for each route (collector, peer,
// prefix, path id) the latest live update is kept; an archived update older than it goes to
// the engine followed by that live update again, so detection sees what happened in the
// gap and ends on the current state. One lock orders the live feed's batches and the
// back-fill's into the engine queue; the live side never waits on anything else.
//
// Peer state changes in the archive go to the store only: a session that went down in the
// gap would otherwise drop routes learnt since.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "agent/core/update_batch.h"

namespace bgpsentry {

struct BackfillArchive {
  std::string collector;           // as RIS Live names it ("rrc00")
  std::vector<std::string> paths;  // files, directories or globs of its update archives
};

struct GapBackfillOptions {
  std::string source;  // the live source's name (logs)
  std::vector<BackfillArchive> archives;
  // How long after a gap closes to wait for the archives to cover it (RIS publishes an
  // updates file some minutes after its five minutes end); then what is there is used.
  std::chrono::milliseconds wait{std::chrono::minutes(30)};
  std::chrono::milliseconds max_gap{std::chrono::hours(24)};  // longer gaps are not filled
  // What to take of the archive (the monitored scope); empty: everything. Called on the
  // back-fill's own thread only.
  std::function<bool(const Update&)> wanted;
  // How many updates like `u` (same_update) the store holds stamped within [from_us,
  // to_us]. Archives stamp whole seconds, so the first and last seconds of a gap hold
  // updates the live feed brought too: of the archived updates like `u` in such a second,
  // as many as the store holds are left out. May be empty (edge seconds then come twice).
  std::function<size_t(const Update& u, int64_t from_us, int64_t to_us)> stored;
  size_t batch_size = 4096;
  // The gaps due are kept in the store under this source cursor, so that a restart goes on
  // with them (`due_at_start`, read back by the agent); empty: not kept.
  std::string due_cursor_key;
  std::vector<std::pair<int64_t, int64_t>> due_at_start;  // (from_us, to_us)
  // Live routes remembered while a back-fill is due; past this the back-fill goes to the
  // store only (the engine could no longer tell archived from current state).
  size_t max_live_routes = 1 << 20;
};

// The gaps due as a cursor value ("FROM_US-TO_US,...") and back; unreadable parts are left
// out.
std::string backfill_due_text(const std::vector<std::pair<int64_t, int64_t>>& gaps);
std::vector<std::pair<int64_t, int64_t>> parse_backfill_due(std::string_view text);

// The same update for the back-fill: same collector's peer, prefix, path id, kind and AS path.
bool same_update(const Update& a, const Update& b);

// What became of one gap, for status.
struct BackfillOutcome {
  int64_t from_us = 0, to_us = 0;
  std::string state;     // waiting, running, done, partial, skipped, failed
  uint64_t updates = 0;  // archived updates stored
  std::string detail;
};

class GapBackfill {
 public:
  GapBackfill(GapBackfillOptions options, UpdateSinkQueues out);
  ~GapBackfill();
  GapBackfill(const GapBackfill&) = delete;
  GapBackfill& operator=(const GapBackfill&) = delete;

  void start();
  void request_stop();  // without waiting
  void stop();

  // The live source's thread: a gap of its feed closed.
  void gap_closed(int64_t from_us, int64_t to_us);
  // The live source's thread: hands a live batch on like UpdateSinkQueues::try_publish
  // (never blocks) and keeps what the back-fill needs of it.
  int publish_live(const BatchPtr& batch);

  // Any thread: the latest outcomes, oldest first.
  std::vector<BackfillOutcome> outcomes() const;

 private:
  // A route as the engine keys it: one collector's peer's path to a prefix.
  struct RouteKey {
    std::string collector;
    IpAddress peer;
    uint32_t peer_asn = 0;
    Prefix prefix;
    uint32_t path_id = 0;
    bool operator==(const RouteKey&) const = default;
  };
  struct RouteKeyHash {
    size_t operator()(const RouteKey& k) const;
  };
  static RouteKey key_of(const Update& u) {
    return {u.source, u.peer_ip, u.peer_asn, u.prefix, u.path_id};
  }

  struct Due {
    BackfillOutcome gap;
    std::chrono::steady_clock::time_point deadline;  // waits no longer for the archives
  };

  void run();
  void fill(BackfillOutcome& gap, bool covered);
  // When every archive has a file from after `to_us` (so the one holding it is complete).
  bool archives_cover(int64_t to_us) const;
  // Whether archived `u`, from an edge second of `gap`, is one the live feed brought and the
  // store holds; `left_out` holds those left out so far.
  bool received_live_before(const Update& u, const BackfillOutcome& gap,
                            std::vector<Update>& left_out) const;
  // False once the pipeline shut down.
  bool publish_archived(std::vector<Update>& updates, uint64_t& to_engine);
  // Waits until the wall clock reaches `wall_us`; false when stopped first.
  bool settle_until(int64_t wall_us);
  // Waits until the store has written what was published (the next gap's edges are judged
  // against it); false when stopped first.
  bool wait_until_stored();
  void set_outcome(const BackfillOutcome& gap);  // under mu_
  std::string due_text() const;                  // under mu_
  void persist_due(std::unique_lock<std::mutex>& lock);

  GapBackfillOptions options_;
  UpdateSinkQueues out_;
  std::thread thread_;

  mutable std::mutex mu_;  // the queue of gaps, the outcomes and the live routes
  std::condition_variable wake_;
  bool stopping_ = false;
  std::deque<Due> due_;
  std::optional<BackfillOutcome> filling_;  // the gap being filled
  std::string persisted_;                   // the due gaps as last stored
  std::deque<BackfillOutcome> outcomes_;
  // While a back-fill is due: the latest live update of each route since.
  bool remembering_ = false;
  bool too_many_routes_ = false;
  std::unordered_map<RouteKey, Update, RouteKeyHash> live_;
};

}  // namespace bgpsentry
