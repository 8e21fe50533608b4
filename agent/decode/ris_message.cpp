#include "agent/decode/ris_message.h"

#include <simdjson.h>

#include <array>
#include <cmath>

#include "agent/core/parse_number.h"
#include "agent/decode/bgp_message.h"

namespace bgpsentry {

namespace dom = simdjson::dom;

namespace {

// A decode error with where it happened in the message.
struct Fail {
  std::string where, what;
};
using Checked = std::optional<Fail>;

Checked fail(std::string where, std::string what) {
  return Fail{std::move(where), std::move(what)};
}

std::string_view type_name(dom::element e) {
  switch (e.type()) {
    case dom::element_type::ARRAY:
      return "an array";
    case dom::element_type::OBJECT:
      return "an object";
    case dom::element_type::STRING:
      return "a string";
    case dom::element_type::BOOL:
      return "a boolean";
    case dom::element_type::NULL_VALUE:
      return "null";
    default:
      return "a number";
  }
}

// The members of a message's `data` object the decoder reads, found in one pass over it:
// looked up by name one by one, each of the dozen was a scan of the object's keys. The
// first of duplicate keys counts, as with simdjson's own lookup.
enum class Field : uint8_t {
  kType,
  kTimestamp,
  kHost,
  kPeer,
  kPeerAsn,
  kPath,
  kOrigin,
  kMed,
  kCommunity,
  kAggregator,
  kAnnouncements,
  kWithdrawals,
  kRaw,
  kState,
  kMessage,
  kCount
};

// By length, then by a letter where names share one: this runs for every member of every
// message (a loop over the names cost 7% more of the decoding than this, in callgrind).
std::optional<Field> field_named(std::string_view key) {
  auto is = [&](std::string_view name, Field f) -> std::optional<Field> {
    return key == name ? std::optional<Field>(f) : std::nullopt;
  };
  switch (key.size()) {
    case 3:
      return key[0] == 'm' ? is("med", Field::kMed) : is("raw", Field::kRaw);
    case 4:
      switch (key[0]) {
        case 't':
          return is("type", Field::kType);
        case 'h':
          return is("host", Field::kHost);
        case 'p':
          return key[1] == 'e' ? is("peer", Field::kPeer) : is("path", Field::kPath);
      }
      return std::nullopt;
    case 5:
      return is("state", Field::kState);
    case 6:
      return is("origin", Field::kOrigin);
    case 7:
      return is("message", Field::kMessage);
    case 8:
      return is("peer_asn", Field::kPeerAsn);
    case 9:
      return key[0] == 't' ? is("timestamp", Field::kTimestamp)
                           : is("community", Field::kCommunity);
    case 10:
      return is("aggregator", Field::kAggregator);
    case 11:
      return is("withdrawals", Field::kWithdrawals);
    case 13:
      return is("announcements", Field::kAnnouncements);
  }
  return std::nullopt;
}

class DataFields {
 public:
  DataFields() = default;
  explicit DataFields(dom::object data) {
    for (dom::key_value_pair member : data)
      if (auto f = field_named(member.key)) {
        const auto i = static_cast<size_t>(*f);
        if (!found_[i]) {
          found_[i] = true;
          values_[i] = member.value;
        }
      }
  }
  // Like dom::object's operator[].
  simdjson::simdjson_result<dom::element> operator[](Field f) const {
    const auto i = static_cast<size_t>(f);
    if (!found_[i]) return simdjson::NO_SUCH_FIELD;
    return dom::element(values_[i]);
  }

