// Schema 6 layout of the history: one value per prefix and hour (a bucket) holding that
// hour's updates of the prefix. A key per update cost ~7 of the store's 8.4 bytes per update
// and one memtable insertion each; a bucket shares its key among ~12 updates of the
// RouteViews day and each write adds one fragment per bucket it touches (RocksDB merge
// operands, joined by concatenation, see BucketAppendOperator).
//
// Value: fragments one after another, each [format 4][count varint] then per update
// [flags][time delta varint][session varint unless the same as the previous update's]
// [attrs varint][path id varint if flagged][SAFI if flagged][old, new state if a state change].
// flags: bits 0-2 kind, bit 3 same session, bit 4 path id, bit 5 SAFI, bits 6-7 time unit
// (0 s, 1 ms, 2 µs); the delta is zigzag, in that unit, from the previous update of the
// fragment (the first from the start of the hour). Updates are in arrival order within a
// fragment and fragments in write order, so an update's index in the bucket never changes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "agent/core/update.h"
#include "storage/codec.h"

namespace bgpsentry::codec {

constexpr int64_t kBucketUs = kOriginBucketUs;  // the origin index's hours

inline int64_t bucket_of(int64_t time_us) {
  return time_us < 0 ? 0 : time_us / kBucketUs;
}

// [prefix_key][hour BE32]: one prefix's buckets are adjacent, in time order.
std::string bucket_key(std::string_view prefix_key, int64_t hour);
void append_bucket_key(std::string& out, std::string_view prefix_key, int64_t hour);
struct BucketKeyParts {
  Prefix prefix;
  int64_t hour = 0;
};
std::optional<BucketKeyParts> parse_bucket_key(std::string_view key);
// A key above every bucket of `prefix`, below any other prefix's.
std::string prefix_end_key(std::string_view prefix_key);

// One stored update of a bucket: its time, what it refers to, and its index in the bucket.
struct BucketEntry {
  int64_t time_us = 0;
  UpdateRef ref;
  uint32_t index = 0;
};

// Appends one fragment holding `entries` (in arrival order) of the bucket `hour`.
void append_fragment(std::string& out, int64_t hour, const BucketEntry* entries, size_t count);

// Every update of a bucket, sorted by (time, index). False if the bytes are damaged.
bool decode_bucket(std::string_view value, int64_t hour, std::vector<BucketEntry>& out);

}  // namespace bgpsentry::codec
