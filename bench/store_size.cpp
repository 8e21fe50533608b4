// Store size per column family, before and after a full compaction: what an update costs
// on disk once RocksDB has settled (the figure the history issue's target is about).
// Usage: store_size DATA_DIR   (the daemon must not be running)
#include <rocksdb/db.h>

#include <cstdio>

#include "storage/database.h"
#include "storage/history_store.h"

namespace {

void report(bgpsentry::Database& db, const char* when, uint64_t updates) {
  uint64_t total = 0;
  std::printf("%s:\n", when);
  for (auto* family : db.column_families()) {
    uint64_t sst = 0, keys = 0;
    db.db().GetIntProperty(family, rocksdb::DB::Properties::kTotalSstFilesSize, &sst);
    db.db().GetIntProperty(family, rocksdb::DB::Properties::kEstimateNumKeys, &keys);
    total += sst;
    std::printf("  %-12s %12llu bytes  ~%10llu keys  %6.2f B/update\n", family->GetName().c_str(),
                static_cast<unsigned long long>(sst), static_cast<unsigned long long>(keys),
                updates ? static_cast<double>(sst) / static_cast<double>(updates) : 0.0);
  }
  std::printf("  %-12s %12llu bytes  %27.2f B/update (%llu updates)\n", "total",
              static_cast<unsigned long long>(total),
              updates ? static_cast<double>(total) / static_cast<double>(updates) : 0.0,
              static_cast<unsigned long long>(updates));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s DATA_DIR\n", argv[0]);
    return 64;
  }
  auto db = bgpsentry::Database::open(argv[1]);
  if (!db) {
    std::fprintf(stderr, "%s\n", db.error().c_str());
    return 1;
  }
  const uint64_t updates = bgpsentry::HistoryStore(**db).count();
  const auto& data = (*db)->column_families();
  (*db)->db().Flush(rocksdb::FlushOptions(), data);
  report(**db, "as stored (SST files, memtables flushed)", updates);
  rocksdb::CompactRangeOptions options;
  options.bottommost_level_compaction = rocksdb::BottommostLevelCompaction::kForce;
  for (auto* h : data) (*db)->db().CompactRange(options, h, nullptr, nullptr);
  report(**db, "after a full compaction", updates);
  return 0;
}
