// Alerts by increasing id. An alert is in the write-ahead log before any sink or stream sees
// it (a crash of the agent loses none), and on disk within milliseconds: a syncer thread
// fsyncs the log behind the appends, many alerts per fsync, so that an alert never waits for
// the disk (fsync stalls for tens of ms under ingest). So that a power loss between append
// and fsync can never make an id a client saw mean another alert, ids are reserved on disk
// (synced) a thousand at a time before they are handed out; after an unclean stop the next
// id follows the reservation, leaving a gap, never a reuse.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>

#include "agent/core/clock.h"
#include "agent/core/result.h"
#include "agent/model/alert.h"
#include "storage/database.h"

namespace bgpsentry {

class AlertStore {
 public:
  // Alerts are stamped with `clock`'s time as they are stored (Alert::raised_us).
  explicit AlertStore(Database& db, const Clock& clock = real_clock());
  // Syncs what is appended and releases the unused reservation (no gap after a clean stop).
  ~AlertStore();

  // Assigns the next id to `alert` and stores it durably.
  Status append(Alert& alert);
  std::optional<Alert> get(uint64_t id) const;
  // Calls fn for alerts with id > after_id in id order, at most `limit` (0: all);
  // stops early when fn returns false.
  Status for_each_after(uint64_t after_id, size_t limit,
                        const std::function<bool(const Alert&)>& fn) const;
  // The highest id stored (0: none). After an unclean stop the next id follows the
  // reservation, not this: readers wait for ids above it, which only a new alert brings.
  uint64_t last_id() const { return last_id_.load(); }

 private:
  Status reserve_through(uint64_t id);  // under append_mu_
  void sync_loop();

  Database& db_;
  const Clock& clock_;
  std::mutex append_mu_;
  std::atomic<uint64_t> last_id_{0};
  uint64_t next_id_ = 1;   // under append_mu_
  uint64_t reserved_ = 0;  // ids up to this may have been handed out
  std::mutex sync_mu_;
  std::condition_variable sync_cv_;
  bool unsynced_ = false, stopping_ = false;
  std::thread syncer_;
};

}  // namespace bgpsentry
