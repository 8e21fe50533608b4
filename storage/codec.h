// The private on-disk encoding of storage/: keys that sort by prefix and time, and
// compact varint values. Nothing outside storage/ sees these bytes.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "agent/config/revision_log.h"
#include "agent/core/update.h"
#include "agent/model/alert.h"
#include "agent/model/event.h"
#include "agent/model/silence.h"
#include "storage/audit_store.h"

namespace bgpsentry::codec {

// Inline, and each a single append or load: they run per field of every update stored and
// read. Out of line and a byte at a time (a capacity check per push_back) they were ~12% of
// the store encoder's samples under a RIS Live flood; this way its CPU fell ~5%.
inline void put_varint(std::string& out, uint64_t v) {
  char buf[10];
  size_t n = 0;
  for (; v >= 0x80; v >>= 7) buf[n++] = static_cast<char>(v | 0x80);
  buf[n++] = static_cast<char>(v);
  out.append(buf, n);
}
// Big-endian (network order): the most significant byte first, as keys must sort.
template <typename T>
T big_endian(T v) {
  static_assert(sizeof(T) == 4 || sizeof(T) == 8);
  if constexpr (std::endian::native == std::endian::big)
    return v;
  else if constexpr (sizeof(T) == 8)
    return __builtin_bswap64(v);
  else
    return __builtin_bswap32(v);
}
template <typename T>
void put_be(std::string& out, T v) {
  v = big_endian(v);
  out.append(reinterpret_cast<const char*>(&v), sizeof v);
}
template <typename T>
T get_be(const char* p) {
  T v;
  std::memcpy(&v, p, sizeof v);
  return big_endian(v);
}
inline void put_be64(std::string& out, uint64_t v) {
  put_be(out, v);
}
inline uint64_t get_be64(const char* p) {
  return get_be<uint64_t>(p);
}
inline void put_be32(std::string& out, uint32_t v) {
  put_be(out, v);
}
inline uint32_t get_be32(const char* p) {
  return get_be<uint32_t>(p);
}

// Update history key: [afi][address bytes][length][time BE64][sequence BE64]; one prefix's
// history over a time range is one contiguous key range.
std::string prefix_key(const Prefix& prefix);
std::string update_key(const Prefix& prefix, int64_t time_us, uint64_t sequence);
void append_update_key(std::string& out, std::string_view prefix_key, int64_t time_us,
                       uint64_t sequence);
// A key above every update key of `prefix` and of its more-specifics, below any other.
std::string subtree_end_key(const Prefix& prefix);
// A key above every update key of `prefix` at or before `to_us` (INT64_MAX: all of them),
// below the updates after it and any other prefix's.
std::string updates_end_key(const Prefix& prefix, int64_t to_us);
struct UpdateKeyParts {
  Prefix prefix;
  int64_t time_us = 0;
  uint64_t sequence = 0;
};
std::optional<UpdateKeyParts> parse_update_key(std::string_view key);

// Origin index key: [origin AS BE32][hour BE32][prefix_key], no value: "AS a originated
// prefix p at some time in hour h" (hour = Unix hours). One entry per AS, hour and prefix
// however many announcements there were; the updates themselves are read from the prefix's
// history.
constexpr int64_t kOriginBucketUs = 3600ll * 1000000;
std::string origin_key(uint32_t asn, int64_t hour, const std::string& prefix_key = {});
struct OriginKeyParts {
  uint32_t asn = 0;
  int64_t hour = 0;
  Prefix prefix;
};
std::optional<OriginKeyParts> parse_origin_key(std::string_view key);

// Peer keys: [afi][address, 16 bytes]. A peer's state changes: peer key + [time BE64]
// [sequence BE64], value encode_update_value() of the kPeerState update. The peer table:
// peer key -> [first seen BE64][peer AS varint][address families: bit 0 IPv4, bit 1 IPv6].
std::string peer_key(const IpAddress& peer);
std::optional<IpAddress> parse_peer_key(std::string_view key);
std::string peer_event_key(const IpAddress& peer, int64_t time_us, uint64_t sequence);
struct PeerRecord {
  int64_t first_seen_us = 0;
  uint32_t asn = 0;
  uint8_t families = 0;  // the address families it sent routes for
};
std::string encode_peer_record(const PeerRecord& record);
bool decode_peer_record(std::string_view value, PeerRecord& record);

// Everything but the prefix and time, which live in the key, in full (formats 1 and 2;
// peer state changes are kept this way).
std::string encode_update_value(const Update& update);
// False if the stored bytes are damaged (or are format 3, which needs the dictionaries).
bool decode_update_value(std::string_view value, Update& update);

// Dictionary entries: an attribute set, and a session (peer address, peer AS, source).
std::string encode_attributes(const RouteAttributes& attrs);
std::shared_ptr<const RouteAttributes> decode_attributes(std::string_view value);  // null: damaged
std::string encode_session(const Update& update);
bool decode_session(std::string_view value, Update& update);

// Format 3, what the history stores: kind, SAFI, path id and state change in full, the
// session and attribute set by dictionary id (attrs 0: none, else id + 1).
struct UpdateRef {
  UpdateKind kind = UpdateKind::kAnnounce;
  Safi safi = Safi::kUnicast;
  uint64_t session = 0;
  uint32_t path_id = 0;
  uint8_t old_state = 0, new_state = 0;
  uint64_t attrs = 0;
};
std::string encode_update_ref(const Update& update, uint64_t session, uint64_t attrs);
std::string encode_update_ref(const UpdateRef& ref);
std::optional<UpdateRef> decode_update_ref(std::string_view value);
bool is_update_ref(std::string_view value);

// Route checkpoint: the routes to one prefix at one moment (its last update per peer and path
// id, announcements only), so that the view at a later moment reads only the updates since.
// Key: prefix_key + [time BE64]; value: [route count] then per route [checkpoint time -
// route time][stored update value, length-prefixed], varints.
std::string checkpoint_key(const Prefix& prefix, int64_t time_us);
struct CheckpointRoute {
  int64_t time_us = 0;
  std::string value;  // as stored in the updates column family
};
std::string encode_checkpoint(int64_t time_us, const std::vector<CheckpointRoute>& routes);
bool decode_checkpoint(std::string_view value, int64_t time_us,
                       std::vector<CheckpointRoute>& routes);

std::string alert_key(uint64_t id);
std::string encode_alert(const Alert& alert);
bool decode_alert(std::string_view value, Alert& alert);

// Events by id (8 bytes big-endian); the value is the whole event, carriers included, so
// that its lifecycle goes on after a restart.
std::string event_key(uint64_t id);
std::string encode_event(const Event& event);
bool decode_event(std::string_view value, Event& event);

// Records by id (8 bytes big-endian): config revisions, audit records, silences, event
// acknowledgements (by event id).
std::string be64_key(uint64_t id);
std::string encode_revision(const ConfigRevision& revision);
bool decode_revision(std::string_view value, ConfigRevision& revision);
std::string encode_audit(const AuditEntry& entry);
bool decode_audit(std::string_view value, AuditEntry& entry);
std::string encode_silence(const Silence& silence);
bool decode_silence(std::string_view value, Silence& silence);
std::string encode_ack(const EventAck& ack);
bool decode_ack(std::string_view value, EventAck& ack);

}  // namespace bgpsentry::codec
