// MRT (RFC 6396, RFC 8050) record framing and decoding into normalized updates.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "agent/core/result.h"
#include "agent/core/update.h"
#include "agent/decode/bgp_message.h"
#include "agent/decode/byte_reader.h"

namespace bgpsentry {

enum MrtType : uint16_t {
  kMrtBgp = 5,  // deprecated, 1999-2000 archives
  kMrtTableDump = 12,
  kMrtTableDumpV2 = 13,
  kMrtBgp4mp = 16,
  kMrtBgp4mpEt = 17,
};

inline constexpr size_t kMrtHeaderSize = 12;
// Far above any real record (RIB records reach a few hundred KiB); a larger length is damage.
inline constexpr uint32_t kMrtMaxRecordLength = 16u << 20;

struct MrtHeader {
  uint32_t timestamp = 0;
  uint16_t type = 0;
  uint16_t subtype = 0;
  uint32_t length = 0;  // body length as written (BGP4MP_ET includes its 4 microsecond bytes)
};

MrtHeader parse_mrt_header(const uint8_t* p);

// A header whose type is known and whose length is sane: read it as the next record.
bool valid_mrt_header(const MrtHeader& header);

// How plausible it is that a record starts at `data` (which must hold the header and as
// much of the body as is available): used to find the next record after damage.
// `last_timestamp` is the last good record's time, 0 if none.
bool plausible_mrt_record(ByteSpan data, uint32_t last_timestamp);

enum class MrtRecordKind {
  kMessage,      // BGP message (updates appended for UPDATEs)
  kStateChange,  // a peer state update appended
  kRib,          // RIB entries appended (TABLE_DUMP, TABLE_DUMP_V2)
  kPeerIndex,    // TABLE_DUMP_V2 PEER_INDEX_TABLE: read into the context
  kUnsupported,  // a record type this reader does not decode; `note` says which and why
};

struct MrtRecordResult {
  MrtRecordKind kind = MrtRecordKind::kMessage;
  std::string note;
};

// What spans the records of one file: TABLE_DUMP_V2's peer index.
struct MrtPeer {
  IpAddress ip;
  uint32_t asn = 0;
};
struct MrtDecodeContext {
  std::vector<MrtPeer> peers;
  bool has_peer_index = false;
};

// Decodes one record body. Appends the updates it holds; on error appends nothing and says
// what is wrong and where (byte offset within the body).
Result<MrtRecordResult> decode_mrt_record(const MrtHeader& header, ByteSpan body,
                                          const std::string& source, MrtDecodeContext& context,
                                          std::vector<Update>& out,
                                          DecodeWarnings* warnings = nullptr);

// MRT subtype names of the BGP4MP family that the bgpdump output distinguishes.
bool is_bgp4mp_addpath(uint16_t subtype);
bool is_table_dump_v2_addpath(uint16_t subtype);

}  // namespace bgpsentry
