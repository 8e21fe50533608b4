// The storage writer thread: drains the store queue into the HistoryStore, one atomic
// WriteBatch for the update batches waiting (their updates + source cursors).
#pragma once

#include <atomic>
#include <thread>

#include "agent/core/update_batch.h"
#include "storage/history_store.h"

namespace bgpsentry {

class StoreWriter {
 public:
  StoreWriter(BatchQueue& in, HistoryStore& history);
  ~StoreWriter();
  void start();
  // Returns once the queue is closed and drained.
  void join();
  uint64_t write_errors() const { return write_errors_.load(); }

 private:
  void run();
  BatchQueue& in_;
  HistoryStore& history_;
  std::atomic<uint64_t> write_errors_{0};
  std::thread thread_;
};

}  // namespace bgpsentry