 private:
  static constexpr size_t kFields = static_cast<size_t>(Field::kCount);
  std::array<dom::element, kFields> values_;
  std::array<bool, kFields> found_{};
};

// An AS number written as a JSON number or a string ("13030"): RIS Live writes peer_asn
// as a string and path members as numbers.
std::optional<uint32_t> asn_of(dom::element e) {
  if (uint64_t v; e.get_uint64().get(v) == simdjson::SUCCESS)
    return v <= UINT32_MAX ? std::optional<uint32_t>(static_cast<uint32_t>(v)) : std::nullopt;
  if (std::string_view s; e.get_string().get(s) == simdjson::SUCCESS) return parse_asn(s);
  return std::nullopt;
}

// "path": [1, 2, [3, 4]]: numbers are an AS_SEQUENCE, a nested array an AS_SET.
Checked read_path(dom::element e, AsPath& out) {
  dom::array items;
  if (e.get_array().get(items))
    return fail("data.path", "expected an array, got " + std::string(type_name(e)));
  std::vector<AsPathSegment> segments;
  size_t i = 0, asns = 0;
  const auto too_long = [&] {
    return fail("data.path", "more than " + std::to_string(AsPath::kMaxLength) +
                                 " ASNs: longer than any BGP message can carry");
  };
  if (items.size() > AsPath::kMaxLength) return too_long();
  for (dom::element item : items) {
    // Named only for an error: built for every AS, it was a visible share of the decoding.
    const auto where = [i] { return "data.path[" + std::to_string(i) + "]"; };
    ++i;
    if (dom::array set; item.get_array().get(set) == simdjson::SUCCESS) {
      AsPathSegment s{SegmentType::kSet, {}};
      for (dom::element member : set) {
        auto asn = asn_of(member);
        if (!asn) return fail(where(), "an AS_SET member that is not an AS number");
        if (++asns > AsPath::kMaxLength) return too_long();
        s.asns.push_back(*asn);
      }
      segments.push_back(std::move(s));
      continue;
    }
    auto asn = asn_of(item);
    if (!asn) return fail(where(), "not an AS number");
    if (++asns > AsPath::kMaxLength) return too_long();
    if (segments.empty() || segments.back().type != SegmentType::kSequence) {
      segments.push_back(AsPathSegment{SegmentType::kSequence, {}});
      // Room for the rest of the path at once (grown one AS at a time, a 5-AS path was
      // allocated 4 times).
      segments.back().asns.reserve(items.size() - (i - 1));
    }
    segments.back().asns.push_back(*asn);
  }
  out = AsPath(std::move(segments));
  return std::nullopt;
}

Checked read_attributes(const DataFields& data, RouteAttributes& a) {
  if (dom::element path; data[Field::kPath].get(path) == simdjson::SUCCESS)
    if (auto f = read_path(path, a.as_path)) return f;
  if (std::string_view origin; data[Field::kOrigin].get_string().get(origin) == simdjson::SUCCESS) {
    if (origin == "igp" || origin == "IGP")
      a.origin_type = OriginType::kIgp;
    else if (origin == "egp" || origin == "EGP")
      a.origin_type = OriginType::kEgp;
    else if (origin == "incomplete" || origin == "INCOMPLETE")
      a.origin_type = OriginType::kIncomplete;
    else
      return fail("data.origin", "'" + std::string(origin) + "' is not igp, egp or incomplete");
  }
  if (uint64_t med; data[Field::kMed].get_uint64().get(med) == simdjson::SUCCESS)
    a.med = static_cast<uint32_t>(med);
  if (dom::array communities;
      data[Field::kCommunity].get_array().get(communities) == simdjson::SUCCESS) {
    a.communities.reserve(communities.size());
    size_t i = 0;
    for (dom::element c : communities) {
      dom::array pair;
      uint64_t high = 0, low = 0;
      if (c.get_array().get(pair) || pair.size() != 2 || pair.at(0).get_uint64().get(high) ||
          pair.at(1).get_uint64().get(low) || high > 0xFFFF || low > 0xFFFF)
        return fail("data.community[" + std::to_string(i) + "]",
                    "expected [asn, value] of 16 bits each");
      a.communities.push_back(static_cast<uint32_t>(high << 16 | low));
      ++i;
    }
  }
  if (std::string_view agg; data[Field::kAggregator].get_string().get(agg) == simdjson::SUCCESS) {
    // "65000:192.0.2.1"
    const size_t colon = agg.find(':');
    auto asn = colon == std::string_view::npos ? std::nullopt : parse_asn(agg.substr(0, colon));
    auto ip =
        colon == std::string_view::npos ? std::nullopt : IpAddress::parse(agg.substr(colon + 1));
    if (!asn || !ip)
      return fail("data.aggregator", "'" + std::string(agg) + "' is not ASN:address");
    a.aggregator = Aggregator{*asn, *ip};
  }
  return std::nullopt;
}

// Bytes of a hex string; nullopt when it is not hex.
std::optional<std::vector<uint8_t>> unhex(std::string_view s) {
  if (s.size() % 2) return std::nullopt;
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::vector<uint8_t> out(s.size() / 2);
  for (size_t i = 0; i < out.size(); ++i) {
    const int hi = nibble(s[2 * i]), lo = nibble(s[2 * i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out[i] = static_cast<uint8_t>(hi << 4 | lo);
  }
  return out;
}

Checked read_update(const DataFields& data, const Update& base, RisMessage& m) {
  auto attrs = std::make_shared<RouteAttributes>();
  if (auto f = read_attributes(data, *attrs)) return f;
  dom::array announcements;
  if (data[Field::kAnnouncements].get_array().get(announcements) == simdjson::SUCCESS) {
    // Most messages have one announcement: its next hop goes into the message's attributes
    // themselves rather than into a copy of them (an AS path copied per message).
    const bool only_one = announcements.size() == 1;
    // At least a prefix each; reserved once (per announcement, a message of many small ones
    // would reallocate at each).
    m.updates.reserve(m.updates.size() + announcements.size());
    size_t i = 0;
    for (dom::element ann : announcements) {
      const auto where = [i] { return "data.announcements[" + std::to_string(i) + "]"; };
      ++i;
      dom::object obj;
      if (ann.get_object().get(obj)) return fail(where(), "expected an object");
      auto with_hop = attrs;
      if (std::string_view hop; obj["next_hop"].get_string().get(hop) == simdjson::SUCCESS) {
        // IPv6: "global,link-local".
        const size_t comma = hop.find(',');
        auto global = IpAddress::parse(hop.substr(0, comma));
        if (!global)
          return fail(where() + ".next_hop", "'" + std::string(hop) + "' is not an address");
        if (!only_one) with_hop = std::make_shared<RouteAttributes>(*attrs);
        with_hop->next_hop = *global;
        if (comma != std::string_view::npos)
          if (auto ll = IpAddress::parse(hop.substr(comma + 1)))
            with_hop->next_hop_link_local = *ll;
      }
      dom::array prefixes;
      if (obj["prefixes"].get_array().get(prefixes))
        return fail(where() + ".prefixes", "missing or not an array");
      size_t j = 0;
      for (dom::element p : prefixes) {
        std::string_view text;
        std::optional<Prefix> prefix;
        if (p.get_string().get(text) == simdjson::SUCCESS) prefix = Prefix::parse(text);
        if (!prefix) return fail(where() + ".prefixes[" + std::to_string(j) + "]", "not a prefix");
        ++j;
        Update u = base;
        u.kind = UpdateKind::kAnnounce;
        u.prefix = *prefix;
        u.attrs = with_hop;
        m.updates.push_back(std::move(u));
      }
    }
  }
  dom::array withdrawals;
  if (data[Field::kWithdrawals].get_array().get(withdrawals) == simdjson::SUCCESS) {
    m.updates.reserve(m.updates.size() + withdrawals.size());
    size_t i = 0;
    for (dom::element w : withdrawals) {
      std::string_view text;
      std::optional<Prefix> prefix;
      if (w.get_string().get(text) == simdjson::SUCCESS) prefix = Prefix::parse(text);
      if (!prefix) return fail("data.withdrawals[" + std::to_string(i) + "]", "not a prefix");
      ++i;
      Update u = base;
      u.kind = UpdateKind::kWithdraw;
      u.prefix = *prefix;
      m.updates.push_back(std::move(u));
    }
  }
  return std::nullopt;
}

}  // namespace

const char* to_string(RisMessageKind kind) {
  switch (kind) {
    case RisMessageKind::kUpdate:
      return "UPDATE";
    case RisMessageKind::kPeerState:
      return "RIS_PEER_STATE";
    case RisMessageKind::kOpen:
      return "OPEN";
    case RisMessageKind::kNotification:
      return "NOTIFICATION";
    case RisMessageKind::kKeepalive:
      return "KEEPALIVE";
    case RisMessageKind::kRouteRefresh:
      return "ROUTE_REFRESH";
    case RisMessageKind::kError:
      return "ris_error";
    case RisMessageKind::kSubscribeOk:
      return "ris_subscribe_ok";
    case RisMessageKind::kPong:
      return "pong";
    case RisMessageKind::kOther:
      break;
  }
  return "other";
}

struct RisMessageDecoder::Impl {
  dom::parser parser;
};

RisMessageDecoder::RisMessageDecoder() : impl_(std::make_unique<Impl>()) {}
RisMessageDecoder::~RisMessageDecoder() = default;
RisMessageDecoder::RisMessageDecoder(RisMessageDecoder&&) noexcept = default;
RisMessageDecoder& RisMessageDecoder::operator=(RisMessageDecoder&&) noexcept = default;

Result<RisMessage> RisMessageDecoder::decode(std::string_view json, const std::string& source) {
  dom::element root;
  if (auto error = impl_->parser.parse(json.data(), json.size(), true).get(root))
    return Error{std::string("not valid JSON: ") + simdjson::error_message(error)};
  dom::object top;
  if (root.get_object().get(top)) return Error{"not a JSON object"};
  std::string_view type;
  if (top["type"].get_string().get(type)) return Error{"type: missing or not a string"};
  RisMessage m;
  dom::object data_object;
  const bool has_data = top["data"].get_object().get(data_object) == simdjson::SUCCESS;
  const DataFields data = has_data ? DataFields(data_object) : DataFields();
  if (type == "ris_error") {
    m.kind = RisMessageKind::kError;
    std::string_view text;
    if (has_data && data[Field::kMessage].get_string().get(text) == simdjson::SUCCESS)
      m.error = text;
    return m;
  }
  if (type == "ris_subscribe_ok" || type == "pong") {
    m.kind = type == "pong" ? RisMessageKind::kPong : RisMessageKind::kSubscribeOk;
    return m;
  }
  if (type != "ris_message") return m;  // kOther
  if (!has_data) return Error{"data: missing or not an object"};

  std::string_view kind;
  if (data[Field::kType].get_string().get(kind)) return Error{"data.type: missing or not a string"};
  double timestamp = 0;
  if (data[Field::kTimestamp].get_double().get(timestamp) || !std::isfinite(timestamp) ||
      timestamp < 0 || timestamp > 1e11)
    return Error{"data.timestamp: missing or not a time in seconds"};
  m.time_us = static_cast<int64_t>(std::llround(timestamp * 1e6));
  if (std::string_view host; data[Field::kHost].get_string().get(host) == simdjson::SUCCESS)
    m.host = host;

  Update base;
  base.time_us = m.time_us;
  base.source = m.host.empty() ? source : m.host;
  std::string_view peer;
  if (data[Field::kPeer].get_string().get(peer)) return Error{"data.peer: missing or not a string"};
  auto ip = IpAddress::parse(peer);
  if (!ip) return Error{"data.peer: '" + std::string(peer) + "' is not an address"};
  base.peer_ip = *ip;
  dom::element peer_asn;
  std::optional<uint32_t> asn;
  if (data[Field::kPeerAsn].get(peer_asn) == simdjson::SUCCESS) asn = asn_of(peer_asn);
  if (!asn) return Error{"data.peer_asn: missing or not an AS number"};
  base.peer_asn = *asn;

  if (kind == "RIS_PEER_STATE") {
    m.kind = RisMessageKind::kPeerState;
    std::string_view state;
    if (data[Field::kState].get_string().get(state))
      return Error{"data.state: missing or not a string"};
    base.kind = UpdateKind::kPeerState;
    // RFC 6396 FSM numbers, as MRT STATE_CHANGE carries them: 6 Established, 1 Idle.
    base.new_state = state == "connected" ? 6 : 1;
    base.old_state = state == "connected" ? 1 : 6;
    m.updates.push_back(std::move(base));
    return m;
  }
  if (kind == "OPEN" || kind == "NOTIFICATION" || kind == "KEEPALIVE" || kind == "ROUTE_REFRESH") {
    m.kind = kind == "OPEN"           ? RisMessageKind::kOpen
             : kind == "NOTIFICATION" ? RisMessageKind::kNotification
             : kind == "KEEPALIVE"    ? RisMessageKind::kKeepalive
                                      : RisMessageKind::kRouteRefresh;
    return m;
  }
  if (kind != "UPDATE") return m;  // kOther
  m.kind = RisMessageKind::kUpdate;

  // The raw message, when present, has every attribute: decode it with the BGP decoder.
  if (std::string_view raw; data[Field::kRaw].get_string().get(raw) == simdjson::SUCCESS) {
    auto bytes = unhex(raw);
    std::vector<Update> decoded;
    DecodeWarnings warnings;
    const UpdateEnvelope envelope{base.time_us, base.source, base.peer_ip, base.peer_asn};
    auto type_or =
        bytes ? decode_bgp_message(*bytes, BgpDecodeOptions{}, envelope, decoded, &warnings)
              : Result<BgpMessageType>(Error{"not hex"});
    if (type_or && *type_or == BgpMessageType::kUpdate) {
      for (auto& w : warnings.items) m.warnings.push_back("data.raw: " + w);
      m.updates = std::move(decoded);
      return m;
    }
    m.warnings.push_back("data.raw: " + (type_or ? std::string("not an UPDATE") : type_or.error()) +
                         "; using the JSON fields");
  }
  if (auto f = read_update(data, base, m)) return Error{f->where + ": " + f->what};
  return m;
}

}  // namespace bgpsentry
