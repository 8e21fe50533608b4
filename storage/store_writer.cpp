#include "storage/store_writer.h"

#include <spdlog/spdlog.h>

#include <chrono>

#include "agent/core/thread_name.h"

namespace bgpsentry {

StoreWriter::StoreWriter(BatchQueue& in, HistoryStore& history) : in_(in), history_(history) {}

StoreWriter::~StoreWriter() {
  join();
}

void StoreWriter::start() {
  thread_ = std::thread([this] {
    name_this_thread("bgps-writer");
    run();
  });
}

void StoreWriter::join() {
  if (thread_.joinable()) thread_.join();
}

void StoreWriter::run() {
  // The waiting batches go into one write, until they hold what 8 full replay batches do: sorted
  // together, their keys land closer in RocksDB's memtable, and the per-write cost is paid
  // once (the writer's time fell ~20%); a live feed's small batches, handed on every few
  // milliseconds, do not each pay it (under load the queue would fill and the feed shed).
  constexpr size_t kUpdatesPerWrite = 8 * 4096;
  for (;;) {
    // Declared in the loop: written batches are released before waiting for more (their
    // completion tokens tell sources the batches are stored).
    const auto batches = in_.pop_up_to(kUpdatesPerWrite);  // the queue weighs batches by updates
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
