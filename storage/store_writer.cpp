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
  for (;;) {
    // Declared in the loop: written batches are released before waiting for more (their
    // completion tokens tell sources the batches are stored).
    const auto batches = in_.pop_up_to(kBatchesPerWrite);
    if (batches.empty()) break;
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
