// The storage writer: drains the store queue into the HistoryStore, one atomic WriteBatch
// for the update batches waiting (their updates + source cursors). Two threads: one encodes
// a write while the other stores the previous one (RocksDB's memtable insertion is about
// half of the work), so a replay is not bound by one core doing both.
#pragma once

#include <atomic>
#include <memory>
#include <thread>

#include "agent/core/bounded_queue.h"
#include "agent/core/update_batch.h"
#include "storage/history_store.h"
#include "storage/store_health.h"

namespace bgpsentry {

class StoreWriter {
 public:
  // A failed write is retried through `health` (status sees the failure); one given up at
  // shutdown ends storing: the writes after it may refer to what it did not store.
  StoreWriter(BatchQueue& in, HistoryStore& history, StoreHealth& health);
  ~StoreWriter();
  void start();
  // Returns once the queue is closed and drained, and everything in it stored.
  void join();
  // Updates given up at shutdown while the store failed (re-read by file sources at the
  // next start, from their stored cursors).
  uint64_t abandoned() const { return abandoned_updates_.load(); }

 private:
  void encode();
  void store();
  BatchQueue& in_;
  HistoryStore& history_;
  StoreHealth& health_;
  std::atomic<bool> abandoned_{false};
  std::atomic<uint64_t> abandoned_updates_{0};
  // One write waits encoded while the previous one is stored: more would only hold memory.
  BoundedQueue<std::unique_ptr<PreparedWrite>> encoded_{1};
  std::thread encoder_, storer_;
};

}  // namespace bgpsentry
