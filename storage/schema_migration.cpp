#include "storage/schema_migration.h"

#include <rocksdb/write_batch.h>
#include <spdlog/spdlog.h>

#include <algorithm>

#include "storage/codec.h"

namespace bgpsentry {
namespace {

// 1 → 2: the origin index, built from every stored announcement.
Status build_origin_index(Database& db) {
  std::unique_ptr<rocksdb::Iterator> it(db.db().NewIterator(rocksdb::ReadOptions(), db.updates()));
  rocksdb::WriteBatch batch;
  uint64_t indexed = 0;
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    const auto key = it->key().ToStringView();
    auto parts = codec::parse_update_key(key);
    Update u;
    if (!parts || !codec::decode_update_value(it->value().ToStringView(), u)) {
      spdlog::warn("store migration: damaged history record skipped ({} bytes key)", key.size());
      continue;
    }
    u.time_us = parts->time_us;
    add_origin_index(batch, db, u, std::string(key.substr(0, key.size() - 16)), parts->sequence);
    if (batch.Count() >= 65536) {
      if (auto st = db.db().Write(rocksdb::WriteOptions(), &batch); !st.ok())
        return Error{"migration write failed: " + st.ToString()};
      indexed += batch.Count();
      batch.Clear();
    }
  }
  if (!it->status().ok()) return Error{"migration scan failed: " + it->status().ToString()};
  indexed += batch.Count();
  if (auto st = db.db().Write(rocksdb::WriteOptions(), &batch); !st.ok())
    return Error{"migration write failed: " + st.ToString()};
  spdlog::info("store migration: origin index built ({} entries)", indexed);
  return ok_status();
}

}  // namespace

void add_origin_index(rocksdb::WriteBatch& batch, Database& db, const Update& u,
                      const std::string& prefix_key, uint64_t sequence) {
  if (u.kind != UpdateKind::kAnnounce && u.kind != UpdateKind::kRibEntry) return;
  auto origins = u.origins();
  std::sort(origins.begin(), origins.end());
  origins.erase(std::unique(origins.begin(), origins.end()), origins.end());
  for (uint32_t asn : origins)
    batch.Put(db.by_origin(), codec::origin_key(asn, u.time_us, sequence), prefix_key);
}

Status migrate_schema(Database& db, int from_version) {
  if (from_version < 2)
    if (auto st = build_origin_index(db); !st) return st;
  return ok_status();
}

}  // namespace bgpsentry
