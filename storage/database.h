// Opens the RocksDB data directory: every column family, the schema version, permissions.
#pragma once

#include <rocksdb/compaction_filter.h>
#include <rocksdb/db.h>

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "agent/core/result.h"

namespace bgpsentry {

class Database {
 public:
  // 1: foundation. 2: the origin index, the peer table and the stored time span (built
  // from the stored updates when a version 1 store is opened), peer state changes (a
  // version 1 store kept none), and the dictionary that format-3 update values refer to
  // (values of formats 1 and 2 stay readable as they are). 3: route checkpoints (none are
  // built for the history already stored; a prefix gets them as new updates arrive).
  // 4: events (alerts of older versions keep event id 0). 5: config revisions, the audit
  // trail, silences and event acknowledgements (none for the time before). 6: the updates
  // in one bucket per prefix and hour (storage/update_bucket.h), converted in place.
  static constexpr int kSchemaVersion = 6;

  // Creates `dir` (mode 0700) if needed. Refuses a store written by a newer schema and
  // migrates an older one.
  static Result<std::unique_ptr<Database>> open(const std::string& dir);
  ~Database();

  rocksdb::DB& db() { return *db_; }
  // Makes every write made so far durable: a synced write of a marker, which syncs the
  // write-ahead log behind it. Not DB::SyncWAL: that syncs beside the writers, and when a
  // write has just failed (a full disk) Debian's RocksDB, built with assertions, aborts in
  // it (WritableFileWriter's sync_without_flush_called_); a write returns the error.
  Status sync_log();
  rocksdb::ColumnFamilyHandle* updates() { return handles_[1]; }
  rocksdb::ColumnFamilyHandle* alerts() { return handles_[2]; }
  rocksdb::ColumnFamilyHandle* meta() { return handles_[3]; }
  rocksdb::ColumnFamilyHandle* by_origin() { return handles_[4]; }
  rocksdb::ColumnFamilyHandle* peer_events() { return handles_[5]; }
  rocksdb::ColumnFamilyHandle* peers() { return handles_[6]; }
  rocksdb::ColumnFamilyHandle* dictionary() { return handles_[7]; }
  rocksdb::ColumnFamilyHandle* checkpoints() { return handles_[8]; }
  rocksdb::ColumnFamilyHandle* events() { return handles_[9]; }
  rocksdb::ColumnFamilyHandle* config() { return handles_[10]; }
  rocksdb::ColumnFamilyHandle* audit() { return handles_[11]; }
  rocksdb::ColumnFamilyHandle* silences() { return handles_[12]; }
  rocksdb::ColumnFamilyHandle* acks() { return handles_[13]; }
  // Every column family, the ones above included (their names: GetName()).
  const std::vector<rocksdb::ColumnFamilyHandle*>& column_families() const { return handles_; }
  const std::string& dir() const { return dir_; }

  // Bytes held in SST files and memtables, all column families (for status).
  uint64_t store_bytes();

  // History before this time (µs since the epoch) has expired: queries skip it and
  // compactions drop it (updates and origin index). Persisted; only ever moves forward.
  int64_t retention_cutoff() const { return retention_cutoff_->load(); }
  Status set_retention_cutoff(int64_t cutoff_us);

 private:
  Database() = default;
  std::shared_ptr<std::atomic<int64_t>> retention_cutoff_ =
      std::make_shared<std::atomic<int64_t>>(0);
  std::vector<std::unique_ptr<rocksdb::CompactionFilter>> filters_;  // outlive db_
  std::string dir_;
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
};

}  // namespace bgpsentry
