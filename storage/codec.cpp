#include "storage/codec.h"

#include "storage/codec_reader.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <memory>

namespace bgpsentry::codec {
namespace {

// Update values: format 1 (foundation) lacks the attributes after LARGE_COMMUNITIES;
// format 2 appends them. Both are read; format 2 is written.
constexpr uint8_t kUpdateFormatV1 = 1;
constexpr uint8_t kUpdateFormat = 2;
// Format 3: the update refers to its session (peer, peer AS, source) and attribute set by
// dictionary id (storage/dictionary.h); see encode_update_ref().
constexpr uint8_t kUpdateFormatRef = 3;
// Alert format 2 appends the event id, notice and confidence; format 1 is still read.
constexpr uint8_t kAlertFormatV1 = 1;
constexpr uint8_t kAlertFormatV2 = 2;  // + event id, notice, confidence
constexpr uint8_t kAlertFormat = 3;    // + raised time
// Event format 2 always writes the carried routes' count, then whether bgpsentry detected
// it and other monitors' reports; format 1 is still read.
constexpr uint8_t kEventFormatV1 = 1;
constexpr uint8_t kEventFormat = 2;
constexpr uint8_t kRevisionFormat = 1;
constexpr uint8_t kAuditFormat = 1;
constexpr uint8_t kSilenceFormat = 1;
constexpr uint8_t kAckFormat = 1;

void put_ip(std::string& out, const IpAddress& a) {
  out.push_back(static_cast<char>(a.afi));
  out.append(reinterpret_cast<const char*>(a.bytes.data()), static_cast<size_t>(a.size()));
}

void put_prefix(std::string& out, const Prefix& p) {
  put_ip(out, p.address());
  out.push_back(static_cast<char>(p.length()));
}

void put_string(std::string& out, std::string_view s) {
  put_varint(out, s.size());
  out.append(s);
}

void put_as_path(std::string& out, const AsPath& path) {
  put_varint(out, path.segments().size());
  for (const auto& s : path.segments()) {
    out.push_back(static_cast<char>(s.type));
    put_varint(out, s.asns.size());
    for (uint32_t asn : s.asns) put_varint(out, asn);
  }
}

enum AttrFlags : uint8_t {
  kHasNextHop = 1,
  kHasMed = 2,
  kHasLocalPref = 4,
  kAtomicAggregate = 8,
  kHasAggregator = 16,
  kHasOriginatorId = 32,
  kHasOnlyToCustomer = 64,
  kHasLinkLocal = 128,
};

}  // namespace

std::string prefix_key(const Prefix& prefix) {
  std::string key;
  put_prefix(key, prefix);
  return key;
}

std::string subtree_end_key(const Prefix& prefix) {
  IpAddress last = prefix.address();
  for (int bit = prefix.length(); bit < max_length(last.afi); ++bit)
    last.bytes[static_cast<size_t>(bit / 8)] |= static_cast<uint8_t>(0x80 >> (bit % 8));
  std::string key;
  put_ip(key, last);
  key.push_back('\xff');  // above every length byte (at most 128)
  return key;
}

std::string updates_end_key(const Prefix& prefix, int64_t to_us) {
  return to_us == std::numeric_limits<int64_t>::max() ? prefix_key(prefix) + std::string(17, '\xff')
                                                      : update_key(prefix, to_us + 1, 0);
}

std::string update_key(const Prefix& prefix, int64_t time_us, uint64_t sequence) {
  std::string key;
  append_update_key(key, prefix_key(prefix), time_us, sequence);
  return key;
}

void append_update_key(std::string& out, std::string_view prefix_key, int64_t time_us,
                       uint64_t sequence) {
  out += prefix_key;
  put_be64(out, static_cast<uint64_t>(std::max<int64_t>(time_us, 0)));
  put_be64(out, sequence);
}

std::optional<UpdateKeyParts> parse_update_key(std::string_view key) {
  UpdateKeyParts parts;
  if (key.empty()) return std::nullopt;
  Reader r(key.substr(0, key.size() >= 16 ? key.size() - 16 : 0));
  if (key.size() < 16 || !r.prefix(parts.prefix) || !r.done()) return std::nullopt;
  parts.time_us = static_cast<int64_t>(get_be64(key.data() + key.size() - 16));
  parts.sequence = get_be64(key.data() + key.size() - 8);
  return parts;
}

std::string origin_key(uint32_t asn, int64_t hour, const std::string& prefix_key) {
  std::string key;
  put_be32(key, asn);
  put_be32(key, static_cast<uint32_t>(std::clamp<int64_t>(hour, 0, UINT32_MAX)));
  key += prefix_key;
  return key;
}

std::optional<OriginKeyParts> parse_origin_key(std::string_view key) {
  if (key.size() < 8) return std::nullopt;
  OriginKeyParts parts;
  parts.asn = get_be32(key.data());
  parts.hour = get_be32(key.data() + 4);
  Reader r(key.substr(8));
  if (!r.prefix(parts.prefix) || !r.done()) return std::nullopt;
  return parts;
}

std::string peer_key(const IpAddress& peer) {
  std::string key(1, static_cast<char>(peer.afi));
  key.append(reinterpret_cast<const char*>(peer.bytes.data()), peer.bytes.size());
  return key;
}

std::optional<IpAddress> parse_peer_key(std::string_view key) {
  IpAddress a;
  if (key.size() < 1 + a.bytes.size() || (key[0] != 4 && key[0] != 6)) return std::nullopt;
  a.afi = static_cast<Afi>(key[0]);
  std::memcpy(a.bytes.data(), key.data() + 1, a.bytes.size());
  return a;
}

std::string peer_event_key(const IpAddress& peer, int64_t time_us, uint64_t sequence) {
  std::string key = peer_key(peer);
  put_be64(key, static_cast<uint64_t>(std::max<int64_t>(time_us, 0)));
  put_be64(key, sequence);
  return key;
}

std::string encode_peer_record(const PeerRecord& record) {
  std::string out;
  put_be64(out, static_cast<uint64_t>(std::max<int64_t>(record.first_seen_us, 0)));
  put_varint(out, record.asn);
  out.push_back(static_cast<char>(record.families));
  return out;
}

bool decode_peer_record(std::string_view value, PeerRecord& record) {
  if (value.size() < 9) return false;
  record.first_seen_us = static_cast<int64_t>(get_be64(value.data()));
  Reader r(value.substr(8));
  return r.u32(record.asn) && r.u8(record.families) && r.done();
}

namespace {

void put_attributes(std::string& out, const RouteAttributes& a) {
  out.push_back(static_cast<char>(a.origin_type));
  put_as_path(out, a.as_path);
  const uint8_t flags =
      (a.next_hop ? kHasNextHop : 0) | (a.med ? kHasMed : 0) | (a.local_pref ? kHasLocalPref : 0) |
      (a.atomic_aggregate ? kAtomicAggregate : 0) | (a.aggregator ? kHasAggregator : 0);
  out.push_back(static_cast<char>(flags));
  if (a.next_hop) put_ip(out, *a.next_hop);
  if (a.med) put_varint(out, *a.med);
  if (a.local_pref) put_varint(out, *a.local_pref);
  if (a.aggregator) {
    put_varint(out, a.aggregator->asn);
    put_ip(out, a.aggregator->address);
  }
  put_varint(out, a.communities.size());
  for (uint32_t c : a.communities) put_varint(out, c);
  put_varint(out, a.large_communities.size());
  for (const auto& c : a.large_communities) {
    put_varint(out, c.global);
    put_varint(out, c.local1);
    put_varint(out, c.local2);
  }
  // Since format 2.
  const uint8_t more = (a.originator_id ? kHasOriginatorId : 0) |
                       (a.only_to_customer ? kHasOnlyToCustomer : 0) |
                       (a.next_hop_link_local ? kHasLinkLocal : 0);
  out.push_back(static_cast<char>(more));
  if (a.originator_id) put_varint(out, *a.originator_id);
  if (a.only_to_customer) put_varint(out, *a.only_to_customer);
  if (a.next_hop_link_local) put_ip(out, *a.next_hop_link_local);
  put_varint(out, a.extended_communities.size());
  for (uint64_t c : a.extended_communities) put_varint(out, c);
  put_varint(out, a.cluster_list.size());
  for (uint32_t id : a.cluster_list) put_varint(out, id);
  put_varint(out, a.unknown.size());
  for (const auto& raw : a.unknown) {
    out.push_back(static_cast<char>(raw.flags));
    out.push_back(static_cast<char>(raw.type));
    put_varint(out, raw.value.size());
    out.append(reinterpret_cast<const char*>(raw.value.data()), raw.value.size());
  }
}

}  // namespace

std::string encode_update_value(const Update& u) {
  std::string out;
  out.reserve(64);
  out.push_back(static_cast<char>(kUpdateFormat));
  out.push_back(static_cast<char>(u.kind));
  out.push_back(static_cast<char>(u.safi));
  put_ip(out, u.peer_ip);
  put_varint(out, u.peer_asn);
  put_varint(out, u.path_id);
  put_string(out, u.source);
  if (u.kind == UpdateKind::kPeerState) {
    out.push_back(static_cast<char>(u.old_state));
    out.push_back(static_cast<char>(u.new_state));
  }
  out.push_back(u.attrs ? 1 : 0);
  if (u.attrs) put_attributes(out, *u.attrs);
  return out;
}

std::string encode_attributes(const RouteAttributes& attrs) {
  std::string out;
  out.reserve(64);
  put_attributes(out, attrs);
  return out;
}

std::string encode_session(const Update& u) {
  std::string out;
  put_ip(out, u.peer_ip);
  put_varint(out, u.peer_asn);
  put_string(out, u.source);
  return out;
}

bool decode_session(std::string_view value, Update& u) {
  Reader r(value);
  return r.ip(u.peer_ip) && r.u32(u.peer_asn) && r.string(u.source) && r.done();
}

std::string encode_update_ref(const Update& u, uint64_t session, uint64_t attrs) {
  return encode_update_ref(
      UpdateRef{u.kind, u.safi, session, u.path_id, u.old_state, u.new_state, attrs});
}

std::string encode_update_ref(const UpdateRef& ref) {
  std::string out;
  out.push_back(static_cast<char>(kUpdateFormatRef));
  out.push_back(static_cast<char>(ref.kind));
  out.push_back(static_cast<char>(ref.safi));
  put_varint(out, ref.session);
  put_varint(out, ref.path_id);
  if (ref.kind == UpdateKind::kPeerState) {
    out.push_back(static_cast<char>(ref.old_state));
    out.push_back(static_cast<char>(ref.new_state));
  }
  put_varint(out, ref.attrs);
  return out;
}

std::optional<UpdateRef> decode_update_ref(std::string_view value) {
  Reader r(value);
  uint8_t format = 0, kind = 0, safi = 0;
  UpdateRef ref;
  if (!r.u8(format) || format != kUpdateFormatRef || !r.u8(kind) || kind < 1 || kind > 4 ||
      !r.u8(safi) || !r.varint(ref.session) || !r.u32(ref.path_id))
    return std::nullopt;
  ref.kind = static_cast<UpdateKind>(kind);
  ref.safi = static_cast<Safi>(safi);
  if (ref.kind == UpdateKind::kPeerState && (!r.u8(ref.old_state) || !r.u8(ref.new_state)))
    return std::nullopt;
  if (!r.varint(ref.attrs) || !r.done()) return std::nullopt;
  return ref;
}

bool is_update_ref(std::string_view value) {
  return !value.empty() && static_cast<uint8_t>(value[0]) == kUpdateFormatRef;
}

namespace {

// The attribute block; `format` 1 lacks what format 2 added after LARGE_COMMUNITIES.
bool read_attributes(Reader& r, std::string_view value, uint8_t format, RouteAttributes& a) {
  uint8_t origin = 0, flags = 0;
  if (!r.u8(origin) || !r.as_path(a.as_path) || !r.u8(flags)) return false;
  a.origin_type = static_cast<OriginType>(origin);
  if (flags & kHasNextHop) {
    IpAddress hop;
    if (!r.ip(hop)) return false;
    a.next_hop = hop;
  }
  uint32_t v = 0;
  if (flags & kHasMed) {
    if (!r.u32(v)) return false;
    a.med = v;
  }
  if (flags & kHasLocalPref) {
    if (!r.u32(v)) return false;
    a.local_pref = v;
  }
  a.atomic_aggregate = flags & kAtomicAggregate;
  if (flags & kHasAggregator) {
    Aggregator agg;
    if (!r.u32(agg.asn) || !r.ip(agg.address)) return false;
    a.aggregator = agg;
  }
  uint64_t n = 0;
  if (!r.varint(n) || n > value.size()) return false;
  a.communities.resize(n);
  for (auto& c : a.communities)
    if (!r.u32(c)) return false;
  if (!r.varint(n) || n > value.size()) return false;
  a.large_communities.resize(n);
  for (auto& c : a.large_communities)
    if (!r.u32(c.global) || !r.u32(c.local1) || !r.u32(c.local2)) return false;
  if (format == kUpdateFormatV1) return true;
  uint8_t more = 0;
  if (!r.u8(more)) return false;
  if (more & kHasOriginatorId) {
    if (!r.u32(v)) return false;
    a.originator_id = v;
  }
  if (more & kHasOnlyToCustomer) {
    if (!r.u32(v)) return false;
    a.only_to_customer = v;
  }
  if (more & kHasLinkLocal) {
    IpAddress ll;
    if (!r.ip(ll)) return false;
    a.next_hop_link_local = ll;
  }
  if (!r.count(n)) return false;
  a.extended_communities.resize(n);
  for (auto& c : a.extended_communities)
    if (!r.varint(c)) return false;
  if (!r.count(n)) return false;
  a.cluster_list.resize(n);
  for (auto& id : a.cluster_list)
    if (!r.u32(id)) return false;
  if (!r.count(n)) return false;
  a.unknown.resize(n);
  for (auto& raw : a.unknown)
    if (!r.u8(raw.flags) || !r.u8(raw.type) || !r.bytes(raw.value)) return false;
  return true;
}

}  // namespace

bool decode_update_value(std::string_view value, Update& u) {
  Reader r(value);
  uint8_t format = 0, kind = 0, safi = 0, has_attrs = 0;
  if (!r.u8(format) || (format != kUpdateFormat && format != kUpdateFormatV1) || !r.u8(kind) ||
      kind < 1 || kind > 4 || !r.u8(safi) || !r.ip(u.peer_ip) || !r.u32(u.peer_asn) ||
      !r.u32(u.path_id) || !r.string(u.source))
    return false;
  u.kind = static_cast<UpdateKind>(kind);
  u.safi = static_cast<Safi>(safi);
  if (u.kind == UpdateKind::kPeerState && (!r.u8(u.old_state) || !r.u8(u.new_state))) return false;
  if (!r.u8(has_attrs)) return false;
  if (!has_attrs) {
    u.attrs.reset();
    return r.done();
  }
  auto a = std::make_shared<RouteAttributes>();
  if (!read_attributes(r, value, format, *a)) return false;
  u.attrs = std::move(a);
  return r.done();
}

std::shared_ptr<const RouteAttributes> decode_attributes(std::string_view value) {
  Reader r(value);
  auto a = std::make_shared<RouteAttributes>();
  if (!read_attributes(r, value, kUpdateFormat, *a) || !r.done()) return nullptr;
  return a;
}

std::string checkpoint_key(const Prefix& prefix, int64_t time_us) {
  std::string key = prefix_key(prefix);
  put_be64(key, static_cast<uint64_t>(std::max<int64_t>(time_us, 0)));
  return key;
}

std::string encode_checkpoint(int64_t time_us, const std::vector<CheckpointRoute>& routes) {
  std::string out;
  put_varint(out, routes.size());
  for (const auto& route : routes) {
    put_varint(out, static_cast<uint64_t>(time_us - route.time_us));
    put_string(out, route.value);
  }
  return out;
}

bool decode_checkpoint(std::string_view value, int64_t time_us,
                       std::vector<CheckpointRoute>& routes) {
  Reader r(value);
  uint64_t n = 0;
  if (time_us < 0 || !r.count(n)) return false;
  routes.resize(n);
  for (auto& route : routes) {
    uint64_t age = 0;
    if (!r.varint(age) || age > static_cast<uint64_t>(time_us) || !r.string(route.value) ||
        route.value.empty())
      return false;
    route.time_us = time_us - static_cast<int64_t>(age);
  }
  return r.done();
}

std::string alert_key(uint64_t id) {
  std::string key;
  put_be64(key, id);
  return key;
}

std::string encode_alert(const Alert& a) {
  std::string out;
  out.push_back(static_cast<char>(kAlertFormat));
  put_varint(out, a.id);
  out.push_back(static_cast<char>(a.type));
  put_prefix(out, a.prefix);
  put_prefix(out, a.monitored_prefix);
  put_varint(out, a.observed_origin);
  put_varint(out, a.expected_origins.size());
  for (uint32_t asn : a.expected_origins) put_varint(out, asn);
  put_as_path(out, a.as_path);
  put_ip(out, a.peer_ip);
  put_varint(out, a.peer_asn);
  put_varint(out, static_cast<uint64_t>(a.first_seen_us));
  put_varint(out, static_cast<uint64_t>(a.last_seen_us));
  put_string(out, a.description);
  put_string(out, a.source);
  put_varint(out, a.event_id);
  out.push_back(static_cast<char>(a.notice));
  put_varint(out, a.confidence);
  put_varint(out, static_cast<uint64_t>(a.raised_us));
  return out;
}

bool decode_alert(std::string_view value, Alert& a) {
  Reader r(value);
  uint8_t format = 0, type = 0;
  uint64_t n = 0, first = 0, last = 0;
  if (!r.u8(format) || format < kAlertFormatV1 || format > kAlertFormat || !r.varint(a.id) ||
      !r.u8(type) || type < 1 || type > static_cast<uint8_t>(AlertType::kFeed) ||
      !r.prefix(a.prefix) || !r.prefix(a.monitored_prefix) || !r.u32(a.observed_origin) ||
      !r.varint(n) || n > value.size())
    return false;
  a.type = static_cast<AlertType>(type);
  a.expected_origins.resize(n);
  for (auto& asn : a.expected_origins)
    if (!r.u32(asn)) return false;
  if (!r.as_path(a.as_path) || !r.ip(a.peer_ip) || !r.u32(a.peer_asn) || !r.varint(first) ||
      !r.varint(last) || !r.string(a.description) || !r.string(a.source))
    return false;
  a.first_seen_us = static_cast<int64_t>(first);
  a.last_seen_us = static_cast<int64_t>(last);
  a.event_id = 0;
  a.notice = EventNotice::kNone;
  a.confidence = 0;
  a.raised_us = 0;
  if (format >= kAlertFormatV2) {
    uint8_t notice = 0;
    if (!r.varint(a.event_id) || !r.u8(notice) ||
        notice > static_cast<uint8_t>(EventNotice::kEnded) || !r.u32(a.confidence) ||
        a.confidence > 10)
      return false;
    a.notice = static_cast<EventNotice>(notice);
  }
  if (format >= kAlertFormat) {
    uint64_t raised = 0;
    if (!r.varint(raised) || raised > static_cast<uint64_t>(INT64_MAX)) return false;
    a.raised_us = static_cast<int64_t>(raised);
  }
  return r.done();
}

std::string event_key(uint64_t id) {
  return alert_key(id);
}

namespace {

void put_asns(std::string& out, const std::vector<uint32_t>& asns) {
  put_varint(out, asns.size());
  for (uint32_t asn : asns) put_varint(out, asn);
}

bool read_asns(Reader& r, std::vector<uint32_t>& asns) {
  uint64_t n = 0;
  if (!r.count(n)) return false;
  asns.resize(n);
  for (auto& asn : asns)
    if (!r.u32(asn)) return false;
  return true;
}

void put_tags(std::string& out, const std::vector<EventTag>& tags) {
  put_varint(out, tags.size());
  for (const auto& t : tags) {
    put_string(out, t.name);
    put_varint(out, static_cast<uint64_t>(static_cast<int64_t>(t.score) + 100));
  }
}

bool read_tags(Reader& r, std::vector<EventTag>& tags) {
  uint64_t n = 0;
  if (!r.count(n)) return false;
  tags.resize(n);
  for (auto& t : tags) {
    uint64_t score = 0;
    if (!r.string(t.name) || !r.varint(score) || score > 200) return false;
    t.score = static_cast<int>(static_cast<int64_t>(score) - 100);
  }
  return true;
}

void put_report(std::string& out, const ExternalReport& r) {
  put_string(out, r.source);
  put_string(out, r.kind);
  put_varint(out, r.id);
  out.push_back(static_cast<char>(r.type));
  put_varint(out, r.prefixes.size());
  for (const auto& p : r.prefixes) put_prefix(out, p);
  put_varint(out, r.offending_asn);
  put_asns(out, r.expected_asns);
  put_varint(out, r.confidence);
  put_tags(out, r.tags);
  put_asns(out, r.peer_asns);
  put_varint(out, r.peer_count);
  put_asns(out, r.leak_segment);
  put_varint(out, static_cast<uint64_t>(r.start_us));
  put_varint(out, static_cast<uint64_t>(r.last_seen_us));
  out.push_back(r.ongoing ? 1 : 0);
}

bool read_report(Reader& in, ExternalReport& r) {
  uint8_t type = 0, ongoing = 0;
  uint64_t n = 0, start = 0, last = 0;
  if (!in.string(r.source) || !in.string(r.kind) || !in.varint(r.id) || !in.u8(type) || type < 1 ||
      type > static_cast<uint8_t>(AlertType::kFeed) || !in.count(n))
    return false;
  r.type = static_cast<AlertType>(type);
  r.prefixes.resize(n);
  for (auto& p : r.prefixes)
    if (!in.prefix(p)) return false;
  if (!in.u32(r.offending_asn) || !read_asns(in, r.expected_asns) || !in.u32(r.confidence) ||
      !read_tags(in, r.tags) || !read_asns(in, r.peer_asns) || !in.varint(r.peer_count) ||
      !read_asns(in, r.leak_segment) || !in.varint(start) || !in.varint(last) || !in.u8(ongoing) ||
      ongoing > 1)
    return false;
  r.start_us = static_cast<int64_t>(start);
  r.last_seen_us = static_cast<int64_t>(last);
  r.ongoing = ongoing == 1;
  return true;
}

}  // namespace

std::string encode_event(const Event& e) {
  std::string out;
  out.push_back(static_cast<char>(kEventFormat));
  put_varint(out, e.id);
  out.push_back(static_cast<char>(e.type));
  out.push_back(static_cast<char>(e.status));
  put_varint(out, e.prefixes.size());
  for (const auto& p : e.prefixes) put_prefix(out, p);
  put_prefix(out, e.monitored_prefix);
  put_varint(out, e.offending_asn);
  put_asns(out, e.expected_asns);
  put_varint(out, static_cast<uint64_t>(e.start_us));
  put_varint(out, static_cast<uint64_t>(e.end_us));
  put_varint(out, static_cast<uint64_t>(e.last_seen_us));
  put_varint(out, e.peers.size());
  for (const auto& p : e.peers) {
    put_string(out, p.source);
    put_ip(out, p.ip);
    put_varint(out, p.asn);
  }
  put_varint(out, e.carriers.size());
  for (uint32_t c : e.carriers) put_varint(out, c);
  put_asns(out, e.peer_asns);
  put_varint(out, static_cast<uint64_t>(std::clamp(e.max_visibility, 0.0, 1.0) * 1e6 + 0.5));
  put_varint(out, e.confidence);
  put_tags(out, e.tags);
  put_string(out, e.description);
  put_as_path(out, e.as_path);
  put_string(out, e.subject);
  put_varint(out, e.carried_routes.size());
  for (const auto& [peer, prefix] : e.carried_routes) {
    put_varint(out, peer);
    put_varint(out, prefix);
  }
  out.push_back(e.detected ? 1 : 0);
  put_varint(out, e.reports.size());
  for (const auto& r : e.reports) put_report(out, r);
  return out;
}

bool decode_event(std::string_view value, Event& e) {
  Reader r(value);
  uint8_t format = 0, type = 0, status = 0;
  uint64_t n = 0, start = 0, end = 0, last = 0, visibility = 0;
  if (!r.u8(format) || (format != kEventFormat && format != kEventFormatV1) || !r.varint(e.id) ||
      !r.u8(type) || type < 1 || type > static_cast<uint8_t>(AlertType::kFeed) || !r.u8(status) ||
      status < 1 || status > static_cast<uint8_t>(EventStatus::kEnded) || !r.count(n))
    return false;
  e.type = static_cast<AlertType>(type);
  e.status = static_cast<EventStatus>(status);
  e.prefixes.resize(n);
  for (auto& p : e.prefixes)
    if (!r.prefix(p)) return false;
  if (!r.prefix(e.monitored_prefix) || !r.u32(e.offending_asn) || !read_asns(r, e.expected_asns))
    return false;
  if (!r.varint(start) || !r.varint(end) || !r.varint(last) || !r.count(n)) return false;
  e.start_us = static_cast<int64_t>(start);
  e.end_us = static_cast<int64_t>(end);
  e.last_seen_us = static_cast<int64_t>(last);
  e.peers.resize(n);
  for (auto& p : e.peers)
    if (!r.string(p.source) || !r.ip(p.ip) || !r.u32(p.asn)) return false;
  if (!r.count(n)) return false;
  e.carriers.resize(n);
  for (auto& c : e.carriers)
    if (!r.u32(c) || c >= e.peers.size()) return false;
  if (!read_asns(r, e.peer_asns)) return false;
  if (!r.varint(visibility) || visibility > 1000000 || !r.u32(e.confidence) || e.confidence > 10 ||
      !read_tags(r, e.tags))
    return false;
  e.max_visibility = static_cast<double>(visibility) / 1e6;
  if (!r.string(e.description) || !r.as_path(e.as_path) || !r.string(e.subject)) return false;
  e.carried_routes.clear();
  e.detected = true;
  e.reports.clear();
  // Format 1 ends here, or after a count (not 0) of carried routes.
  if (format == kEventFormatV1 && r.done()) return true;
  if (!r.count(n) || (format == kEventFormatV1 && n == 0)) return false;
  e.carried_routes.resize(n);
  for (auto& [peer, prefix] : e.carried_routes)
    if (!r.u32(peer) || peer >= e.peers.size() || !r.u32(prefix) || prefix >= e.prefixes.size())
      return false;
  if (format == kEventFormatV1) return r.done();
  uint8_t detected = 0;
  if (!r.u8(detected) || detected > 1 || !r.count(n)) return false;
  e.detected = detected == 1;
  e.reports.resize(n);
  for (auto& report : e.reports)
    if (!read_report(r, report)) return false;
  return r.done();
}

std::string be64_key(uint64_t id) {
  std::string key;
  put_be64(key, id);
  return key;
}

std::string encode_revision(const ConfigRevision& r) {
  std::string out;
  out.push_back(static_cast<char>(kRevisionFormat));
  put_varint(out, r.id);
  put_varint(out, static_cast<uint64_t>(r.time_us));
  for (const std::string* s : {&r.who, &r.action, &r.diff, &r.text}) {
    put_varint(out, s->size());
    out += *s;
  }
  return out;
}

bool decode_revision(std::string_view value, ConfigRevision& r) {
  Reader reader(value);
  uint8_t format = 0;
  uint64_t time = 0;
  if (!reader.u8(format) || format != kRevisionFormat || !reader.varint(r.id) ||
      !reader.varint(time))
    return false;
  r.time_us = static_cast<int64_t>(time);
  for (std::string* s : {&r.who, &r.action, &r.diff, &r.text})
    if (!reader.string(*s)) return false;
  return true;
}

namespace {

void put_string(std::string& out, const std::string& s) {
  put_varint(out, s.size());
  out += s;
}

}  // namespace

std::string encode_audit(const AuditEntry& e) {
  std::string out(1, static_cast<char>(kAuditFormat));
  put_varint(out, static_cast<uint64_t>(e.time_us));
  for (const std::string* s : {&e.who, &e.action, &e.outcome}) put_string(out, *s);
  return out;
}

bool decode_audit(std::string_view value, AuditEntry& e) {
  Reader r(value);
  uint8_t format = 0;
  uint64_t time = 0;
  if (!r.u8(format) || format != kAuditFormat || !r.varint(time)) return false;
  e.time_us = static_cast<int64_t>(time);
  for (std::string* s : {&e.who, &e.action, &e.outcome})
    if (!r.string(*s)) return false;
  return true;
}

std::string encode_silence(const Silence& s) {
  std::string out(1, static_cast<char>(kSilenceFormat));
  put_varint(out, static_cast<uint64_t>(s.created_us));
  put_varint(out, static_cast<uint64_t>(s.until_us));
  put_string(out, s.who);
  put_string(out, s.comment);
  out.push_back(static_cast<char>(s.type ? static_cast<uint8_t>(*s.type) : 0));
  out.push_back(static_cast<char>(s.prefix ? 1 : 0));
  if (s.prefix) put_string(out, s.prefix->to_string());
  put_varint(out, s.offending_asn);
  put_varint(out, s.event_id);
  return out;
}

bool decode_silence(std::string_view value, Silence& s) {
  Reader r(value);
  uint8_t format = 0, type = 0, has_prefix = 0;
  uint64_t created = 0, until = 0, asn = 0;
  if (!r.u8(format) || format != kSilenceFormat || !r.varint(created) || !r.varint(until) ||
      !r.string(s.who) || !r.string(s.comment) || !r.u8(type) ||
      type > static_cast<uint8_t>(AlertType::kFeed) || !r.u8(has_prefix))
    return false;
  s.created_us = static_cast<int64_t>(created);
  s.until_us = static_cast<int64_t>(until);
  if (type) s.type = static_cast<AlertType>(type);
  if (has_prefix) {
    std::string text;
    if (!r.string(text)) return false;
    s.prefix = Prefix::parse(text);
    if (!s.prefix) return false;
  }
  if (!r.varint(asn) || asn > UINT32_MAX || !r.varint(s.event_id)) return false;
  s.offending_asn = static_cast<uint32_t>(asn);
  return true;
}

std::string encode_ack(const EventAck& a) {
  std::string out(1, static_cast<char>(kAckFormat));
  put_varint(out, static_cast<uint64_t>(a.time_us));
  put_string(out, a.who);
  put_string(out, a.comment);
  return out;
}

bool decode_ack(std::string_view value, EventAck& a) {
  Reader r(value);
  uint8_t format = 0;
  uint64_t time = 0;
  if (!r.u8(format) || format != kAckFormat || !r.varint(time) || !r.string(a.who) ||
      !r.string(a.comment))
    return false;
  a.time_us = static_cast<int64_t>(time);
  return true;
}

}  // namespace bgpsentry::codec
