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
  while (auto batch = in_.pop()) {
    // A failed write is retried: dropping it would lose history silently.
    for (int attempt = 0;; ++attempt) {
      auto status = history_.write(**batch);
      if (status) break;
      ++write_errors_;
      spdlog::error("{} (attempt {})", status.error(), attempt + 1);
      std::this_thread::sleep_for(std::chrono::milliseconds(10 << std::min(attempt, 6)));
    }
  }
}

}  // namespace bgpsentry
