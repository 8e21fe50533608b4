#include "storage/database.h"

#include <rocksdb/merge_operator.h>
#include <rocksdb/table.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstdarg>
#include <cstring>
#include <filesystem>

#include "storage/codec.h"
#include "storage/schema_migration.h"
#include "storage/update_bucket.h"

namespace bgpsentry {
namespace {

// Order matters: handles_ is indexed by position.
const char* const kColumnFamilies[] = {
    "default",    "updates",     "alerts", "meta",   "by_origin", "peer_events", "peers",
    "dictionary", "checkpoints", "events", "config", "audit",     "silences",    "acks"};
constexpr const char* kSchemaKey = "schema_version";
constexpr const char* kRetentionKey = "history/retention_cutoff";
// Written (empty) with sync to make the writes before it durable (sync_log).
constexpr const char* kSyncMarkerKey = "store/synced";

// Drops history entries older than the retention cutoff while RocksDB compacts.
class ExpiredHistoryFilter : public rocksdb::CompactionFilter {
 public:
  // `time_of` reads an entry's time (µs) from its key; nullopt keeps the entry.
  using TimeOf = std::optional<int64_t> (*)(const rocksdb::Slice& key);
  ExpiredHistoryFilter(std::shared_ptr<std::atomic<int64_t>> cutoff, TimeOf time_of,
                       const char* name)
      : cutoff_(std::move(cutoff)), time_of_(time_of), name_(name) {}
  bool Filter(int, const rocksdb::Slice& key, const rocksdb::Slice&, std::string*,
              bool*) const override {
    return expired(key);
  }
  // A bucket's fragments stay merge operands until a compaction reaches the bottom level;
  // the decision is the key's, so they go like values.
  bool FilterMergeOperand(int, const rocksdb::Slice& key, const rocksdb::Slice&) const override {
    return expired(key);
  }
  const char* Name() const override { return name_; }

 private:
  bool expired(const rocksdb::Slice& key) const {
    const int64_t cutoff = cutoff_->load(std::memory_order_relaxed);
    if (cutoff <= 0) return false;
    const auto t = time_of_(key);
    return t && *t < cutoff;
  }

