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

namespace bgpsentry {

class StoreWriter {
 public:
  StoreWriter(BatchQueue& in, HistoryStore& history);
  ~StoreWriter();
  void start();
  // Returns once the queue is closed and drained, and everything in it stored.
  void join();
  uint64_t write_errors() const { return write_errors_.load(); }

 private:
  void encode();
  void store();
  BatchQueue& in_;
  HistoryStore& history_;
  // One write waits encoded while the previous one is stored: more would only hold memory.
  BoundedQueue<std::unique_ptr<PreparedWrite>> encoded_{1};
  std::atomic<uint64_t> write_errors_{0};
  std::thread encoder_, storer_;
};

}  // namespace bgpsentry
