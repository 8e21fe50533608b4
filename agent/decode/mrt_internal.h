// Helpers shared by the MRT record decoders (not part of the decode interface).
#pragma once

#include <string>
#include <vector>

#include "agent/core/result.h"
#include "agent/decode/mrt_record.h"

namespace bgpsentry::mrt_detail {

inline Error error_at(size_t offset, const std::string& what) {
  return Error{what + " at byte " + std::to_string(offset) + " of the record body"};
}

// TABLE_DUMP (type 12) and TABLE_DUMP_V2 (type 13) records.
Result<MrtRecordResult> decode_table_dump(const MrtHeader& header, ByteSpan body,
                                          const std::string& source, std::vector<Update>& out,
                                          DecodeWarnings* warnings);
Result<MrtRecordResult> decode_table_dump_v2(const MrtHeader& header, ByteSpan body,
                                             const std::string& source, MrtDecodeContext& context,
                                             std::vector<Update>& out, DecodeWarnings* warnings);

}  // namespace bgpsentry::mrt_detail
