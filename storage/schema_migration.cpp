#include "storage/schema_migration.h"

#include <rocksdb/write_batch.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <memory>
#include <unordered_set>

#include "storage/codec.h"
#include "storage/dictionary.h"
#include "storage/history_store.h"
#include "storage/meta_store.h"
#include "storage/peer_log.h"
#include "storage/stored_update_reader.h"
#include "storage/update_bucket.h"

namespace bgpsentry {
namespace {

// 1 → 2: the origin index, the peer table and the time span, built from every stored update.
Status build_origin_index(Database& db) {
  std::unique_ptr<rocksdb::Iterator> it(db.db().NewIterator(rocksdb::ReadOptions(), db.updates()));
  rocksdb::WriteBatch batch;
  // The buckets of schema 6: that step runs first (see migrate_schema()).
  const Dictionary attributes(db, Dictionary::Kind::kAttributes);
  const Dictionary sessions(db, Dictionary::Kind::kSession);
  auto reader = std::make_unique<StoredUpdateReader>(attributes, sessions);
  PeerLog peers(db);                        // the peer table, also new in version 2
  std::unordered_set<std::string> written;  // one entry per AS, hour and prefix
  uint64_t indexed = 0;
  int64_t oldest = INT64_MAX, newest = INT64_MIN;
  std::vector<codec::BucketEntry> entries;
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    const auto key = it->key().ToStringView();
    auto parts = codec::parse_bucket_key(key);
    if (!parts || !codec::decode_bucket(it->value().ToStringView(), parts->hour, entries)) {
      spdlog::warn("store migration: damaged history bucket skipped ({} bytes key)", key.size());
      continue;
    }
    const std::string prefix_key(key.substr(0, key.size() - 4));
    for (const auto& e : entries) {
      Update u;
      if (!reader->read(e.ref, u, true)) {
        spdlog::warn("store migration: damaged history record skipped");
        continue;
      }
      u.prefix = parts->prefix;
      u.time_us = e.time_us;
      peers.record(batch, u, 0);
      oldest = std::min(oldest, u.time_us);
      newest = std::max(newest, u.time_us);
      for_each_origin_entry(u, [&](uint32_t asn, uint32_t hour) {
        auto key = codec::origin_key(asn, hour, prefix_key);
        if (written.insert(key).second) batch.Put(db.by_origin(), key, {});
      });
    }
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

// 5 -> 6: one key per update becomes one bucket per prefix and hour (storage/update_bucket.h).
// Values of formats 1 and 2 get dictionary ids; their peer state changes move to the peer
// log, where format 3 keeps them. Each batch deletes the keys it converted, so a run cut
// short resumes where it stopped (what it wrote are merge operands: appended, not replaced).
Status bucket_history(Database& db) {
  std::unique_ptr<rocksdb::Iterator> it(db.db().NewIterator(rocksdb::ReadOptions(), db.updates()));
  Dictionary attributes(db, Dictionary::Kind::kAttributes);
  Dictionary sessions(db, Dictionary::Kind::kSession);
  auto reader = std::make_unique<StoredUpdateReader>(attributes, sessions);
  PeerLog peers(db);
  uint64_t peer_event = MetaStore(db).counter(HistoryStore::kPeerEventKey);
  rocksdb::WriteBatch batch;
  std::string bucket, fragment;
  std::vector<codec::BucketEntry> run;
  uint64_t converted = 0, damaged = 0;
  auto end_fragment = [&] {
    if (run.empty()) return;
    fragment.clear();
    codec::append_fragment(fragment, codec::bucket_of(run.front().time_us), run.data(), run.size());
    batch.Merge(db.updates(), bucket, fragment);
    run.clear();
  };
  auto write = [&]() -> Status {
    end_fragment();
    batch.Put(db.meta(), HistoryStore::kPeerEventKey, std::to_string(peer_event));
    attributes.add_next_id(batch);
    sessions.add_next_id(batch);
    if (auto st = db.db().Write(rocksdb::WriteOptions(), &batch); !st.ok())
      return Error{"migration write failed: " + st.ToString()};
    batch.Clear();
    reader = std::make_unique<StoredUpdateReader>(attributes, sessions);  // bounded cache
    return ok_status();
  };
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    const auto key = it->key().ToStringView();
    if (codec::parse_bucket_key(key)) continue;  // converted by an earlier run
    batch.Delete(db.updates(), it->key());
    auto parts = codec::parse_update_key(key);
    const auto value = it->value().ToStringView();
    Update u;
    // Unreadable before as after: dropped rather than left to fail every scan near it.
    if (!parts || !reader->read(value, u, false)) {
      ++damaged;
      continue;
    }
    u.prefix = parts->prefix;
    u.time_us = parts->time_us;
    if (u.kind == UpdateKind::kPeerState) {
      peers.record(batch, u, peer_event++);
      continue;
    }
    std::optional<codec::UpdateRef> ref = codec::decode_update_ref(value);
    if (!ref)  // formats 1 and 2 hold the session and attributes in full
      ref = codec::UpdateRef{
          u.kind,
          u.safi,
          sessions.intern(batch, codec::encode_session(u)),
          u.path_id,
          u.old_state,
          u.new_state,
          u.attrs ? attributes.intern(batch, codec::encode_attributes(*u.attrs)) + 1 : 0};
    const std::string key_of_bucket =
        codec::bucket_key(codec::prefix_key(parts->prefix), codec::bucket_of(parts->time_us));
    if (key_of_bucket != bucket) {
      end_fragment();
      bucket = key_of_bucket;
    }
    run.push_back({parts->time_us, *ref, 0});
    if (++converted % 65536 == 0)
      if (auto st = write(); !st) return st;
  }
  if (!it->status().ok()) return Error{"migration scan failed: " + it->status().ToString()};
  if (auto st = write(); !st) return st;
  spdlog::info("store migration: {} updates put in hourly buckets{}", converted,
               damaged ? fmt::format(", {} damaged records dropped", damaged) : "");
  return ok_status();
}

}  // namespace

Status migrate_schema(Database& db, int from_version) {
  // The layout first, so that the other steps read the history in one layout only.
  if (from_version < 6)
    if (auto st = bucket_history(db); !st) return st;
  if (from_version < 2)
    if (auto st = build_origin_index(db); !st) return st;
  return ok_status();
}

}  // namespace bgpsentry
