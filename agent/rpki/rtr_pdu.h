// RPKI-to-Router PDUs (RFC 8210 version 1, RFC 6810 version 0): a pure codec over bytes, no
// I/O, so that the decoder can be fuzzed and the client tested without a socket. Version 2
// (draft-ietf-sidrops-8210bis) is not spoken: a client asks for 1 and falls back to 0.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "agent/core/result.h"
#include "agent/rpki/vrp.h"

namespace bgpsentry::rtr {

enum class PduType : uint8_t {
  kSerialNotify = 0,
  kSerialQuery = 1,
  kResetQuery = 2,
  kCacheResponse = 3,
  kIpv4Prefix = 4,
  kIpv6Prefix = 6,
  kEndOfData = 7,
  kCacheReset = 8,
  kRouterKey = 9,  // BGPsec router keys (v1): not used for origin validation, skipped
  kErrorReport = 10,
  kAspa = 11,  // 8210bis (v2): skipped
};

// Error Report codes (RFC 8210 section 12).
enum class ErrorCode : uint16_t {
  kCorruptData = 0,
  kInternalError = 1,
  kNoDataAvailable = 2,
  kInvalidRequest = 3,
  kUnsupportedVersion = 4,
  kUnsupportedPduType = 5,
  kWithdrawalOfUnknownRecord = 6,
  kDuplicateAnnouncement = 7,
  kUnexpectedVersion = 8,
};

constexpr size_t kHeaderSize = 8;
// Larger than any PDU a cache sends (a Router Key with a big SPKI, an Error Report with a
// PDU and text inside); a header claiming more is garbage, not a reason to allocate.
constexpr uint32_t kMaxPduSize = 64 * 1024;

struct Pdu {
  uint8_t version = 0;
  PduType type = PduType::kSerialNotify;
  uint16_t session = 0;  // Serial Notify/Query, Cache Response, End of Data
  uint32_t serial = 0;   // Serial Notify/Query, End of Data
  // IPv4/IPv6 Prefix.
  bool announce = false;
  Vrp vrp;
  // End of Data, version 1: the intervals the cache asks for, seconds.
  bool has_intervals = false;
  uint32_t refresh = 0, retry = 0, expire = 0;
  // Error Report.
  uint16_t error_code = 0;
  std::string error_text;
};

// The total length a header announces; an error when it cannot be a PDU.
Result<uint32_t> pdu_length(std::span<const uint8_t, kHeaderSize> header);
// One whole PDU (header included). Errors say which PDU and what is wrong with it.
Result<Pdu> decode_pdu(std::span<const uint8_t> bytes);

std::string encode_reset_query(uint8_t version);
std::string encode_serial_query(uint8_t version, uint16_t session, uint32_t serial);
// `pdu`: the offending PDU (may be empty), `text`: why (UTF-8).
std::string encode_error_report(uint8_t version, ErrorCode code, std::span<const uint8_t> pdu,
                                std::string_view text);

const char* to_string(PduType type);
const char* to_string(ErrorCode code);

}  // namespace bgpsentry::rtr
