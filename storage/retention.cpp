#include "storage/retention.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "agent/core/thread_name.h"

namespace bgpsentry {
namespace {
constexpr int64_t kHourUs = 3600ll * 1000000;
constexpr int64_t kDayUs = 24 * kHourUs;
}  // namespace

Retention::Retention(Database& db, const HistoryStore& history, RetentionPolicy policy)
    : db_(db), history_(history), policy_(policy) {}

Retention::~Retention() {
  stop();
}

void Retention::start(std::chrono::seconds every) {
  if (policy_.retention_days == 0 && policy_.max_bytes == 0) return;  // keep everything
  thread_ = named_thread("bgps-retention", [this, every] {
    std::unique_lock lock(mu_);
    while (!wake_.wait_for(lock, every, [this] { return stopping_; })) {
      lock.unlock();
      if (auto st = enforce(); !st) spdlog::error("history retention: {}", st.error());
      lock.lock();
    }
  });
}

void Retention::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

Status Retention::enforce() {
  const auto span = history_.time_span();
  if (!span) return ok_status();  // nothing stored yet
  const int64_t current = db_.retention_cutoff();
  int64_t cutoff = current;
  if (policy_.retention_days > 0)
    cutoff = std::max(cutoff, span->newest_us - policy_.retention_days * kDayUs);
  if (policy_.max_bytes > 0 && db_.store_bytes() > policy_.max_bytes) {
    const int64_t oldest = std::max(span->oldest_us, current);
    cutoff = std::max(cutoff, oldest + std::max(kHourUs, (span->newest_us - oldest) / 10));
  }
  cutoff -= cutoff % kHourUs;  // whole hours: the origin index is kept by the hour
  if (cutoff <= current) return ok_status();
  if (auto st = db_.set_retention_cutoff(cutoff); !st) return st;
  spdlog::info("history retention: updates before {} µs since the epoch expired", cutoff);
  // Queries skip expired updates from now on; RocksDB's compactions (periodic ones
  // included) drop them from disk. Over the size limit that cannot wait: compact now.
  if (policy_.max_bytes == 0 || db_.store_bytes() <= policy_.max_bytes) return ok_status();
  rocksdb::CompactRangeOptions options;
  options.bottommost_level_compaction = rocksdb::BottommostLevelCompaction::kForce;
  for (auto* family : {db_.updates(), db_.by_origin()}) {
    auto status = db_.db().CompactRange(options, family, nullptr, nullptr);
    if (!status.ok()) return Error{"retention compaction failed: " + status.ToString()};
  }
  return ok_status();
}

}  // namespace bgpsentry
