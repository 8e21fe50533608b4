#include "storage/schema_migration.h"

#include <rocksdb/write_batch.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <memory>
#include <unordered_set>

#include "storage/codec.h"
#include "storage/dictionary.h"
#include "storage/history_store.h"
#include "storage/peer_log.h"
#include "storage/stored_update_reader.h"

namespace bgpsentry {
namespace {

// 1 → 2: the origin index, the peer table and the time span, built from every stored update.
Status build_origin_index(Database& db) {
  std::unique_ptr<rocksdb::Iterator> it(db.db().NewIterator(rocksdb::ReadOptions(), db.updates()));
  rocksdb::WriteBatch batch;
  // Values of any format (a store is only ever migrated forward, but read it all the same).
  const Dictionary attributes(db, Dictionary::Kind::kAttributes);
  const Dictionary sessions(db, Dictionary::Kind::kSession);
  auto reader = std::make_unique<StoredUpdateReader>(attributes, sessions);
  PeerLog peers(db);  // the peer table, also new in version 2
  std::vector<std::string> keys;
  std::unordered_set<std::string> written;  // one entry per AS, hour and prefix
  uint64_t indexed = 0;
  int64_t oldest = INT64_MAX, newest = INT64_MIN;
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    const auto key = it->key().ToStringView();
    auto parts = codec::parse_update_key(key);
    Update u;
    if (!parts || !reader->read(it->value().ToStringView(), u)) {
      spdlog::warn("store migration: damaged history record skipped ({} bytes key)", key.size());
      continue;
    }
    u.time_us = parts->time_us;
    peers.record(batch, u, 0);
    oldest = std::min(oldest, u.time_us);
    newest = std::max(newest, u.time_us);
    keys.clear();
    origin_index_keys(u, std::string(key.substr(0, key.size() - 16)), keys);
    for (const auto& k : keys)
      if (written.insert(k).second) batch.Put(db.by_origin(), k, {});
    if (written.size() > (1u << 20)) written.clear();  // bounded memory; a repeat is harmless
    if (batch.Count() >= 65536) {
      if (auto st = db.db().Write(rocksdb::WriteOptions(), &batch); !st.ok())
        return Error{"migration write failed: " + st.ToString()};
      indexed += batch.Count();
      batch.Clear();
      reader = std::make_unique<StoredUpdateReader>(attributes, sessions);  // bounded cache
    }
  }
  if (!it->status().ok()) return Error{"migration scan failed: " + it->status().ToString()};
  indexed += batch.Count();
  if (newest >= oldest) {  // the time span a version 1 store did not keep
    batch.Put(db.meta(), HistoryStore::kOldestTimeKey, std::to_string(oldest));
    batch.Put(db.meta(), HistoryStore::kNewestTimeKey, std::to_string(newest));
  }
  if (auto st = db.db().Write(rocksdb::WriteOptions(), &batch); !st.ok())
    return Error{"migration write failed: " + st.ToString()};
  spdlog::info("store migration: origin index built ({} entries)", indexed);
  return ok_status();
}

}  // namespace

void origin_index_keys(const Update& u, const std::string& prefix_key,
                       std::vector<std::string>& out) {
  if (u.kind != UpdateKind::kAnnounce && u.kind != UpdateKind::kRibEntry) return;
  auto origins = u.origins();
  std::sort(origins.begin(), origins.end());
  origins.erase(std::unique(origins.begin(), origins.end()), origins.end());
  for (uint32_t asn : origins)
    out.push_back(codec::origin_key(asn, u.time_us / codec::kOriginBucketUs, prefix_key));
}

Status migrate_schema(Database& db, int from_version) {
  if (from_version < 2)
    if (auto st = build_origin_index(db); !st) return st;
  return ok_status();
}

}  // namespace bgpsentry