  std::shared_ptr<std::atomic<int64_t>> cutoff_;
  TimeOf time_of_;
  const char* name_;
};

// A bucket of updates (storage/update_bucket.h) expires once all of its hour has; keys of
// the layout before schema 6 are not buckets and wait for the migration.
std::optional<int64_t> bucket_end(const rocksdb::Slice& key) {
  auto parts = codec::parse_bucket_key(key.ToStringView());
  if (!parts) return std::nullopt;
  return (parts->hour + 1) * codec::kBucketUs - 1;
}

// A write adds one fragment to each bucket it touches, as a merge operand; merging is
// concatenation (fragments are self-delimiting), so RocksDB joins them at flush and
// compaction and a read sees a bucket's fragments in write order.
class BucketAppendOperator : public rocksdb::MergeOperator {
 public:
  bool FullMergeV2(const MergeOperationInput& in, MergeOperationOutput* out) const override {
    size_t size = in.existing_value ? in.existing_value->size() : 0;
    for (const auto& operand : in.operand_list) size += operand.size();
    out->new_value.clear();  // RocksDB hands in its buffer of the previous merge
    out->new_value.reserve(size);
    if (in.existing_value)
      out->new_value.assign(in.existing_value->data(), in.existing_value->size());
    for (const auto& operand : in.operand_list)
      out->new_value.append(operand.data(), operand.size());
    return true;
  }
  bool PartialMergeMulti(const rocksdb::Slice&, const std::deque<rocksdb::Slice>& operands,
                         std::string* new_value, rocksdb::Logger*) const override {
    new_value->clear();
    for (const auto& operand : operands) new_value->append(operand.data(), operand.size());
    return true;
  }
  const char* Name() const override { return "bgpsentry.bucket_append"; }
};

// Checkpoint keys end in [time BE64].
std::optional<int64_t> checkpoint_time(const rocksdb::Slice& key) {
  if (key.size() < 8) return std::nullopt;
  return static_cast<int64_t>(codec::get_be64(key.data() + key.size() - 8));
}

// Origin index keys: [AS BE32][hour BE32][prefix]; an hour expires once all of it has.
std::optional<int64_t> origin_hour_end(const rocksdb::Slice& key) {
  auto parts = codec::parse_origin_key(key.ToStringView());
  if (!parts) return std::nullopt;
  return (parts->hour + 1) * codec::kOriginBucketUs - 1;
}

// The column families whose entries expire with the retention cutoff.
struct Expiring {
  const char* family;
  ExpiredHistoryFilter::TimeOf time_of;
  const char* filter_name;
};
const Expiring kExpiring[] = {
    {"updates", bucket_end, "bgpsentry.expired_updates"},
    {"by_origin", origin_hour_end, "bgpsentry.expired_origin_index"},
    {"checkpoints", checkpoint_time, "bgpsentry.expired_checkpoints"},
};

// RocksDB's own log goes to our log, not to a LOG file nobody reads.
class SpdlogRocksLogger : public rocksdb::Logger {
 public:
  SpdlogRocksLogger() : rocksdb::Logger(rocksdb::InfoLogLevel::WARN_LEVEL) {}
  using rocksdb::Logger::Logv;
  void Logv(const rocksdb::InfoLogLevel level, const char* format, va_list ap) override {
    if (level < GetInfoLogLevel()) return;
    char buf[1024];
    std::vsnprintf(buf, sizeof buf, format, ap);
    if (level >= rocksdb::InfoLogLevel::ERROR_LEVEL)
      spdlog::error("rocksdb: {}", buf);
    else
      spdlog::warn("rocksdb: {}", buf);
  }
  void Logv(const char* format, va_list ap) override {
    Logv(rocksdb::InfoLogLevel::INFO_LEVEL, format, ap);
  }
};

}  // namespace

Result<std::unique_ptr<Database>> Database::open(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Error{"cannot create data dir " + dir + ": " + ec.message()};
  // The store holds everything we saw; only the service user may read it.
  if (::chmod(dir.c_str(), 0700) != 0)
    return Error{"cannot set mode 0700 on data dir " + dir + ": " + std::strerror(errno)};

  rocksdb::Options options;
  options.create_if_missing = true;
  options.create_missing_column_families = true;
  options.info_log = std::make_shared<SpdlogRocksLogger>();
  options.IncreaseParallelism(2);
  options.keep_log_file_num = 2;
  // A WAL file is deleted only once every column family with data in it has flushed; the
  // small ones (meta, written with every batch) would otherwise pin every WAL file ever
  // written. Past this size RocksDB flushes them so old WAL files go.
  options.max_total_wal_size = 256ull << 20;
  // A writer waits only for the write-ahead log, in order, and its own memtable inserts.
  // Ordered, the engine's few events and alerts shared a write group with the history
  // writer's 32k-update batch and waited for all of its inserts: under a RIS Live flood
  // detection spent a third of its time there and its queue shed. The price: a read may see
  // part of a write still being inserted (no immutable snapshots; we take none).
  options.unordered_write = true;

  // History: settled data (the bottommost level, nearly all of it) in zstd level 6 with a
  // dictionary trained per file. Against LZ4/zstd-default 16 KiB blocks this took the
  // RouteViews day from 10.6 to ~8.4 B/update (bench/store_size); zstd 19 saves ~0.5 B more
  // but compacts 15x slower than ingest needs. Younger levels: zstd's default level, except
  // for the updates themselves (LZ4, below), which are most of what compactions rewrite.
  rocksdb::ColumnFamilyOptions history;
  history.compression = rocksdb::kZSTD;
  history.bottommost_compression = rocksdb::kZSTD;
  history.bottommost_compression_opts.enabled = true;
  history.bottommost_compression_opts.level = 6;
  history.bottommost_compression_opts.max_dict_bytes = 64 * 1024;
  history.bottommost_compression_opts.zstd_max_train_bytes = 100 * 64 * 1024;
  // Dictionary training buffers an output file's blocks in memory, by default up to the
  // whole target file (64 MiB) per running compaction: a little above the training size.
  history.bottommost_compression_opts.max_dict_buffer_bytes = 8 << 20;
  // Files are recompacted at least daily so that expired history leaves the disk even
  // where no write would trigger a compaction (set before the copies below: the updates and
  // the origin index had been left out).
  history.periodic_compaction_seconds = 24 * 3600;
  rocksdb::BlockBasedTableOptions table;
  table.block_size = 16 * 1024;
  history.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  // Updates are read in ranges: bigger blocks compress better at little cost to a scan.
  // The dictionary is read by point lookups: it keeps 16 KiB blocks.
  rocksdb::ColumnFamilyOptions ranges = history;
  table.block_size = 64 * 1024;
  ranges.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  rocksdb::ColumnFamilyOptions buckets = ranges;
  buckets.merge_operator = std::make_shared<BucketAppendOperator>();
  buckets.compression = rocksdb::kLZ4Compression;

  std::unique_ptr<Database> db(new Database());
  db->dir_ = dir;
  std::vector<rocksdb::ColumnFamilyDescriptor> families;
  for (const char* name : kColumnFamilies) {
    const std::string n(name);
    rocksdb::ColumnFamilyOptions cf = n == "updates"     ? buckets
                                      : n == "by_origin" ? ranges
                                      : n == "dictionary" || n == "checkpoints"
                                          ? history
                                          : rocksdb::ColumnFamilyOptions();
    for (const auto& expiring : kExpiring)
      if (n == expiring.family) {
        db->filters_.push_back(std::make_unique<ExpiredHistoryFilter>(
            db->retention_cutoff_, expiring.time_of, expiring.filter_name));
        cf.compaction_filter = db->filters_.back().get();
      }
    families.emplace_back(name, cf);
  }
  rocksdb::DB* raw = nullptr;
  auto status = rocksdb::DB::Open(options, dir, families, &db->handles_, &raw);
  if (!status.ok()) return Error{"cannot open store in " + dir + ": " + status.ToString()};
  db->db_.reset(raw);

  std::string version;
  status = raw->Get(rocksdb::ReadOptions(), db->meta(), kSchemaKey, &version);
  if (status.IsNotFound()) {
    rocksdb::WriteOptions sync;
    sync.sync = true;
    status = raw->Put(sync, db->meta(), kSchemaKey, std::to_string(kSchemaVersion));
    if (!status.ok()) return Error{"cannot write schema version: " + status.ToString()};
  } else if (!status.ok()) {
    return Error{"cannot read schema version: " + status.ToString()};
  } else if (std::atoi(version.c_str()) > kSchemaVersion) {
    return Error{"store in " + dir + " has schema version " + version +
                 ", newer than this bgpsentry understands (" + std::to_string(kSchemaVersion) +
                 "); refusing to open it"};
  } else if (const int old = std::atoi(version.c_str()); old < kSchemaVersion) {
    if (auto st = migrate_schema(*db, old); !st) return Error{st.error()};
    rocksdb::WriteOptions sync;
    sync.sync = true;
    status = raw->Put(sync, db->meta(), kSchemaKey, std::to_string(kSchemaVersion));
    if (!status.ok()) return Error{"cannot write schema version: " + status.ToString()};
    spdlog::info("store {}: schema {} migrated to {}", dir, old, kSchemaVersion);
  }
  std::string cutoff;
  if (raw->Get(rocksdb::ReadOptions(), db->meta(), kRetentionKey, &cutoff).ok())
    db->retention_cutoff_->store(std::atoll(cutoff.c_str()));
  return db;
}

Status Database::sync_log() {
  rocksdb::WriteOptions sync;
  sync.sync = true;
  auto status = db_->Put(sync, meta(), kSyncMarkerKey, {});
  if (!status.ok()) return Error{status.ToString()};
  return ok_status();
}

Database::~Database() {
  if (!db_) return;
  if (auto st = sync_log(); !st) spdlog::warn("store close: log not synced: {}", st.error());
  // The memtables to files: a stopped store holds no write-ahead log (up to
  // max_total_wal_size, several times the settled history of a day), and the next start
  // replays none. A failure leaves the log, which the next open replays.
  if (auto st = db_->Flush(rocksdb::FlushOptions(), handles_); !st.ok())
    spdlog::warn("store close: memtables not flushed ({}); the next start replays the log",
                 st.ToString());
  for (auto* h : handles_) db_->DestroyColumnFamilyHandle(h);
  db_->Close();
}

Status Database::set_retention_cutoff(int64_t cutoff_us) {
  if (cutoff_us <= retention_cutoff()) return ok_status();
  rocksdb::WriteOptions sync;
  sync.sync = true;
  auto status = db_->Put(sync, meta(), kRetentionKey, std::to_string(cutoff_us));
  if (!status.ok()) return Error{"cannot store the retention cutoff: " + status.ToString()};
  retention_cutoff_->store(cutoff_us);
  return ok_status();
}

uint64_t Database::store_bytes() {
  uint64_t total = 0;
  for (auto* h : handles_) {
    uint64_t v = 0;
    if (db_->GetIntProperty(h, rocksdb::DB::Properties::kTotalSstFilesSize, &v)) total += v;
    if (db_->GetIntProperty(h, rocksdb::DB::Properties::kSizeAllMemTables, &v)) total += v;
  }
  return total;
}

}  // namespace bgpsentry
