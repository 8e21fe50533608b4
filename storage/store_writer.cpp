#include "storage/store_writer.h"

#include <spdlog/spdlog.h>

#include <chrono>

namespace bgpsentry {

StoreWriter::StoreWriter(BatchQueue& in, HistoryStore& history) : in_(in), history_(history) {}

StoreWriter::~StoreWriter() {
  join();
}

void StoreWriter::start() {
  thread_ = std::thread([this] { run(); });
}

void StoreWriter::join() {
  if (thread_.joinable()) thread_.join();
}

void StoreWriter::run() {
  // Several waiting batches go into one write: sorted together, their keys land closer in
  // RocksDB's memtable, and the per-write cost is paid once (the writer's time fell ~20%).
  constexpr size_t kBatchesPerWrite = 8;
  // A live feed hands on small batches every few milliseconds: more of those waiting join
  // the write, up to what 8 full replay batches hold, so its per-write cost is not paid per
  // small batch (under load the queue would fill and the feed shed).
  constexpr size_t kUpdatesPerWrite = 8 * 4096;
  for (;;) {
    // Declared in the loop: written batches are released before waiting for more (their
    // completion tokens tell sources the batches are stored).
    auto batches = in_.pop_up_to(kBatchesPerWrite);
    if (batches.empty()) break;
    size_t updates = 0;
    for (const auto& b : batches) updates += b->updates.size();
    while (updates < kUpdatesPerWrite) {
      auto more = in_.try_pop_up_to(kBatchesPerWrite);
      if (more.empty()) break;
      for (auto& b : more) {
        updates += b->updates.size();
        batches.push_back(std::move(b));
      }
    }
    // A failed write is retried: dropping it would lose history silently.
    for (int attempt = 0;; ++attempt) {
      auto status = history_.write(batches);
      if (status) break;
      ++write_errors_;
      spdlog::error("{} (attempt {})", status.error(), attempt + 1);
      std::this_thread::sleep_for(std::chrono::milliseconds(10 << std::min(attempt, 6)));
    }
  }
}

}  // namespace bgpsentry
