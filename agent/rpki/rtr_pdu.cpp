#include "agent/rpki/rtr_pdu.h"

#include "agent/decode/byte_reader.h"

namespace bgpsentry::rtr {
namespace {

void put_u16(std::string& out, uint16_t v) {
  out.push_back(static_cast<char>(v >> 8));
  out.push_back(static_cast<char>(v));
}
void put_u32(std::string& out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>(v >> shift));
}
std::string header(uint8_t version, PduType type, uint16_t session, uint32_t length) {
  std::string out;
  out.push_back(static_cast<char>(version));
  out.push_back(static_cast<char>(type));
  put_u16(out, session);
  put_u32(out, length);
  return out;
}

Error bad(const Pdu& p, const std::string& what) {
  return Error{std::string(to_string(p.type)) + " PDU (version " + std::to_string(p.version) +
               "): " + what};
}

// The fixed size of each PDU type that has one, for this version; 0: variable.
uint32_t fixed_length(PduType type, uint8_t version) {
  switch (type) {
    case PduType::kSerialNotify:
    case PduType::kSerialQuery:
      return 12;
    case PduType::kResetQuery:
    case PduType::kCacheResponse:
    case PduType::kCacheReset:
      return 8;
    case PduType::kIpv4Prefix:
      return 20;
    case PduType::kIpv6Prefix:
      return 32;
    case PduType::kEndOfData:
      return version == 0 ? 12 : 24;
    default:
      return 0;
  }
}

bool known(uint8_t type) {
  return type <= 4 || (type >= 6 && type <= 11);
}

}  // namespace

const char* to_string(PduType type) {
  switch (type) {
    case PduType::kSerialNotify:
      return "Serial Notify";
    case PduType::kSerialQuery:
      return "Serial Query";
    case PduType::kResetQuery:
      return "Reset Query";
    case PduType::kCacheResponse:
      return "Cache Response";
    case PduType::kIpv4Prefix:
      return "IPv4 Prefix";
    case PduType::kIpv6Prefix:
      return "IPv6 Prefix";
    case PduType::kEndOfData:
      return "End of Data";
    case PduType::kCacheReset:
      return "Cache Reset";
    case PduType::kRouterKey:
      return "Router Key";
    case PduType::kErrorReport:
      return "Error Report";
    case PduType::kAspa:
      return "ASPA";
  }
  return "unknown";
}

const char* to_string(ErrorCode code) {
  switch (code) {
    case ErrorCode::kCorruptData:
      return "Corrupt Data";
    case ErrorCode::kInternalError:
      return "Internal Error";
    case ErrorCode::kNoDataAvailable:
      return "No Data Available";
    case ErrorCode::kInvalidRequest:
      return "Invalid Request";
    case ErrorCode::kUnsupportedVersion:
      return "Unsupported Protocol Version";
    case ErrorCode::kUnsupportedPduType:
      return "Unsupported PDU Type";
    case ErrorCode::kWithdrawalOfUnknownRecord:
      return "Withdrawal of Unknown Record";
    case ErrorCode::kDuplicateAnnouncement:
      return "Duplicate Announcement Received";
    case ErrorCode::kUnexpectedVersion:
      return "Unexpected Protocol Version";
  }
  return "unknown error";
}

Result<uint32_t> pdu_length(std::span<const uint8_t, kHeaderSize> h) {
  const uint32_t length = load_u32(h.data() + 4);
  if (length < kHeaderSize || length > kMaxPduSize)
    return Error{"PDU type " + std::to_string(h[1]) + " announces " + std::to_string(length) +
                 " bytes (" + std::to_string(kHeaderSize) + ".." + std::to_string(kMaxPduSize) +
                 " expected)"};
  return length;
}

Result<Pdu> decode_pdu(std::span<const uint8_t> bytes) {
  ByteReader r(bytes);
  Pdu p;
  uint8_t type = 0;
  uint32_t length = 0;
  if (!r.u8(p.version) || !r.u8(type) || !r.u16(p.session) || !r.u32(length))
    return Error{"PDU shorter than its 8-byte header"};
  if (!known(type)) return Error{"unsupported PDU type " + std::to_string(type)};
  p.type = static_cast<PduType>(type);
  if (length != bytes.size())
    return bad(p, "length field says " + std::to_string(length) + " bytes, " +
                      std::to_string(bytes.size()) + " given");
  if (p.version > 2) return bad(p, "unknown protocol version");
  if (const uint32_t fixed = fixed_length(p.type, p.version); fixed && length != fixed)
    return bad(p, "length " + std::to_string(length) + ", expected " + std::to_string(fixed));
  switch (p.type) {
    case PduType::kSerialNotify:
    case PduType::kSerialQuery:
      r.u32(p.serial);
      break;
    case PduType::kIpv4Prefix:
    case PduType::kIpv6Prefix: {
      const bool v4 = p.type == PduType::kIpv4Prefix;
      uint8_t flags = 0, plen = 0, max_len = 0, zero = 0;
      ByteSpan address;
      r.u8(flags);
      r.u8(plen);
      r.u8(max_len);
      r.u8(zero);
      r.bytes(v4 ? 4 : 16, address);
      r.u32(p.vrp.asn);
      const int limit = v4 ? 32 : 128;
      if (plen > limit || max_len > limit || plen > max_len)
        return bad(p, "prefix length " + std::to_string(plen) + " and max length " +
                          std::to_string(max_len) +
                          " (0 <= length <= max length <= " + std::to_string(limit) + " expected)");
      p.announce = flags & 1;
      p.vrp.prefix =
          Prefix(v4 ? IpAddress::v4(address.data()) : IpAddress::v6(address.data()), plen);
      p.vrp.max_length = max_len;
      break;
    }
    case PduType::kEndOfData:
      r.u32(p.serial);
      if (p.version >= 1) {
        p.has_intervals = true;
        r.u32(p.refresh);
        r.u32(p.retry);
        r.u32(p.expire);
      }
      break;
    case PduType::kErrorReport: {
      uint32_t inner = 0, text_length = 0;
      ByteSpan text;
      p.error_code = p.session;
      p.session = 0;
      if (!r.u32(inner) || !r.skip(inner) || !r.u32(text_length) || !r.bytes(text_length, text) ||
          !r.empty())
        return bad(p, "its encapsulated PDU and text do not add up to its length");
      p.error_text.assign(text.begin(), text.end());
      break;
    }
    case PduType::kRouterKey:
      if (length < 8 + 20 + 4) return bad(p, "shorter than a SKI and an AS number");
      break;
    default:  // Reset Query, Cache Response, Cache Reset: the header is all; ASPA: skipped
      break;
  }
  return p;
}

std::string encode_reset_query(uint8_t version) {
  return header(version, PduType::kResetQuery, 0, 8);
}

std::string encode_serial_query(uint8_t version, uint16_t session, uint32_t serial) {
  std::string out = header(version, PduType::kSerialQuery, session, 12);
  put_u32(out, serial);
  return out;
}

std::string encode_error_report(uint8_t version, ErrorCode code, std::span<const uint8_t> pdu,
                                std::string_view text) {
  const uint32_t length = static_cast<uint32_t>(16 + pdu.size() + text.size());
  std::string out = header(version, PduType::kErrorReport, static_cast<uint16_t>(code), length);
  put_u32(out, static_cast<uint32_t>(pdu.size()));
  out.append(pdu.begin(), pdu.end());
  put_u32(out, static_cast<uint32_t>(text.size()));
  out.append(text);
  return out;
}

}  // namespace bgpsentry::rtr
