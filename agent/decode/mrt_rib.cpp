// RIB snapshots: TABLE_DUMP (RFC 6396 4.2) and TABLE_DUMP_V2 (RFC 6396 4.3, RFC 8050).
#include <cstring>

#include "agent/decode/mrt_internal.h"

namespace bgpsentry::mrt_detail {
namespace {

enum TableDumpV2Subtype : uint16_t {
  kPeerIndexTable = 1,
  kRibIpv4Unicast = 2,
  kRibIpv4Multicast = 3,
  kRibIpv6Unicast = 4,
  kRibIpv6Multicast = 5,
  kRibGeneric = 6,
  kGeoPeerTable = 7,
  kRibIpv4UnicastAddpath = 8,
  kRibIpv4MulticastAddpath = 9,
  kRibIpv6UnicastAddpath = 10,
  kRibIpv6MulticastAddpath = 11,
  kRibGenericAddpath = 12,
};

// A RIB entry's MP_REACH holds only the next hop (RFC 6396 4.3.4: length, address), but
// some writers put the whole attribute there: a leading 0 byte is the high byte of an AFI.
void apply_rib_mp_reach(const PathAttributes& decoded, RouteAttributes& attrs) {
  if (!decoded.has_mp_reach || decoded.mp_reach.empty()) return;
  ByteReader r(decoded.mp_reach);
  uint8_t length = 0;
  ByteSpan next_hop;
  if (decoded.mp_reach[0] != 0) {
    if (r.u8(length) && r.bytes(length, next_hop)) set_mp_next_hop(next_hop, attrs);
  } else if (r.skip(3) && r.u8(length) && r.bytes(length, next_hop)) {
    set_mp_next_hop(next_hop, attrs);
  }
}

Result<std::shared_ptr<RouteAttributes>> rib_attributes(ByteReader& r, bool four_byte_asn,
                                                        DecodeWarnings* warnings) {
  uint16_t length = 0;
  ByteSpan data;
  const size_t at = r.offset();
  if (!r.u16(length)) return error_at(at, "truncated attribute length");
  if (!r.bytes(length, data))
    return error_at(at, "attribute length " + std::to_string(length) + " exceeds the record");
  auto decoded = decode_path_attributes(data, at + 2, BgpDecodeOptions{four_byte_asn, false},
                                        warnings);
  if (!decoded) return Error{decoded.error() + " (in the record body)"};
  apply_rib_mp_reach(*decoded, *decoded->attrs);
  return std::move(decoded->attrs);
}

Update& rib_entry(std::vector<Update>& out, const MrtHeader& header, const std::string& source,
                  const Prefix& prefix, Safi safi) {
  Update& u = out.emplace_back();
  u.time_us = int64_t{header.timestamp} * 1000000;  // the dump's time, as bgpdump shows it
  u.source = source;
  u.kind = UpdateKind::kRibEntry;
  u.safi = safi;
  u.prefix = prefix;
  return u;
}

Result<MrtRecordResult> decode_peer_index(ByteSpan body, MrtDecodeContext& context) {
  ByteReader r(body);
  uint16_t name_length = 0, count = 0;
  if (!r.skip(4) || !r.u16(name_length) || !r.skip(name_length) || !r.u16(count))
    return error_at(r.offset(), "truncated PEER_INDEX_TABLE header");
  std::vector<MrtPeer> peers;
  peers.reserve(count);
  for (uint16_t i = 0; i < count; ++i) {
    const size_t at = r.offset();
    uint8_t type = 0;
    ByteSpan ip;
    MrtPeer peer;
    if (!r.u8(type) || !r.skip(4) || !r.bytes(type & 1 ? 16 : 4, ip))
      return error_at(at, "truncated peer entry " + std::to_string(i));
    peer.ip = type & 1 ? IpAddress::v6(ip.data()) : IpAddress::v4(ip.data());
    uint16_t asn16 = 0;
    if (type & 2 ? !r.u32(peer.asn) : !r.u16(asn16))
      return error_at(at, "truncated peer entry " + std::to_string(i));
    if (!(type & 2)) peer.asn = asn16;
    peers.push_back(peer);
  }
  context.peers = std::move(peers);
  context.has_peer_index = true;
  return MrtRecordResult{MrtRecordKind::kPeerIndex, {}};
}

}  // namespace

Result<MrtRecordResult> decode_table_dump(const MrtHeader& header, ByteSpan body,
                                          const std::string& source, std::vector<Update>& out,
                                          DecodeWarnings* warnings) {
  if (header.subtype != 1 && header.subtype != 2)
    return error_at(0, "TABLE_DUMP subtype " + std::to_string(header.subtype) + " unknown");
  const Afi afi = header.subtype == 1 ? Afi::kIpv4 : Afi::kIpv6;
  const size_t ip_size = address_size(afi);
  ByteReader r(body);
  if (!r.skip(4)) return error_at(0, "truncated TABLE_DUMP view and sequence");
  const size_t first = out.size();
  // Standard records hold one entry; early Zebra batched many after one view/sequence.
  while (!r.empty()) {
    const size_t at = r.offset();
    ByteSpan address, peer_ip;
    uint8_t length = 0;
    uint16_t peer_as = 0;
    if (!r.bytes(ip_size, address) || !r.u8(length) || !r.skip(1 + 4) ||
        !r.bytes(ip_size, peer_ip) || !r.u16(peer_as)) {
      out.resize(first);
      return error_at(at, "truncated TABLE_DUMP entry");
    }
    if (length > max_length(afi)) {
      out.resize(first);
      return error_at(at, "TABLE_DUMP prefix length " + std::to_string(length) + " exceeds " +
                              std::to_string(max_length(afi)));
    }
    auto attrs = rib_attributes(r, false, warnings);
    if (!attrs) {
      out.resize(first);
      return Error{attrs.error()};
    }
    const IpAddress prefix_address =
        afi == Afi::kIpv4 ? IpAddress::v4(address.data()) : IpAddress::v6(address.data());
    Update& u = rib_entry(out, header, source, Prefix(prefix_address, length), Safi::kUnicast);
    u.peer_ip = afi == Afi::kIpv4 ? IpAddress::v4(peer_ip.data()) : IpAddress::v6(peer_ip.data());
    u.peer_asn = peer_as;
    u.attrs = std::move(*attrs);
  }
  return MrtRecordResult{MrtRecordKind::kRib, {}};
}

Result<MrtRecordResult> decode_table_dump_v2(const MrtHeader& header, ByteSpan body,
                                             const std::string& source, MrtDecodeContext& context,
                                             std::vector<Update>& out, DecodeWarnings* warnings) {
  const uint16_t st = header.subtype;
  if (st == kPeerIndexTable) return decode_peer_index(body, context);
  if (st == kGeoPeerTable)
    return MrtRecordResult{MrtRecordKind::kUnsupported,
                           "TABLE_DUMP_V2 GEO_PEER_TABLE (RFC 6397) carries no routes; skipped"};
  if (!context.has_peer_index)
    return error_at(0, "RIB record before any PEER_INDEX_TABLE");
  ByteReader r(body);
  Afi afi = Afi::kIpv4;
  uint8_t safi = 1;
  if (!r.skip(4)) return error_at(0, "truncated RIB sequence number");
  switch (st) {
    case kRibIpv4Unicast:
    case kRibIpv4UnicastAddpath:
      break;
    case kRibIpv4Multicast:
    case kRibIpv4MulticastAddpath:
      safi = 2;
      break;
    case kRibIpv6Unicast:
    case kRibIpv6UnicastAddpath:
      afi = Afi::kIpv6;
      break;
    case kRibIpv6Multicast:
    case kRibIpv6MulticastAddpath:
      afi = Afi::kIpv6;
      safi = 2;
      break;
    case kRibGeneric:
    case kRibGenericAddpath: {
      uint16_t afi_code = 0;
      if (!r.u16(afi_code) || !r.u8(safi)) return error_at(4, "truncated RIB_GENERIC header");
      if ((afi_code != 1 && afi_code != 2) || (safi != 1 && safi != 2))
        return MrtRecordResult{MrtRecordKind::kUnsupported,
                               "RIB_GENERIC for AFI " + std::to_string(afi_code) + " SAFI " +
                                   std::to_string(safi) + " skipped"};
      afi = afi_code == 1 ? Afi::kIpv4 : Afi::kIpv6;
      break;
    }
    default:
      return error_at(0, "TABLE_DUMP_V2 subtype " + std::to_string(st) + " unknown");
  }
  const size_t prefix_at = r.offset();
  uint8_t length = 0;
  ByteSpan bytes;
  if (!r.u8(length)) return error_at(prefix_at, "truncated RIB prefix");
  if (length > max_length(afi))
    return error_at(prefix_at, "RIB prefix length " + std::to_string(length) + " exceeds " +
                                   std::to_string(max_length(afi)));
  if (!r.bytes((length + 7u) / 8u, bytes)) return error_at(prefix_at, "truncated RIB prefix");
  IpAddress address;
  address.afi = afi;
  std::memcpy(address.bytes.data(), bytes.data(), bytes.size());
  const Prefix prefix(address, length);

  uint16_t count = 0;
  if (!r.u16(count)) return error_at(r.offset(), "truncated RIB entry count");
  const bool add_path = is_table_dump_v2_addpath(st);
  const size_t first = out.size();
  auto fail = [&](Error e) {
    out.resize(first);
    return e;
  };
  for (uint16_t i = 0; i < count; ++i) {
    const size_t at = r.offset();
    uint16_t peer_index = 0;
    uint32_t path_id = 0;
    if (!r.u16(peer_index) || !r.skip(4) || (add_path && !r.u32(path_id)))
      return fail(error_at(at, "truncated RIB entry " + std::to_string(i)));
    if (peer_index >= context.peers.size())
      return fail(error_at(at, "RIB entry names peer " + std::to_string(peer_index) + " of " +
                                   std::to_string(context.peers.size())));
    auto attrs = rib_attributes(r, true, warnings);
    if (!attrs) return fail(Error{attrs.error()});
    Update& u = rib_entry(out, header, source, prefix, static_cast<Safi>(safi));
    u.peer_ip = context.peers[peer_index].ip;
    u.peer_asn = context.peers[peer_index].asn;
    u.path_id = path_id;
    u.attrs = std::move(*attrs);
  }
  if (!r.empty() && warnings)
    warnings->add(std::to_string(r.remaining()) + " bytes after the last RIB entry ignored");
  return MrtRecordResult{MrtRecordKind::kRib, {}};
}

}  // namespace bgpsentry::mrt_detail
