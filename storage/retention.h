// History retention by age and by size, enforced while ingest runs. Updates older than
// the cutoff are invisible to queries at once and removed from disk by RocksDB compaction
// (a compaction filter on the updates and origin index column families).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

#include "agent/core/result.h"
#include "storage/database.h"
#include "storage/history_store.h"

namespace bgpsentry {

struct RetentionPolicy {
  int64_t retention_days = 0;  // 0: keep forever
  uint64_t max_bytes = 0;      // 0: no size limit
};

class Retention {
 public:
  Retention(Database& db, const HistoryStore& history, RetentionPolicy policy);
  ~Retention();

  // Calls enforce() every `every` on a thread of its own, until stop().
  void start(std::chrono::seconds every);
  void stop();

  // Moves the cutoff forward if the policy asks for it and compacts what fell behind it.
  // Age is measured from the newest stored update (the store's "now": the wall clock for
  // live feeds, the replayed time for archives). Over max_bytes, the oldest tenth of the
  // stored time span (at least an hour) goes per call until the store fits.
  Status enforce();

 private:
  Database& db_;
  const HistoryStore& history_;
  RetentionPolicy policy_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace bgpsentry
