// Small ids for values that repeat across updates: attribute sets (one BGP UPDATE's
// attributes are shared by all its prefixes, and by the same route from many updates) and
// sessions (peer, peer AS, source). An update stores two varints instead of ~60 bytes.
#pragma once

#include <absl/container/flat_hash_map.h>
#include <rocksdb/write_batch.h>

#include <cstdint>
#include <string>
#include <vector>

#include "agent/core/result.h"
#include "storage/database.h"

namespace bgpsentry {

class Dictionary {
 public:
  enum class Kind : uint8_t { kAttributes = 1, kSession = 2 };

  Dictionary(Database& db, Kind kind);

  // Encoding thread: the id of `encoded`, adding the entry to `batch` when it is new. Ids are
  // never reused; the same value may get a second id after a restart or once the
  // recent-values cache forgot it, which costs space, not correctness. The caller writes
  // its batches in the order built, each until it is stored (a later batch may refer to
  // an id an earlier one adds).
  uint64_t intern(rocksdb::WriteBatch& batch, const std::string& encoded);
  // Once `batch` is complete: the next free id, if the batch took new ones. Once per write,
  // not per new id (that was a third of the store's memtable inserts). Belt and braces: the
  // constructor also finds the highest id stored.
  void add_next_id(rocksdb::WriteBatch& batch);

  // Any thread: the value stored under `id`.
  Result<std::string> lookup(uint64_t id) const;

 private:
  std::string key(uint64_t id) const;
  void remember(const std::string& encoded, uint64_t id);  // into the recent generation
  Database& db_;
  Kind kind_;
  std::string counter_key_;
  uint64_t next_id_ = 0, written_next_id_ = 0;  // the latter: as of the last add_next_id
  // Two generations approximate an LRU: a full `recent_` becomes `older_`. Open addressing:
  // the writer looks up every message's attribute set here (a chain of node misses with
  // std::unordered_map, ~5% of the writer).
  absl::flat_hash_map<std::string, uint64_t> recent_, older_;
};

}  // namespace bgpsentry
