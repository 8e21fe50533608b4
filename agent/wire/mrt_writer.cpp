#include "agent/wire/mrt_writer.h"

#include <cstdint>

namespace bgpsentry::wire {
namespace {

constexpr uint16_t kBgp4mp = 16, kBgp4mpEt = 17;
constexpr uint16_t kStateChangeAs4 = 5, kMessageAs4 = 4, kMessageAs4AddPath = 9;
constexpr uint8_t kOptional = 0x80, kTransitive = 0x40, kExtendedLength = 0x10;

void u8(std::string& out, uint8_t v) {
  out.push_back(static_cast<char>(v));
}
void u16(std::string& out, uint16_t v) {
  u8(out, static_cast<uint8_t>(v >> 8));
  u8(out, static_cast<uint8_t>(v));
}
void u32(std::string& out, uint32_t v) {
  u16(out, static_cast<uint16_t>(v >> 16));
  u16(out, static_cast<uint16_t>(v));
}
void address(std::string& out, const IpAddress& a) {
  out.append(reinterpret_cast<const char*>(a.bytes.data()), static_cast<size_t>(a.size()));
}
void set_u16(std::string& out, size_t at, size_t v) {
  out[at] = static_cast<char>(v >> 8);
  out[at + 1] = static_cast<char>(v);
}
void set_u32(std::string& out, size_t at, size_t v) {
  set_u16(out, at, v >> 16);
  set_u16(out, at + 2, v & 0xFFFF);
}

// NLRI: [path id][length][the prefix's significant bytes].
void nlri(std::string& out, const Update& u) {
  if (u.path_id) u32(out, u.path_id);
  u8(out, static_cast<uint8_t>(u.prefix.length()));
  out.append(reinterpret_cast<const char*>(u.prefix.address().bytes.data()),
             static_cast<size_t>((u.prefix.length() + 7) / 8));
}

void attribute(std::string& out, uint8_t flags, uint8_t type, const std::string& value) {
  if (value.size() > 255) flags |= kExtendedLength;
  u8(out, flags);
  u8(out, type);
  if (flags & kExtendedLength)
    u16(out, static_cast<uint16_t>(value.size()));
  else
    u8(out, static_cast<uint8_t>(value.size()));
  out += value;
}

std::string as_path(const AsPath& path) {
  std::string v;
  for (const auto& segment : path.segments()) {
    // A segment holds at most 255 ASes: longer ones are split, as routers do.
    for (size_t i = 0; i < segment.asns.size() || i == 0; i += 255) {
      const size_t n = std::min<size_t>(255, segment.asns.size() - i);
      u8(v, static_cast<uint8_t>(segment.type));
      u8(v, static_cast<uint8_t>(n));
      for (size_t j = i; j < i + n; ++j) u32(v, segment.asns[j]);
      if (segment.asns.empty()) break;
    }
  }
  return v;
}

std::string path_attributes(const Update& u) {
  std::string out;
  const bool v6 = u.prefix.afi() == Afi::kIpv6;
  const bool multicast = u.safi == Safi::kMulticast;
  if (u.kind == UpdateKind::kWithdraw) {
    if (v6 || multicast) {  // MP_UNREACH_NLRI
      std::string v;
      u16(v, v6 ? 2 : 1);
      u8(v, static_cast<uint8_t>(u.safi));
      nlri(v, u);
      attribute(out, kOptional, 15, v);
    }
    return out;
  }
  const RouteAttributes empty;
  const RouteAttributes& a = u.attrs ? *u.attrs : empty;
  if (a.origin_type != OriginType::kAbsent)
    attribute(out, kTransitive, 1, std::string(1, static_cast<char>(a.origin_type)));
  attribute(out, kTransitive, 2, as_path(a.as_path));
  if (a.next_hop && !v6 && !multicast) {
    std::string v;
    address(v, *a.next_hop);
    attribute(out, kTransitive, 3, v);
  }
  std::string v;
  if (a.med) {
    u32(v, *a.med);
    attribute(out, kOptional, 4, v);
  }
  if (a.local_pref) {
    v.clear();
    u32(v, *a.local_pref);
    attribute(out, kTransitive, 5, v);
  }
  if (a.atomic_aggregate) attribute(out, kTransitive, 6, "");
  if (a.aggregator) {
    v.clear();
    u32(v, a.aggregator->asn);
    address(v, a.aggregator->address);
    attribute(out, kOptional | kTransitive, 7, v);
  }
  if (!a.communities.empty()) {
    v.clear();
    for (uint32_t c : a.communities) u32(v, c);
    attribute(out, kOptional | kTransitive, 8, v);
  }
  if (a.originator_id) {
    v.clear();
    u32(v, *a.originator_id);
    attribute(out, kOptional, 9, v);
  }
  if (!a.cluster_list.empty()) {
    v.clear();
    for (uint32_t id : a.cluster_list) u32(v, id);
    attribute(out, kOptional, 10, v);
  }
  if (v6 || multicast) {  // MP_REACH_NLRI
    v.clear();
    u16(v, v6 ? 2 : 1);
    u8(v, static_cast<uint8_t>(u.safi));
    std::string hop;
    if (a.next_hop) address(hop, *a.next_hop);
    if (a.next_hop_link_local) address(hop, *a.next_hop_link_local);
    u8(v, static_cast<uint8_t>(hop.size()));
    v += hop;
    u8(v, 0);  // reserved
    nlri(v, u);
    attribute(out, kOptional, 14, v);
  }
  if (!a.extended_communities.empty()) {
    v.clear();
    for (uint64_t c : a.extended_communities) {
      u32(v, static_cast<uint32_t>(c >> 32));
      u32(v, static_cast<uint32_t>(c));
    }
    attribute(out, kOptional | kTransitive, 16, v);
  }
  if (!a.large_communities.empty()) {
    v.clear();
    for (const auto& c : a.large_communities) {
      u32(v, c.global);
      u32(v, c.local1);
      u32(v, c.local2);
    }
    attribute(out, kOptional | kTransitive, 32, v);
  }
  if (a.only_to_customer) {
    v.clear();
    u32(v, *a.only_to_customer);
    attribute(out, kOptional | kTransitive, 35, v);
  }
  for (const auto& raw : a.unknown)
    attribute(out, raw.flags & ~kExtendedLength, raw.type,
              std::string(raw.value.begin(), raw.value.end()));
  return out;
}

std::string bgp_update(const Update& u) {
  std::string msg(16, '\xff');
  u16(msg, 0);  // length, set below
  u8(msg, 2);   // UPDATE
  const bool classic = u.prefix.afi() == Afi::kIpv4 && u.safi != Safi::kMulticast;
  std::string withdrawn;
  if (classic && u.kind == UpdateKind::kWithdraw) nlri(withdrawn, u);
  u16(msg, static_cast<uint16_t>(withdrawn.size()));
  msg += withdrawn;
  const std::string attrs = path_attributes(u);
  u16(msg, static_cast<uint16_t>(attrs.size()));
  msg += attrs;
  if (classic && u.kind != UpdateKind::kWithdraw) nlri(msg, u);
  set_u16(msg, 16, msg.size());
  return msg;
}

}  // namespace

void append_mrt_record(const Update& u, std::string& out) {
  const int64_t seconds = u.time_us / 1000000;
  const uint32_t micros = static_cast<uint32_t>(u.time_us % 1000000);
  const bool et = micros != 0;
  const size_t header = out.size();
  u32(out, static_cast<uint32_t>(seconds));
  u16(out, et ? kBgp4mpEt : kBgp4mp);
  const bool state = u.kind == UpdateKind::kPeerState;
  u16(out, state ? kStateChangeAs4 : u.path_id ? kMessageAs4AddPath : kMessageAs4);
  u32(out, 0);  // length, set below
  if (et) u32(out, micros);
  u32(out, u.peer_asn);
  u32(out, 0);  // local AS: not kept
  u16(out, 0);  // interface index
  const bool v6_peer = u.peer_ip.afi == Afi::kIpv6;
  u16(out, v6_peer ? 2 : 1);
  address(out, u.peer_ip);
  address(out, IpAddress{u.peer_ip.afi, {}});  // local address: not kept
  if (state) {
    u16(out, u.old_state);
    u16(out, u.new_state);
  } else {
    out += bgp_update(u);
  }
  // The length excludes the common header; for BGP4MP_ET it includes the microseconds.
  set_u32(out, header + 8, out.size() - header - 12);
}

}  // namespace bgpsentry::wire
