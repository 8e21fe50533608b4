#include "storage/meta_store.h"

#include <spdlog/spdlog.h>

#include <cstdlib>

#include "agent/core/parse_number.h"

namespace bgpsentry {

std::optional<std::string> MetaStore::get(const std::string& key) const {
  std::string value;
  auto status = db_.db().Get(rocksdb::ReadOptions(), db_.meta(), key, &value);
  if (!status.ok()) return std::nullopt;
  return value;
}

uint64_t MetaStore::counter(const std::string& key) const {
  const auto value = get(key);
  if (!value) return 0;
  const auto n = parse_u64(*value);
  if (!n) {
    spdlog::critical("store {}: {} is damaged ('{}'); refusing to write", db_.dir(), key, *value);
    std::abort();
  }
  return *n;
}

Status MetaStore::put(const std::string& key, const std::string& value) {
  auto status = db_.db().Put(rocksdb::WriteOptions(), db_.meta(), key, value);
  if (!status.ok()) return Error{"cannot write " + key + ": " + status.ToString()};
  return ok_status();
}

Status MetaStore::erase(const std::string& key) {
  auto status = db_.db().Delete(rocksdb::WriteOptions(), db_.meta(), key);
  if (!status.ok()) return Error{"cannot delete " + key + ": " + status.ToString()};
  return ok_status();
}

}  // namespace bgpsentry
