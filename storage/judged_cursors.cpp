#include "storage/judged_cursors.h"

#include <rocksdb/write_batch.h>
#include <spdlog/spdlog.h>

#include <memory>
#include <vector>

#include "agent/core/parse_number.h"
#include "storage/meta_store.h"

namespace bgpsentry {
namespace {

constexpr const char* kEnabledKey = "judged/enabled";
constexpr std::string_view kCursorPrefix = "judged/cursor/";
constexpr std::string_view kTimePrefix = "judged/time/";

std::string cursor_key(const std::string& key) {
  return std::string(kCursorPrefix) + key;
}

}  // namespace

JudgedCursors::JudgedCursors(Database& db) : db_(db) {
  MetaStore meta(db_);
  if (meta.get(kEnabledKey)) {
    times_ = judged_times();
    return;
  }
  rocksdb::WriteBatch batch;
  size_t copied = 0;
  const std::string stored_prefix = MetaStore::cursor_key("");
  std::unique_ptr<rocksdb::Iterator> it(db_.db().NewIterator(rocksdb::ReadOptions(), db_.meta()));
  for (it->Seek(stored_prefix); it->Valid() && it->key().starts_with(stored_prefix); it->Next()) {
    batch.Put(db_.meta(), cursor_key(it->key().ToString().substr(stored_prefix.size())),
              it->value());
    ++copied;
  }
  batch.Put(db_.meta(), kEnabledKey, "1");
  rocksdb::WriteOptions sync;
  sync.sync = true;
  if (auto st = db_.db().Write(sync, &batch); !st.ok())
    spdlog::error("store: judged cursors not started: {}", st.ToString());
  else if (copied)
    spdlog::info("store: {} source cursors taken as judged (kept from now on)", copied);
}

void JudgedCursors::judged(const UpdateBatch& batch) {
  rocksdb::WriteBatch wb;
  if (batch.cursor) wb.Put(db_.meta(), cursor_key(batch.cursor->key), batch.cursor->value);
  // Per source, the newest time in the batch: runs of one source compare one string each.
  const std::string* source = nullptr;
  int64_t newest = INT64_MIN;
  auto note = [&] {
    if (!source) return;
    auto [it, added] = times_.try_emplace(*source, newest);
    if (!added && it->second >= newest) return;
    it->second = newest;
    wb.Put(db_.meta(), std::string(kTimePrefix) + *source, std::to_string(newest));
  };
  for (const Update& u : batch.updates) {
    if (!source || u.source != *source) {
      note();
      source = &u.source;
      newest = u.time_us;
    } else {
      newest = std::max(newest, u.time_us);
    }
  }
  note();
  if (wb.Count() == 0) return;
  // In the log behind the alerts and events the batch raised (written on this thread before):
  // a crash keeps them, or neither.
  if (auto st = db_.db().Write(rocksdb::WriteOptions(), &wb); !st.ok())
    spdlog::warn("judged cursor not written (judged again after a restart): {}", st.ToString());
}

std::optional<std::string> JudgedCursors::read_cursor(const std::string& key) const {
  return MetaStore(db_).get(cursor_key(key));
}

std::map<std::string, int64_t> JudgedCursors::judged_times() const {
  std::map<std::string, int64_t> out;
  std::unique_ptr<rocksdb::Iterator> it(db_.db().NewIterator(rocksdb::ReadOptions(), db_.meta()));
  const std::string prefix(kTimePrefix);
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next())
    if (auto t = parse_u64(it->value().ToStringView()))
      out[it->key().ToString().substr(prefix.size())] = static_cast<int64_t>(*t);
  return out;
}

}  // namespace bgpsentry
