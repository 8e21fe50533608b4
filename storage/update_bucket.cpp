#include "storage/update_bucket.h"

#include <algorithm>
#include <limits>

#include "storage/codec_reader.h"

namespace bgpsentry::codec {
namespace {

constexpr uint8_t kFragmentFormat = 4;
constexpr uint8_t kKindMask = 7;
constexpr uint8_t kSameSession = 8;
constexpr uint8_t kHasPathId = 16;
constexpr uint8_t kHasSafi = 32;
constexpr int kUnitShift = 6;
constexpr int64_t kUnits[] = {1000000, 1000, 1};  // s, ms, µs

uint64_t zigzag(int64_t v) {
  return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
}
int64_t unzigzag(uint64_t v) {
  return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1);
}

}  // namespace

void append_bucket_key(std::string& out, std::string_view prefix_key, int64_t hour) {
  out += prefix_key;
  put_be32(out, static_cast<uint32_t>(std::clamp<int64_t>(hour, 0, UINT32_MAX)));
}

std::string bucket_key(std::string_view prefix_key, int64_t hour) {
  std::string key;
  append_bucket_key(key, prefix_key, hour);
  return key;
}

std::optional<BucketKeyParts> parse_bucket_key(std::string_view key) {
  if (key.size() < 4) return std::nullopt;
  BucketKeyParts parts;
  Reader r(key.substr(0, key.size() - 4));
  if (!r.prefix(parts.prefix) || !r.done()) return std::nullopt;
  parts.hour = get_be32(key.data() + key.size() - 4);
  return parts;
}

std::string prefix_end_key(std::string_view prefix_key) {
  return std::string(prefix_key) + std::string(5, '\xff');
}

void append_fragment(std::string& out, int64_t hour, const BucketEntry* entries, size_t count) {
  out.push_back(static_cast<char>(kFragmentFormat));
  put_varint(out, count);
  int64_t previous_time = hour * kBucketUs;
  uint64_t previous_session = std::numeric_limits<uint64_t>::max();
  for (size_t i = 0; i < count; ++i) {
    const BucketEntry& e = entries[i];
    const int64_t delta = e.time_us - previous_time;
    previous_time = e.time_us;
    int unit = 0;
    while (delta % kUnits[unit] != 0) ++unit;
    uint8_t flags = static_cast<uint8_t>(static_cast<uint8_t>(e.ref.kind) & kKindMask);
    if (e.ref.session == previous_session) flags |= kSameSession;
    if (e.ref.path_id != 0) flags |= kHasPathId;
    if (e.ref.safi != Safi::kUnicast) flags |= kHasSafi;
    flags |= static_cast<uint8_t>(unit << kUnitShift);
    out.push_back(static_cast<char>(flags));
    put_varint(out, zigzag(delta / kUnits[unit]));
    if (!(flags & kSameSession)) put_varint(out, e.ref.session);
    previous_session = e.ref.session;
    put_varint(out, e.ref.attrs);
    if (flags & kHasPathId) put_varint(out, e.ref.path_id);
    if (flags & kHasSafi) out.push_back(static_cast<char>(e.ref.safi));
    if (e.ref.kind == UpdateKind::kPeerState) {
      out.push_back(static_cast<char>(e.ref.old_state));
      out.push_back(static_cast<char>(e.ref.new_state));
    }
  }
}

bool decode_bucket(std::string_view value, int64_t hour, std::vector<BucketEntry>& out) {
  out.clear();
  if (hour < 0 || hour > std::numeric_limits<int64_t>::max() / kBucketUs) return false;
  Reader r(value);
  bool sorted = true;
  while (!r.done()) {
    uint8_t format = 0;
    uint64_t count = 0;
    if (!r.u8(format) || format != kFragmentFormat || !r.count(count)) return false;
    int64_t previous_time = hour * kBucketUs;
    uint64_t previous_session = std::numeric_limits<uint64_t>::max();
    for (uint64_t i = 0; i < count; ++i) {
      BucketEntry e;
      uint8_t flags = 0;
      uint64_t delta = 0;
      if (!r.u8(flags) || !r.varint(delta)) return false;
      const uint8_t kind = flags & kKindMask;
      const int unit = flags >> kUnitShift;
      if (kind < 1 || kind > 4 || unit > 2) return false;
      e.ref.kind = static_cast<UpdateKind>(kind);
      // Damaged deltas must not overflow: times stay within what a BE64 key held.
      const __int128 time = static_cast<__int128>(previous_time) +
                            static_cast<__int128>(unzigzag(delta)) * kUnits[unit];
      if (time < 0 || time > std::numeric_limits<int64_t>::max()) return false;
      e.time_us = previous_time = static_cast<int64_t>(time);
      if (flags & kSameSession) {
        if (previous_session == std::numeric_limits<uint64_t>::max()) return false;
        e.ref.session = previous_session;
      } else if (!r.varint(e.ref.session)) {
        return false;
      }
      previous_session = e.ref.session;
      if (!r.varint(e.ref.attrs)) return false;
      if ((flags & kHasPathId) && !r.u32(e.ref.path_id)) return false;
      if (flags & kHasSafi) {
        uint8_t safi = 0;
        if (!r.u8(safi)) return false;
        e.ref.safi = static_cast<Safi>(safi);
      }
      if (e.ref.kind == UpdateKind::kPeerState &&
          (!r.u8(e.ref.old_state) || !r.u8(e.ref.new_state)))
        return false;
      if (out.size() >= std::numeric_limits<uint32_t>::max()) return false;
      e.index = static_cast<uint32_t>(out.size());
      if (!out.empty() && e.time_us < out.back().time_us) sorted = false;
      out.push_back(e);
    }
  }
  if (!sorted)
    std::stable_sort(out.begin(), out.end(), [](const BucketEntry& a, const BucketEntry& b) {
      return a.time_us < b.time_us;
    });
  return true;
}

}  // namespace bgpsentry::codec
