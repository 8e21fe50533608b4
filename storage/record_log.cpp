#include "storage/record_log.h"

#include <memory>

#include "storage/codec.h"

namespace bgpsentry {
namespace {

rocksdb::WriteOptions synced() {
  rocksdb::WriteOptions o;
  o.sync = true;
  return o;
}

}  // namespace

RecordLog::RecordLog(Database& db, rocksdb::ColumnFamilyHandle* family, std::string what)
    : db_(db), family_(family), what_(std::move(what)) {
  std::unique_ptr<rocksdb::Iterator> it(db_.db().NewIterator(rocksdb::ReadOptions(), family_));
  it->SeekToLast();
  if (it->Valid() && it->key().size() == 8) last_id_ = codec::get_be64(it->key().data());
}

Result<uint64_t> RecordLog::append(const std::function<std::string(uint64_t id)>& encode) {
  std::lock_guard lock(mu_);
  const uint64_t id = last_id_ + 1;
  auto status = db_.db().Put(synced(), family_, codec::be64_key(id), encode(id));
  if (!status.ok()) return Error{"cannot store " + what_ + ": " + status.ToString()};
  return last_id_ = id;
}

Status RecordLog::put(uint64_t id, const std::string& value) {
  auto status = db_.db().Put(synced(), family_, codec::be64_key(id), value);
  if (!status.ok()) return Error{"cannot store " + what_ + ": " + status.ToString()};
  return ok_status();
}

std::optional<std::string> RecordLog::get(uint64_t id) const {
  std::string value;
  if (!db_.db().Get(rocksdb::ReadOptions(), family_, codec::be64_key(id), &value).ok())
    return std::nullopt;
  return value;
}

Status RecordLog::for_each_before(
    uint64_t before_id, size_t limit,
    const std::function<bool(uint64_t id, std::string_view value)>& fn) const {
  std::unique_ptr<rocksdb::Iterator> it(db_.db().NewIterator(rocksdb::ReadOptions(), family_));
  if (before_id == 0)
    it->SeekToLast();
  else
    it->SeekForPrev(codec::be64_key(before_id - 1));
  size_t n = 0;
  for (; it->Valid(); it->Prev()) {
    if (limit && n == limit) break;
    if (it->key().size() != 8) return Error{"damaged " + what_ + " key in the store"};
    ++n;
    if (!fn(codec::get_be64(it->key().data()), it->value().ToStringView())) break;
  }
  if (!it->status().ok()) return Error{what_ + " scan failed: " + it->status().ToString()};
  return ok_status();
}

}  // namespace bgpsentry
