#include "agent/decode/mrt_record.h"

#include <cstdlib>

#include "agent/decode/mrt_internal.h"

namespace bgpsentry {
namespace {

enum Bgp4mpSubtype : uint16_t {
  kStateChange = 0,
  kMessage = 1,
  kEntry = 2,
  kSnapshot = 3,
  kMessageAs4 = 4,
  kStateChangeAs4 = 5,
  kMessageLocal = 6,
  kMessageAs4Local = 7,
  kMessageAddpath = 8,
  kMessageAs4Addpath = 9,
  kMessageLocalAddpath = 10,
  kMessageAs4LocalAddpath = 11,
};

bool is_as4(uint16_t subtype) {
  return subtype == kMessageAs4 || subtype == kStateChangeAs4 || subtype == kMessageAs4Local ||
         subtype == kMessageAs4Addpath || subtype == kMessageAs4LocalAddpath;
}
bool is_state_change(uint16_t subtype) {
  return subtype == kStateChange || subtype == kStateChangeAs4;
}

bool known_type(uint16_t type, uint16_t subtype) {
  switch (type) {
    case kMrtBgp:
      return subtype <= 7;
    case kMrtTableDump:
      return subtype == 1 || subtype == 2;
    case kMrtTableDumpV2:
      return subtype >= 1 && subtype <= 12;
    case kMrtBgp4mp:
    case kMrtBgp4mpEt:
      return subtype <= 11;
    default:
      return false;
  }
}

using mrt_detail::error_at;

// Deprecated MRT type 5 (BGP) subtypes, RFC 6396 Appendix B.
enum BgpSubtype : uint16_t {
  kBgpUpdate = 1,
  kBgpPrefUpdate = 2,
  kBgpStateChange = 3,
  kBgpSync = 4,
  kBgpOpen = 5,
  kBgpNotify = 6,
  kBgpKeepalive = 7,
};

Update& peer_state(std::vector<Update>& out, const UpdateEnvelope& envelope, uint16_t old_state,
                   uint16_t new_state) {
  Update& u = out.emplace_back();
  u.time_us = envelope.time_us;
  u.source = envelope.source;
  u.peer_ip = envelope.peer_ip;
  u.peer_asn = envelope.peer_asn;
  u.kind = UpdateKind::kPeerState;
  u.prefix = Prefix(IpAddress{envelope.peer_ip.afi, {}}, 0);
  u.old_state = static_cast<uint8_t>(old_state);
  u.new_state = static_cast<uint8_t>(new_state);
  return u;
}

// Type 5 records: peer AS and IP, then (for messages) local AS and IP and the message
// without its 19-byte header.
Result<MrtRecordResult> decode_legacy_bgp(const MrtHeader& header, ByteSpan body,
                                          const std::string& source, std::vector<Update>& out,
                                          DecodeWarnings* warnings) {
  ByteReader r(body);
  uint16_t peer_as = 0;
  ByteSpan peer_ip;
  if (!r.u16(peer_as) || !r.bytes(4, peer_ip)) return error_at(0, "truncated BGP record peer");
  const UpdateEnvelope envelope{int64_t{header.timestamp} * 1000000, source,
                                IpAddress::v4(peer_ip.data()), peer_as};
  switch (header.subtype) {
    case kBgpStateChange: {
      uint16_t old_state = 0, new_state = 0;
      if (!r.u16(old_state) || !r.u16(new_state))
        return error_at(r.offset(), "truncated BGP STATE_CHANGE");
      peer_state(out, envelope, old_state, new_state);
      return MrtRecordResult{MrtRecordKind::kStateChange, {}};
    }
    case kBgpUpdate: {
      if (!r.skip(2 + 4)) return error_at(r.offset(), "truncated BGP record local address");
      const size_t at = r.offset();
      if (auto st = decode_bgp_update(r.rest(), BgpDecodeOptions{false, false}, envelope, out,
                                      warnings);
          !st)
        return Error{st.error() + " (UPDATE at byte " + std::to_string(at) +
                     " of the record body)"};
      return MrtRecordResult{MrtRecordKind::kMessage, {}};
    }
    case kBgpOpen:
    case kBgpNotify:
    case kBgpKeepalive:
      if (!r.skip(2 + 4)) return error_at(r.offset(), "truncated BGP record local address");
      return MrtRecordResult{MrtRecordKind::kMessage, {}};  // no routes in them
    default:
      return MrtRecordResult{MrtRecordKind::kUnsupported,
                             "MRT type 5 (BGP) subtype " + std::to_string(header.subtype) +
                                 " (NULL/PREF_UPDATE/SYNC) carries no routes; skipped"};
  }
}

struct Bgp4mpPeer {
  uint32_t peer_asn = 0;
  IpAddress peer_ip;
};

// Reads the BGP4MP common part: peer AS, local AS, interface, AFI, peer and local IP.
// Zebra wrote OPEN messages with interface and AFI 0xFFFF, no addresses, and the first
// four bytes of the marker missing; `zebra_open` reports that form (peer IP unknown).
Result<Bgp4mpPeer> read_bgp4mp_peer(ByteReader& r, bool as4, bool* zebra_open = nullptr) {
  Bgp4mpPeer peer;
  uint16_t asn16 = 0, ifindex = 0, afi = 0;
  uint32_t local_as = 0;
  if (as4) {
    if (!r.u32(peer.peer_asn) || !r.u32(local_as))
      return error_at(r.offset(), "truncated BGP4MP header");
  } else {
    if (!r.u16(asn16)) return error_at(r.offset(), "truncated BGP4MP header");
    peer.peer_asn = asn16;
    if (!r.u16(asn16)) return error_at(r.offset(), "truncated BGP4MP header");
  }
  if (!r.u16(ifindex) || !r.u16(afi)) return error_at(r.offset(), "truncated BGP4MP header");
  if (zebra_open && ifindex == 0xFFFF && afi == 0xFFFF) {
    *zebra_open = true;
    peer.peer_ip = IpAddress{};
    return peer;
  }
  if (afi != 1 && afi != 2)
    return error_at(r.offset() - 2, "BGP4MP address family " + std::to_string(afi) + " unknown");
  const size_t ip_size = afi == 1 ? 4 : 16;
  ByteSpan peer_ip, local_ip;
  if (!r.bytes(ip_size, peer_ip) || !r.bytes(ip_size, local_ip))
    return error_at(r.offset(), "truncated BGP4MP addresses");
  peer.peer_ip = afi == 1 ? IpAddress::v4(peer_ip.data()) : IpAddress::v6(peer_ip.data());
  return peer;
}

Result<MrtRecordResult> decode_bgp4mp(const MrtHeader& header, ByteSpan body,
                                      const std::string& source, std::vector<Update>& out,
                                      DecodeWarnings* warnings) {
  ByteReader r(body);
  int64_t time_us = static_cast<int64_t>(header.timestamp) * 1000000;
  if (header.type == kMrtBgp4mpEt) {
    uint32_t micros = 0;
    if (!r.u32(micros)) return error_at(0, "truncated BGP4MP_ET microseconds");
    if (micros >= 1000000) return error_at(0, "BGP4MP_ET microseconds out of range");
    time_us += micros;
  }
  const uint16_t st = header.subtype;
  if (st == kEntry || st == kSnapshot)
    return MrtRecordResult{
        MrtRecordKind::kUnsupported,
        "deprecated BGP4MP subtype " + std::to_string(st) + " (BGP4MP_ENTRY/SNAPSHOT) skipped"};
  if (st > kMessageAs4LocalAddpath)
    return error_at(0, "unknown BGP4MP subtype " + std::to_string(st));
  if (is_state_change(st) && r.remaining() == (is_as4(st) ? 12u : 8u)) {
    // Zebra once wrote state changes without interface, AFI and addresses.
    uint32_t peer_as = 0, local_as = 0;
    uint16_t as16 = 0, old_state = 0, new_state = 0;
    if (is_as4(st)) {
      r.u32(peer_as);
      r.u32(local_as);
    } else {
      r.u16(as16);
      peer_as = as16;
      r.u16(as16);
    }
    r.u16(old_state);
    r.u16(new_state);
    if (warnings) warnings->add("short STATE_CHANGE without addresses (Zebra)");
    peer_state(out, UpdateEnvelope{time_us, source, IpAddress{}, peer_as}, old_state, new_state);
    return MrtRecordResult{MrtRecordKind::kStateChange, {}};
  }
  bool zebra_open = false;
  auto peer = read_bgp4mp_peer(r, is_as4(st), is_state_change(st) ? nullptr : &zebra_open);
  if (!peer) return Error{peer.error()};
  const UpdateEnvelope envelope{time_us, source, peer->peer_ip, peer->peer_asn};
  if (is_state_change(st)) {
    uint16_t old_state = 0, new_state = 0;
    if (!r.u16(old_state) || !r.u16(new_state))
      return error_at(r.offset(), "truncated STATE_CHANGE");
    peer_state(out, envelope, old_state, new_state);
    return MrtRecordResult{MrtRecordKind::kStateChange, {}};
  }
  const size_t message_at = r.offset();
  ByteSpan message = r.rest();
  std::vector<uint8_t> repaired;
  if (zebra_open) {
    repaired.assign(4, 0xFF);
    repaired.insert(repaired.end(), message.begin(), message.end());
    message = repaired;
    if (warnings) warnings->add("BGP4MP message without addresses and marker start (Zebra)");
  }
  const BgpDecodeOptions options{is_as4(st), is_bgp4mp_addpath(st)};
  auto type = decode_bgp_message(message, options, envelope, out, warnings);
  if (!type)
    return Error{type.error() + " (BGP message at byte " + std::to_string(message_at) +
                 " of the record body)"};
  return MrtRecordResult{MrtRecordKind::kMessage, {}};
}

}  // namespace

MrtHeader parse_mrt_header(const uint8_t* p) {
  return MrtHeader{load_u32(p), load_u16(p + 4), load_u16(p + 6), load_u32(p + 8)};
}

bool valid_mrt_header(const MrtHeader& h) {
  return known_type(h.type, h.subtype) && h.length <= kMrtMaxRecordLength;
}

bool plausible_mrt_record(ByteSpan data, uint32_t last_timestamp) {
  if (data.size() < kMrtHeaderSize) return false;
  const MrtHeader h = parse_mrt_header(data.data());
  if (!valid_mrt_header(h)) return false;
  if (last_timestamp != 0) {
    // Archive files cover minutes to hours; a day either way is generous.
    const int64_t delta = static_cast<int64_t>(h.timestamp) - last_timestamp;
    if (std::llabs(delta) > 86400) return false;
  } else if (h.timestamp == 0) {
    return false;
  }
  if (h.type != kMrtBgp4mp && h.type != kMrtBgp4mpEt) return true;
  // BGP4MP: the AFI must be known and a message must start with the all-ones marker.
  size_t at = kMrtHeaderSize + (h.type == kMrtBgp4mpEt ? 4 : 0);
  const size_t asn_size = is_as4(h.subtype) ? 4 : 2;
  at += 2 * asn_size + 2;
  if (data.size() < at + 2) return true;  // not enough lookahead to say more
  const uint16_t afi = load_u16(&data[at]);
  if (afi != 1 && afi != 2) return false;
  at += 2 + 2 * (afi == 1 ? 4 : 16);
  if (is_state_change(h.subtype)) return h.length == at - kMrtHeaderSize + 4;
  for (size_t i = 0; i < 16 && at + i < data.size(); ++i)
    if (data[at + i] != 0xFF) return false;
  return true;
}

bool is_bgp4mp_addpath(uint16_t subtype) {
  return subtype >= kMessageAddpath && subtype <= kMessageAs4LocalAddpath;
}

bool is_table_dump_v2_addpath(uint16_t subtype) {
  return subtype >= 8 && subtype <= 12;
}

Result<MrtRecordResult> decode_mrt_record(const MrtHeader& header, ByteSpan body,
                                          const std::string& source, MrtDecodeContext& context,
                                          std::vector<Update>& out, DecodeWarnings* warnings) {
  switch (header.type) {
    case kMrtBgp4mp:
    case kMrtBgp4mpEt:
      return decode_bgp4mp(header, body, source, out, warnings);
    case kMrtBgp:
      return decode_legacy_bgp(header, body, source, out, warnings);
    case kMrtTableDump:
      return mrt_detail::decode_table_dump(header, body, source, out, warnings);
    case kMrtTableDumpV2:
      return mrt_detail::decode_table_dump_v2(header, body, source, context, out, warnings);
    default:
      return MrtRecordResult{MrtRecordKind::kUnsupported,
                             "unknown MRT type " + std::to_string(header.type)};
  }
}

}  // namespace bgpsentry
