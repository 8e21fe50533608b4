#include "storage/dictionary.h"

#include <algorithm>
#include <memory>

#include "storage/codec.h"
#include "storage/meta_store.h"

namespace bgpsentry {
namespace {
constexpr size_t kRecentValues = 1 << 18;  // per generation: ~30 MiB of attribute sets
}  // namespace

Dictionary::Dictionary(Database& db, Kind kind)
    : db_(db),
      kind_(kind),
      counter_key_("dictionary/next_id/" + std::to_string(static_cast<int>(kind))) {
  // Reusing ids would make stored updates point at the wrong attributes: the next id is past
  // both the saved counter and the highest id stored (entries are never deleted).
  next_id_ = MetaStore(db_).counter(counter_key_);
  std::unique_ptr<rocksdb::Iterator> it(
      db_.db().NewIterator(rocksdb::ReadOptions(), db_.dictionary()));
  it->SeekForPrev(key(UINT64_MAX));
  if (it->Valid() && it->key().size() == 9 && it->key()[0] == static_cast<char>(kind_))
    next_id_ = std::max(next_id_, codec::get_be64(it->key().data() + 1) + 1);
  written_next_id_ = next_id_;
}

std::string Dictionary::key(uint64_t id) const {
  std::string k(1, static_cast<char>(kind_));
  codec::put_be64(k, id);
  return k;
}

uint64_t Dictionary::intern(rocksdb::WriteBatch& batch, const std::string& encoded) {
  if (auto it = recent_.find(encoded); it != recent_.end()) return it->second;
  if (auto it = older_.find(encoded); it != older_.end()) {
    const uint64_t id = it->second;
    remember(encoded, id);
    return id;
  }
  const uint64_t id = next_id_++;
  batch.Put(db_.dictionary(), key(id), encoded);
  remember(encoded, id);
  return id;
}

void Dictionary::remember(const std::string& encoded, uint64_t id) {
  if (recent_.size() >= kRecentValues) {
    older_ = std::move(recent_);
    recent_.clear();
    // A moved-from table starts empty: grown again from nothing it rehashed everything at
    // each doubling, ~3% of the store writer.
    recent_.reserve(kRecentValues);
  }
  recent_.emplace(encoded, id);
}

void Dictionary::add_next_id(rocksdb::WriteBatch& batch) {
  if (next_id_ == written_next_id_) return;
  batch.Put(db_.meta(), counter_key_, std::to_string(next_id_));
  written_next_id_ = next_id_;
}

Result<std::string> Dictionary::lookup(uint64_t id) const {
  std::string value;
  auto status = db_.db().Get(rocksdb::ReadOptions(), db_.dictionary(), key(id), &value);
  if (!status.ok())
    return Error{"dictionary entry " + std::to_string(static_cast<int>(kind_)) + "/" +
                 std::to_string(id) + " unreadable: " + status.ToString()};
  return value;
}

}  // namespace bgpsentry
