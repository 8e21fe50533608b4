#include "agent/decode/bgp_message.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <string>

namespace bgpsentry {
namespace {

enum AttrType : uint8_t {
  kOrigin = 1,
  kAsPath = 2,
  kNextHop = 3,
  kMed = 4,
  kLocalPref = 5,
  kAtomicAggregate = 6,
  kAggregator = 7,
  kCommunities = 8,
  kMpReach = 14,
  kMpUnreach = 15,
  kAs4Path = 17,
  kAs4Aggregator = 18,
  kOriginatorId = 9,
  kClusterList = 10,
  kExtendedCommunities = 16,
  kLargeCommunities = 32,
  kOnlyToCustomer = 35,
};

constexpr uint32_t kAsTrans = 23456;  // RFC 6793

constexpr uint8_t kFlagExtendedLength = 0x10;

Error error_at(size_t offset, const std::string& what) {
  return Error{what + " at byte " + std::to_string(offset) + " of the UPDATE"};
}

// Calls emit(prefix, path_id) for each NLRI entry of `data` (RFC 4271 4.3, RFC 7911).
// With `cut_tail` set, the data may end inside its last entry (a message its container
// cut short): that entry is dropped and *cut_tail reports it.
template <typename Emit>
Status parse_nlri(ByteSpan data, size_t base, Afi afi, bool add_path, const char* what, Emit&& emit,
                  bool* cut_tail = nullptr) {
  ByteReader r(data);
  while (!r.empty()) {
    const size_t at = base + r.offset();
    uint32_t path_id = 0;
    if (add_path && r.remaining() < 5 && cut_tail) return *cut_tail = true, ok_status();
    if (add_path && !r.u32(path_id)) return error_at(at, std::string("truncated ") + what);
    uint8_t length = 0;
    if (!r.u8(length)) return error_at(at, std::string("truncated ") + what);
    if (length > max_length(afi))
      return error_at(at, std::string(what) + " prefix length " + std::to_string(length) +
                              " exceeds " + std::to_string(max_length(afi)));
    ByteSpan bytes;
    if (!r.bytes((length + 7u) / 8u, bytes)) {
      if (cut_tail) return *cut_tail = true, ok_status();
      return error_at(at, std::string("truncated ") + what + " prefix");
    }
    IpAddress address;
    address.afi = afi;
    std::memcpy(address.bytes.data(), bytes.data(), bytes.size());
    emit(Prefix(address, length), path_id);
  }
  return ok_status();
}

Status parse_as_path(ByteSpan data, size_t base, int asn_size, std::vector<AsPathSegment>& out) {
  ByteReader r(data);
  while (!r.empty()) {
    const size_t at = base + r.offset();
    uint8_t type = 0, count = 0;
    if (!r.u8(type) || !r.u8(count)) return error_at(at, "truncated AS_PATH segment header");
    if (type < 1 || type > 4)
      return error_at(at, "unknown AS_PATH segment type " + std::to_string(type));
    AsPathSegment segment{static_cast<SegmentType>(type), {}};
    segment.asns.reserve(count);
    for (int i = 0; i < count; ++i) {
      uint32_t asn = 0;
      uint16_t asn16 = 0;
      if (asn_size == 4 ? !r.u32(asn) : !r.u16(asn16))
        return error_at(at, "truncated AS_PATH segment");
      segment.asns.push_back(asn_size == 4 ? asn : asn16);
    }
    out.push_back(std::move(segment));
  }
  return ok_status();
}

// RFC 6793 4.2.3: rebuild the real path from a 2-byte AS_PATH and the AS4_PATH.
AsPath reconcile_as4_path(const AsPath& as_path, std::vector<AsPathSegment> as4) {
  std::erase_if(as4, [](const AsPathSegment& s) {
    return s.type == SegmentType::kConfedSequence || s.type == SegmentType::kConfedSet;
  });
  const AsPath as4_path(as4);
  const size_t n_as = as_path.length(), n_as4 = as4_path.length();
  if (n_as < n_as4) return as_path;  // AS4_PATH is inconsistent: ignore it
  size_t keep = n_as - n_as4;
  std::vector<AsPathSegment> merged;
  for (const auto& s : as_path.segments()) {
    if (keep == 0) break;
    if (s.type == SegmentType::kSequence) {
      const size_t n = std::min(keep, s.asns.size());
      merged.push_back({s.type, {s.asns.begin(), s.asns.begin() + static_cast<long>(n)}});
      keep -= n;
    } else if (s.type == SegmentType::kSet) {
      merged.push_back(s);
      keep -= 1;
    } else {
      merged.push_back(s);
    }
  }
  for (auto& s : as4) merged.push_back(std::move(s));
  return AsPath(std::move(merged));
}

std::optional<Afi> afi_from_code(uint16_t afi) {
  if (afi == 1) return Afi::kIpv4;
  if (afi == 2) return Afi::kIpv6;
  return std::nullopt;
}

}  // namespace

void set_mp_next_hop(ByteSpan nh, RouteAttributes& attrs) {
  if (nh.size() == 4) {
    attrs.next_hop = IpAddress::v4(nh.data());
  } else if (nh.size() == 16 || nh.size() == 32) {
    attrs.next_hop = IpAddress::v6(nh.data());  // the global address comes first
    if (nh.size() == 32) attrs.next_hop_link_local = IpAddress::v6(nh.data() + 16);
  }
}

Result<PathAttributes> decode_path_attributes(ByteSpan data, size_t base,
                                              const BgpDecodeOptions& options,
                                              DecodeWarnings* warnings) {
  PathAttributes out;
  out.attrs = std::make_shared<RouteAttributes>();
  RouteAttributes& attrs = *out.attrs;
  std::vector<AsPathSegment> as_path, as4_path;
  bool has_as4_path = false;
  std::optional<Aggregator> as4_aggregator;
  const int asn_size = options.four_byte_asn ? 4 : 2;
  std::array<uint64_t, 4> seen{};  // attribute types met so far (RFC 7606 3.g duplicates)

  ByteReader ar(data);
  while (!ar.empty()) {
    const size_t at = base + ar.offset();
    uint8_t flags = 0, type = 0;
    if (!ar.u8(flags) || !ar.u8(type)) return error_at(at, "truncated attribute header");
    uint16_t len = 0;
    uint8_t len8 = 0;
    if (flags & kFlagExtendedLength) {
      if (!ar.u16(len)) return error_at(at, "truncated attribute length");
    } else {
      if (!ar.u8(len8)) return error_at(at, "truncated attribute length");
      len = len8;
    }
    const size_t value_at = base + ar.offset();
    ByteSpan value;
    if (!ar.bytes(len, value))
      return error_at(at, "attribute " + std::to_string(type) + " length " + std::to_string(len) +
                              " exceeds the attributes");
    auto warn = [&](const std::string& what) {
      if (warnings) warnings->add(what + " at byte " + std::to_string(at));
    };
    auto discard = [&](const char* name) {
      warn(std::string("malformed ") + name + " attribute discarded");
    };
    uint64_t& seen_word = seen[type / 64];
    const uint64_t seen_bit = uint64_t{1} << (type % 64);
    if (seen_word & seen_bit) {
      warn("repeated attribute " + std::to_string(type) + " ignored");
      continue;
    }
    seen_word |= seen_bit;
    switch (type) {
      case kOrigin:
        if (len == 1 && value[0] <= 2)
          attrs.origin_type = static_cast<OriginType>(value[0]);
        else
          discard("ORIGIN");
        break;
      case kAsPath:
        // A broken AS_PATH makes the route unusable for detection: fail the message.
        if (auto st = parse_as_path(value, value_at, asn_size, as_path); !st)
          return Error{st.error()};
        break;
      case kAs4Path:
        if (parse_as_path(value, value_at, 4, as4_path))
          has_as4_path = true;
        else
          discard("AS4_PATH");
        break;
      case kNextHop:
        if (len == 4)
          attrs.next_hop = IpAddress::v4(value.data());
        else
          discard("NEXT_HOP");
        break;
      case kMed:
        if (len == 4)
          attrs.med = load_u32(value.data());
        else
          discard("MULTI_EXIT_DISC");
        break;
      case kLocalPref:
        if (len == 4)
          attrs.local_pref = load_u32(value.data());
        else
          discard("LOCAL_PREF");
        break;
      case kAtomicAggregate:
        attrs.atomic_aggregate = true;
        break;
      case kAggregator:
        if (len == 4 + 4 && options.four_byte_asn)
          attrs.aggregator = Aggregator{load_u32(value.data()), IpAddress::v4(value.data() + 4)};
        else if (len == 2 + 4)
          attrs.aggregator = Aggregator{load_u16(value.data()), IpAddress::v4(value.data() + 2)};
        else if (len == 4 + 4)  // 4-byte ASN on a session the container calls 2-byte
          attrs.aggregator = Aggregator{load_u32(value.data()), IpAddress::v4(value.data() + 4)};
        else
          discard("AGGREGATOR");
        break;
      case kAs4Aggregator:
        if (len == 8)
          as4_aggregator = Aggregator{load_u32(value.data()), IpAddress::v4(value.data() + 4)};
        else
          discard("AS4_AGGREGATOR");
        break;
      case kCommunities:
        if (len % 4 == 0)
          for (size_t i = 0; i < len; i += 4) attrs.communities.push_back(load_u32(&value[i]));
        else
          discard("COMMUNITIES");
        break;
      case kOriginatorId:
        if (len == 4)
          attrs.originator_id = load_u32(value.data());
        else
          discard("ORIGINATOR_ID");
        break;
      case kClusterList:
        if (len % 4 == 0)
          for (size_t i = 0; i < len; i += 4) attrs.cluster_list.push_back(load_u32(&value[i]));
        else
          discard("CLUSTER_LIST");
        break;
      case kExtendedCommunities:
        if (len % 8 == 0)
          for (size_t i = 0; i < len; i += 8)
            attrs.extended_communities.push_back(uint64_t{load_u32(&value[i])} << 32 |
                                                 load_u32(&value[i + 4]));
        else
          discard("EXTENDED_COMMUNITIES");
        break;
      case kLargeCommunities:
        if (len % 12 == 0)
          for (size_t i = 0; i < len; i += 12)
            attrs.large_communities.push_back(
                {load_u32(&value[i]), load_u32(&value[i + 4]), load_u32(&value[i + 8])});
        else
          discard("LARGE_COMMUNITIES");
        break;
      case kOnlyToCustomer:
        if (len == 4)
          attrs.only_to_customer = load_u32(value.data());
        else
          discard("OTC");
        break;
      case kMpReach:
        out.mp_reach = value;
        out.mp_reach_at = value_at;
        out.has_mp_reach = true;
        break;
      case kMpUnreach:
        out.mp_unreach = value;
        out.mp_unreach_at = value_at;
        out.has_mp_unreach = true;
        break;
      default:
        attrs.unknown.push_back({flags, type, {value.begin(), value.end()}});
        break;
    }
  }
  attrs.as_path = AsPath(std::move(as_path));
  // RFC 6793 4.2.3: only a 2-byte session's AS4_* attributes carry information.
  if (!options.four_byte_asn) {
    // With both aggregators present, a 2-byte one other than AS_TRANS means an OLD speaker
    // aggregated after the AS4_* attributes were made: both are stale and ignored.
    if (as4_aggregator && attrs.aggregator) {
      if (attrs.aggregator->asn == kAsTrans)
        attrs.aggregator = as4_aggregator;
      else
        has_as4_path = false;
    }
    if (has_as4_path) attrs.as_path = reconcile_as4_path(attrs.as_path, std::move(as4_path));
  }
  return out;
}

namespace {

// `cut` marks a body its container cut short: the routes present are decoded, an
// incomplete last one is dropped (attributes must be whole, or the message is refused).
Status decode_update_body(ByteSpan body, const BgpDecodeOptions& options,
                          const UpdateEnvelope& envelope, std::vector<Update>& out,
                          DecodeWarnings* warnings, bool cut) {
  ByteReader r(body);
  uint16_t withdrawn_len = 0;
  ByteSpan withdrawn, attributes;
  bool cut_tail = false;
  bool* tolerate = cut ? &cut_tail : nullptr;
  if (!r.u16(withdrawn_len)) return error_at(0, "truncated withdrawn routes length");
  const size_t withdrawn_at = r.offset();
  if (!r.bytes(withdrawn_len, withdrawn)) {
    if (!cut)
      return error_at(
          0, "withdrawn routes length " + std::to_string(withdrawn_len) + " exceeds the message");
    withdrawn = r.rest();
    r.skip(r.remaining());
  }
  // A cut at or inside the withdrawn routes leaves no attributes and no NLRI.
  const bool only_withdrawals = cut && r.empty();
  uint16_t attributes_len = 0;
  size_t attributes_at = r.offset();
  if (!only_withdrawals) {
    if (!r.u16(attributes_len)) return error_at(r.offset(), "truncated path attributes length");
    attributes_at = r.offset();
    if (!r.bytes(attributes_len, attributes))
      return error_at(
          attributes_at - 2,
          "path attributes length " + std::to_string(attributes_len) + " exceeds the message");
  }
  const size_t nlri_at = r.offset();
  const ByteSpan nlri = r.rest();

  auto decoded = decode_path_attributes(attributes, attributes_at, options, warnings);
  if (!decoded) return Error{decoded.error()};
  const auto& attrs = decoded->attrs;

  auto make = [&](UpdateKind kind, const Prefix& prefix, uint32_t path_id, Safi safi) {
    Update& u = out.emplace_back();
    u.time_us = envelope.time_us;
    u.source = envelope.source;
    u.peer_ip = envelope.peer_ip;
    u.peer_asn = envelope.peer_asn;
    u.kind = kind;
    u.safi = safi;
    u.prefix = prefix;
    u.path_id = path_id;
    return &u;
  };
  const size_t first_new = out.size();
  auto rollback = [&](Status st) {
    out.resize(first_new);  // a message is decoded whole or not at all
    return st;
  };

  if (auto st = parse_nlri(
          withdrawn, withdrawn_at, Afi::kIpv4, options.add_path, "withdrawn route",
          [&](const Prefix& p, uint32_t id) { make(UpdateKind::kWithdraw, p, id, Safi::kUnicast); },
          only_withdrawals ? tolerate : nullptr);
      !st)
    return rollback(st);

  if (decoded->has_mp_unreach) {
    ByteReader mr(decoded->mp_unreach);
    uint16_t afi = 0;
    uint8_t safi = 0;
    if (!mr.u16(afi) || !mr.u8(safi))
      return rollback(error_at(decoded->mp_unreach_at, "truncated MP_UNREACH"));
    const auto family = afi_from_code(afi);
    if (family && (safi == 1 || safi == 2)) {
      if (auto st = parse_nlri(mr.rest(), decoded->mp_unreach_at + 3, *family, options.add_path,
                               "MP_UNREACH route",
                               [&](const Prefix& p, uint32_t id) {
                                 make(UpdateKind::kWithdraw, p, id, static_cast<Safi>(safi));
                               });
          !st)
        return rollback(st);
    } else if (warnings) {
      warnings->add("MP_UNREACH for AFI " + std::to_string(afi) + " SAFI " + std::to_string(safi) +
                    " not decoded");
    }
  }

  if (auto st = parse_nlri(
          nlri, nlri_at, Afi::kIpv4, options.add_path, "NLRI",
          [&](const Prefix& p, uint32_t id) {
            make(UpdateKind::kAnnounce, p, id, Safi::kUnicast)->attrs = attrs;
          },
          tolerate);
      !st)
    return rollback(st);

  if (decoded->has_mp_reach) {
    ByteReader mr(decoded->mp_reach);
    uint16_t afi = 0;
    uint8_t safi = 0, nh_len = 0;
    ByteSpan nh;
    if (!mr.u16(afi) || !mr.u8(safi) || !mr.u8(nh_len) || !mr.bytes(nh_len, nh) || !mr.skip(1))
      return rollback(error_at(decoded->mp_reach_at, "truncated MP_REACH header"));
    const auto family = afi_from_code(afi);
    if (family && (safi == 1 || safi == 2)) {
      std::shared_ptr<const RouteAttributes> mp_attrs = attrs;
      if (!nh.empty()) {
        auto copy = std::make_shared<RouteAttributes>(*attrs);
        set_mp_next_hop(nh, *copy);
        if (copy->next_hop != attrs->next_hop ||
            copy->next_hop_link_local != attrs->next_hop_link_local)
          mp_attrs = std::move(copy);
      }
      if (auto st = parse_nlri(
              mr.rest(), decoded->mp_reach_at + mr.offset(), *family, options.add_path, "MP_REACH route",
              [&](const Prefix& p, uint32_t id) {
                make(UpdateKind::kAnnounce, p, id, static_cast<Safi>(safi))->attrs = mp_attrs;
              });
          !st)
        return rollback(st);
    } else if (warnings) {
      warnings->add("MP_REACH for AFI " + std::to_string(afi) + " SAFI " + std::to_string(safi) +
                    " not decoded");
    }
  }
  if (cut_tail && warnings) warnings->add("the last route was cut short and is dropped");
  return ok_status();
}

}  // namespace

Status decode_bgp_update(ByteSpan body, const BgpDecodeOptions& options,
                         const UpdateEnvelope& envelope, std::vector<Update>& out,
                         DecodeWarnings* warnings) {
  return decode_update_body(body, options, envelope, out, warnings, false);
}

Result<BgpMessageType> decode_bgp_message(ByteSpan message, const BgpDecodeOptions& options,
                                          const UpdateEnvelope& envelope, std::vector<Update>& out,
                                          DecodeWarnings* warnings) {
  if (message.size() < 19) return Error{"BGP message shorter than its 19-byte header"};
  for (int i = 0; i < 16; ++i)
    if (message[i] != 0xFF) return Error{"BGP marker is not all ones"};
  const uint16_t length = load_u16(&message[16]);
  // RFC 8654 extended messages may exceed 4096 bytes; the container bounds them.
  // A message longer than its container was cut by the writer (RouteViews' Zebra cut MRT
  // records at 4096 bytes): an UPDATE is salvaged, the routes present are decoded.
  const bool cut = length > message.size();
  const auto type = static_cast<BgpMessageType>(message[18]);
  if (length < 19 || (cut && type != BgpMessageType::kUpdate))
    return Error{"BGP message length " + std::to_string(length) + " does not fit the " +
                 std::to_string(message.size()) + " bytes available"};
  if (type == BgpMessageType::kUpdate) {
    const ByteSpan body = message.subspan(19, (cut ? message.size() : length) - 19u);
    if (cut && warnings)
      warnings->add("BGP message declares " + std::to_string(length) +
                    " bytes, its container holds " + std::to_string(message.size()) +
                    ": decoded the routes present");
    auto st = decode_update_body(body, options, envelope, out, warnings, cut);
    if (!st && !options.add_path) {
      // Some speakers (BIRD's MRT dumps) write ADD-PATH NLRI under a subtype that does
      // not say so. Retry with path identifiers before declaring the message broken.
      // Path identifiers are small per-speaker counters; large ones mean the bytes are
      // simply broken, and the first error stands.
      BgpDecodeOptions with_path_ids = options;
      with_path_ids.add_path = true;
      const size_t first = out.size();
      if (decode_update_body(body, with_path_ids, envelope, out, nullptr, cut)) {
        const bool plausible = std::all_of(out.begin() + static_cast<long>(first), out.end(),
                                           [](const Update& u) { return u.path_id <= 0xFFFF; });
        if (plausible) {
          if (warnings)
            warnings->add("NLRI carry ADD-PATH identifiers the container did not announce");
          st = ok_status();
        } else {
          out.resize(first);
        }
      }
    }
    if (!st && !cut) {
      // A last route cut short inside the message itself (junk after the last whole
      // NLRI entry): keep the whole routes before it, as bgpdump does, and say so.
      const size_t first = out.size();
      if (decode_update_body(body, options, envelope, out, nullptr, true)) {
        if (warnings)
          warnings->add(st.error() + ": kept the " + std::to_string(out.size() - first) +
                        " whole routes before it");
        st = ok_status();
      }
    }
    if (!st) return Error{st.error()};
  }
  // The other messages carry no routes; their framing is still checked (RFC 4271 4.2-4.5,
  // RFC 2918), so a damaged one is reported rather than passed over.
  const size_t body = length - 19u;
  switch (type) {
    case BgpMessageType::kUpdate:
      break;
    case BgpMessageType::kOpen:
      if (body < 10 || body != 10u + message[19 + 9])
        return Error{"OPEN of " + std::to_string(length) + " bytes does not fit its " +
                     std::to_string(body < 10 ? 0 : message[19 + 9]) + " bytes of parameters"};
      break;
    case BgpMessageType::kNotification:
      if (body < 2) return Error{"NOTIFICATION shorter than its error code and subcode"};
      break;
    case BgpMessageType::kKeepalive:
      if (body != 0) return Error{"KEEPALIVE of " + std::to_string(length) + " bytes (19 expected)"};
      break;
    case BgpMessageType::kRouteRefresh:
      if (body != 4) return Error{"ROUTE-REFRESH of " + std::to_string(length) + " bytes (23 expected)"};
      break;
    default:
      return Error{"unknown BGP message type " + std::to_string(message[18])};
  }
  return type;
}

}  // namespace bgpsentry
