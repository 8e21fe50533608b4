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
  encoder_ = named_thread("bgps-encode", [this] { encode(); });
  storer_ = named_thread("bgps-writer", [this] { store(); });
}

void StoreWriter::join() {
  if (encoder_.joinable()) encoder_.join();
  if (storer_.joinable()) storer_.join();
}

void StoreWriter::encode() {
  // The waiting batches go into one write, until they hold what 8 full replay batches do: sorted
  // together, their keys land closer in RocksDB's memtable, and the per-write cost is paid
  // once (the writer's time fell ~20%); a live feed's small batches, handed on every few
  // milliseconds, do not each pay it (under load the queue would fill and the feed shed).
  constexpr size_t kUpdatesPerWrite = 8 * 4096;
  for (;;) {
    auto batches = in_.pop_up_to(kUpdatesPerWrite);  // the queue weighs batches by updates
    if (batches.empty()) break;
    encoded_.push(std::make_unique<PreparedWrite>(history_.prepare(std::move(batches))));
  }
  encoded_.close();
}

void StoreWriter::store() {
  while (auto write = encoded_.pop()) {
    // A failed write is retried, the same one: dropping it would lose history silently, and
    // the writes encoded after it may refer to dictionary entries it adds.
    for (int attempt = 0;; ++attempt) {
      auto status = history_.commit(**write);
      if (status) break;
      ++write_errors_;
      spdlog::error("{} (attempt {})", status.error(), attempt + 1);
      std::this_thread::sleep_for(std::chrono::milliseconds(10 << std::min(attempt, 6)));
    }
    // `write` goes here, with its batches: their completion tokens tell sources they are
    // stored.
  }
}

}  // namespace bgpsentry
