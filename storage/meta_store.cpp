#include "storage/meta_store.h"

namespace bgpsentry {

std::optional<std::string> MetaStore::get(const std::string& key) const {
  std::string value;
  auto status = db_.db().Get(rocksdb::ReadOptions(), db_.meta(), key, &value);
  if (!status.ok()) return std::nullopt;
  return value;
}

Status MetaStore::put(const std::string& key, const std::string& value) {
  auto status = db_.db().Put(rocksdb::WriteOptions(), db_.meta(), key, value);
  if (!status.ok()) return Error{"cannot write " + key + ": " + status.ToString()};
  return ok_status();
}

}  // namespace bgpsentry
