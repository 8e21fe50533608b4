#include "storage/revision_store.h"

#include <memory>

#include "storage/codec.h"

namespace bgpsentry {

RevisionStore::RevisionStore(Database& db) : db_(db) {
  std::unique_ptr<rocksdb::Iterator> it(db_.db().NewIterator(rocksdb::ReadOptions(), db_.config()));
  it->SeekToLast();
  if (it->Valid() && it->key().size() == 8) last_id_ = codec::get_be64(it->key().data());
}

Result<uint64_t> RevisionStore::append(ConfigRevision revision) {
  std::lock_guard lock(mu_);
  revision.id = last_id_ + 1;
  rocksdb::WriteOptions sync;
  sync.sync = true;
  auto status = db_.db().Put(sync, db_.config(), codec::revision_key(revision.id),
                             codec::encode_revision(revision));
  if (!status.ok()) return Error{status.ToString()};
  return last_id_ = revision.id;
}

std::optional<ConfigRevision> RevisionStore::get(uint64_t id) const {
  std::string value;
  if (!db_.db().Get(rocksdb::ReadOptions(), db_.config(), codec::revision_key(id), &value).ok())
    return std::nullopt;
  ConfigRevision r;
  if (!codec::decode_revision(value, r)) return std::nullopt;
  return r;
}

std::optional<ConfigRevision> RevisionStore::last() const {
  std::optional<ConfigRevision> out;
  auto st = for_each_before(0, 1, [&](const ConfigRevision& r) {
    out = r;
    return false;
  });
  return st ? out : std::nullopt;
}

Status RevisionStore::for_each_before(uint64_t before_id, size_t limit,
                                      const std::function<bool(const ConfigRevision&)>& fn) const {
  std::unique_ptr<rocksdb::Iterator> it(db_.db().NewIterator(rocksdb::ReadOptions(), db_.config()));
  if (before_id == 0)
    it->SeekToLast();
  else
    it->SeekForPrev(codec::revision_key(before_id - 1));
  size_t n = 0;
  for (; it->Valid(); it->Prev()) {
    if (limit && n == limit) break;
    ConfigRevision r;
    if (it->key().size() != 8 || !codec::decode_revision(it->value().ToStringView(), r))
      return Error{"damaged config revision in the store"};
    ++n;
    if (!fn(r)) break;
  }
  if (!it->status().ok()) return Error{"revision scan failed: " + it->status().ToString()};
  return ok_status();
}

}  // namespace bgpsentry
