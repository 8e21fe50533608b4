#include "agent/wire/bgpdump_format.h"

#include "agent/decode/byte_reader.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>
#include <ctime>
#include <string_view>

namespace bgpsentry::wire {
namespace {

// Writers into a caller's buffer: a line's bounded parts are built on the stack and
// appended once (appending field by field to a std::string dominated the profile).
char* put_uint(char* p, uint64_t v) {
  if (v < 10) {  // most fields (MED, LOCAL_PREF, states) are small
    *p = static_cast<char>('0' + v);
    return p + 1;
  }
  return std::to_chars(p, p + 20, v).ptr;
}

// Decimal text of every octet value, for dotted quads.
struct OctetText {
  char text[256][4];
  uint8_t size[256];
  OctetText() {
    for (int i = 0; i < 256; ++i)
      size[i] = static_cast<uint8_t>(std::to_chars(text[i], text[i] + 4, i).ptr - text[i]);
  }
};
const OctetText kOctets;

char* put_ipv4(char* p, const uint8_t* b) {
  for (int i = 0; i < 4; ++i) {
    std::memcpy(p, kOctets.text[b[i]], 4);  // fixed-size copy; the size says what counts
    p += kOctets.size[b[i]];
    *p++ = '.';
  }
  return p - 1;
}

char* put_text(char* p, std::string_view text) {
  std::memcpy(p, text.data(), text.size());
  return p + text.size();
}

// bgpdump writes IPv6 its own way, and scripts compare these strings: IPv4-mapped and
// -compatible addresses in dotted form, and "::" for the first longest run of zero groups
// even when that run is a single group (RFC 5952 would not compress it).
char* put_ipv6(char* p, const std::array<uint8_t, 16>& b) {
  auto zero = [&](int from, int to) {
    for (int i = from; i < to; ++i)
      if (b[i]) return false;
    return true;
  };
  if (zero(0, 10) && b[10] == 0xFF && b[11] == 0xFF)
    return put_ipv4(put_text(p, "::ffff:"), &b[12]);
  if (zero(0, 12) && load_u32(&b[12]) > 1) return put_ipv4(put_text(p, "::"), &b[12]);
  uint16_t group[8];
  for (int i = 0; i < 8; ++i) group[i] = static_cast<uint16_t>(b[2 * i] << 8 | b[2 * i + 1]);
  int best = -1, best_length = 0;
  for (int i = 0; i < 8;) {
    int j = i;
    while (j < 8 && group[j] == 0) ++j;
    if (j - i > best_length) best = i, best_length = j - i;
    i = j == i ? i + 1 : j;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  for (int i = 0; i < 8; ++i) {
    if (i == best) {
      p = put_text(p, i == 0 ? "::" : ":");
      i += best_length - 1;
      continue;
    }
    bool started = false;
    for (int shift = 12; shift >= 0; shift -= 4) {
      const int nibble = group[i] >> shift & 0xF;
      if (started || nibble || shift == 0) *p++ = kHex[nibble], started = true;
    }
    if (i != 7) *p++ = ':';
  }
  return p;
}

char* put_ip(char* p, const IpAddress& ip) {
  return ip.afi == Afi::kIpv4 ? put_ipv4(p, ip.bytes.data()) : put_ipv6(p, ip.bytes);
}

char* put_prefix(char* p, const Prefix& prefix) {
  p = put_ip(p, prefix.address());
  *p++ = '/';
  return put_uint(p, static_cast<uint64_t>(prefix.length()));
}

// Appends what `write` puts into a stack buffer of kMaxPiece bytes.
constexpr size_t kMaxPiece = 256;
template <typename Write>
void append_piece(std::string& out, Write&& write) {
  char buf[kMaxPiece];
  out.append(buf, write(buf));
}

const char* label(const MrtHeader& h, bool add_path) {
  switch (h.type) {
    case kMrtBgp4mp:
      return add_path ? "BGP4MP_AP" : "BGP4MP";
    case kMrtBgp4mpEt:
      return add_path ? "BGP4MP_ET_AP" : "BGP4MP_ET";
    case kMrtTableDump:
      return "TABLE_DUMP";
    case kMrtTableDumpV2:
      return add_path ? "TABLE_DUMP2_AP" : "TABLE_DUMP2";
    default:
      return "BGP";
  }
}

std::string time_field(const MrtHeader& h, const Update& first, BgpdumpStyle style) {
  std::string out;
  if (style == BgpdumpStyle::kMachine) {
    out = std::to_string(h.timestamp);
  } else {
    const time_t t = h.timestamp;
    struct tm tm {};
    gmtime_r(&t, &tm);
    char buf[32];
    strftime(buf, sizeof buf, "%m/%d/%y %H:%M:%S", &tm);
    out = buf;
  }
  if (h.type == kMrtBgp4mpEt) {
    char buf[8] = {'.'};
    for (int i = 6, us = static_cast<int>(first.time_us % 1000000); i > 0; --i, us /= 10)
      buf[i] = static_cast<char>('0' + us % 10);
    out.append(buf, 7);
  }
  return out;
}

// "path|origin" and, for -m, "|next hop|local pref|med|communities|AG|aggregator|".
void put_route_fields(std::string& out, const RouteAttributes& a, BgpdumpStyle style) {
  out += a.as_path.to_string();
  out += '|';
  // bgpdump's word for an absent ORIGIN is INCOMPLETE too.
  out += a.origin_type == OriginType::kAbsent ? "INCOMPLETE" : to_string(a.origin_type);
  if (style == BgpdumpStyle::kHuman) return;
  append_piece(out, [&](char* p) {
    *p++ = '|';
    // bgpdump shows an absent NEXT_HOP as INADDR_NONE.
    p = a.next_hop ? put_ip(p, *a.next_hop) : put_text(p, "255.255.255.255");
    *p++ = '|';
    p = put_uint(p, a.local_pref.value_or(0));
    *p++ = '|';
    p = put_uint(p, a.med.value_or(0));
    *p++ = '|';
    return p;
  });
  for (size_t i = 0; i < a.communities.size(); ++i) {
    append_piece(out, [&](char* p) {
      if (i) *p++ = ' ';
      switch (const uint32_t c = a.communities[i]) {
        case 0xFFFFFF01:
          return put_text(p, "no-export");
        case 0xFFFFFF02:
          return put_text(p, "no-advertise");
        case 0xFFFFFF03:
          return put_text(p, "local-AS");
        default:
          p = put_uint(p, c >> 16);
          *p++ = ':';
          return put_uint(p, c & 0xFFFF);
      }
    });
  }
  append_piece(out, [&](char* p) {
    p = put_text(p, a.atomic_aggregate ? "|AG|" : "|NAG|");
    if (a.aggregator) {
      p = put_uint(p, a.aggregator->asn);
      *p++ = ' ';
      p = put_ip(p, a.aggregator->address);
    }
    *p++ = '|';
    return p;
  });
}

}  // namespace

void append_bgpdump_lines(const MrtHeader& header, std::span<const Update> updates,
                          BgpdumpStyle style, std::string& out) {
  if (updates.empty()) return;
  // Path identifiers are shown when the subtype announces them, and also when a speaker
  // wrote them under a plain subtype (BIRD): the decoder found them, so they are real.
  const bool add_path =
      (header.type == kMrtTableDumpV2 ? is_table_dump_v2_addpath(header.subtype)
                                      : is_bgp4mp_addpath(header.subtype)) ||
      std::any_of(updates.begin(), updates.end(), [](const Update& u) { return u.path_id != 0; });
  // Every line of a record starts "LABEL|TIME|"; build that once.
  std::string lead = label(header, add_path);
  lead += '|';
  lead += time_field(header, updates.front(), style);
  lead += '|';
  const RouteAttributes* cached_attrs = nullptr;
  std::string cached_fields;  // the prefixes of a message share their attributes
  for (const Update& u : updates) {
    char line[kMaxPiece];
    char* p = put_text(line, lead);
    if (u.kind == UpdateKind::kPeerState) {
      p = put_ip(put_text(p, "STATE|"), u.peer_ip);
      *p++ = '|';
      p = put_uint(p, u.peer_asn);
      *p++ = '|';
      p = put_uint(p, u.old_state);
      *p++ = '|';
      p = put_uint(p, u.new_state);
      *p++ = '\n';
      out.append(line, p);
      continue;
    }
    p = put_text(p, u.kind == UpdateKind::kWithdraw   ? "W|"
                    : u.kind == UpdateKind::kAnnounce ? "A|"
                                                      : "B|");
    p = put_ip(p, u.peer_ip);
    *p++ = '|';
    p = put_uint(p, u.peer_asn);
    *p++ = '|';
    p = put_prefix(p, u.prefix);
    if (u.kind == UpdateKind::kWithdraw) {
      if (add_path) {
        *p++ = '|';
        p = put_uint(p, u.path_id);
      }
      *p++ = '\n';
      out.append(line, p);
      continue;
    }
    *p++ = '|';
    if (add_path) {
      p = put_uint(p, u.path_id);
      *p++ = '|';
    }
    out.append(line, p);
    if (!u.attrs) {
      out += "|INCOMPLETE\n";  // decoded routes always have attributes; keep the line whole
      continue;
    }
    if (u.attrs.get() != cached_attrs) {
      cached_attrs = u.attrs.get();
      cached_fields.clear();
      put_route_fields(cached_fields, *cached_attrs, style);
      cached_fields += '\n';
    }
    out += cached_fields;
  }
}

}  // namespace bgpsentry::wire
