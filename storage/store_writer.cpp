#include "storage/store_writer.h"

#include <spdlog/spdlog.h>

#include "agent/core/thread_name.h"

namespace bgpsentry {

StoreWriter::StoreWriter(BatchQueue& in, HistoryStore& history, StoreHealth& health)
    : in_(in), history_(history), health_(health) {}

namespace {

size_t updates_in(const std::vector<BatchPtr>& batches) {
  size_t n = 0;
  for (const auto& b : batches) n += b->updates.size();
  return n;
}

}  // namespace

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
    if (abandoned_) {  // nothing more is stored: the queue drains so that the agent can stop
      abandoned_updates_ += updates_in(batches);
      continue;
    }
    encoded_.push(std::make_unique<PreparedWrite>(history_.prepare(std::move(batches))));
  }
  encoded_.close();
}

void StoreWriter::store() {
  while (auto write = encoded_.pop()) {
    if (abandoned_) {
      abandoned_updates_ += updates_in((*write)->batches);
      continue;
    }
    // A failed write is retried, the same one: dropping it would lose history silently, and
    // the writes encoded after it may refer to dictionary entries it adds.
    if (auto st = health_.retry("history write", [&] { return history_.commit(**write); }); !st) {
      abandoned_ = true;
      abandoned_updates_ += updates_in((*write)->batches);
    }
    // `write` goes here, with its batches: their completion tokens tell sources they are
    // stored (or, abandoned, that they never will be).
  }
  if (abandoned_)
    spdlog::error(
        "store: {} updates not stored: the store failed at shutdown (file sources read them "
        "again from their stored cursors at the next start; a live feed's are lost)",
        abandoned_updates_.load());
}

}  // namespace bgpsentry
