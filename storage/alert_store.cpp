#include "storage/alert_store.h"

#include "storage/codec.h"

namespace bgpsentry {

AlertStore::AlertStore(Database& db) : db_(db) {
  std::unique_ptr<rocksdb::Iterator> it(db_.db().NewIterator(rocksdb::ReadOptions(), db_.alerts()));
  it->SeekToLast();
  if (it->Valid() && it->key().size() == 8) last_id_ = codec::get_be64(it->key().data());
}

Status AlertStore::append(Alert& alert) {
  std::lock_guard lock(append_mu_);
  alert.id = last_id_ + 1;
  rocksdb::WriteOptions options;
  options.sync = true;  // alerts are few and must survive a power loss, not just a crash
  auto status =
      db_.db().Put(options, db_.alerts(), codec::alert_key(alert.id), codec::encode_alert(alert));
  if (!status.ok()) return Error{"cannot store alert: " + status.ToString()};
  last_id_ = alert.id;
  return ok_status();
}

std::optional<Alert> AlertStore::get(uint64_t id) const {
  std::string value;
  if (!db_.db().Get(rocksdb::ReadOptions(), db_.alerts(), codec::alert_key(id), &value).ok())
    return std::nullopt;
  Alert alert;
  if (!codec::decode_alert(value, alert)) return std::nullopt;
  return alert;
}

Status AlertStore::for_each_after(uint64_t after_id, size_t limit,
                                  const std::function<bool(const Alert&)>& fn) const {
  std::unique_ptr<rocksdb::Iterator> it(db_.db().NewIterator(rocksdb::ReadOptions(), db_.alerts()));
  size_t n = 0;
  for (it->Seek(codec::alert_key(after_id + 1)); it->Valid(); it->Next()) {
    if (limit && n == limit) break;
    Alert alert;
    if (!codec::decode_alert(it->value().ToStringView(), alert))
      return Error{"damaged alert record " + std::to_string(codec::get_be64(it->key().data()))};
    ++n;
    if (!fn(alert)) break;
  }
  if (!it->status().ok()) return Error{"alert scan failed: " + it->status().ToString()};
  return ok_status();
}

}  // namespace bgpsentry
