// BGP-4 message decoding (RFC 4271 and extensions); shared by MRT, BMP and RIS Live `raw`.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "agent/core/result.h"
#include "agent/core/update.h"
#include "agent/decode/byte_reader.h"

namespace bgpsentry {

enum class BgpMessageType : uint8_t {
  kOpen = 1,
  kUpdate = 2,
  kNotification = 3,
  kKeepalive = 4,
  kRouteRefresh = 5,
};

struct BgpDecodeOptions {
  bool four_byte_asn = true;  // AS_PATH carries 4-byte ASNs (RFC 6793 session)
  bool add_path = false;      // NLRI carry a path identifier (RFC 7911)
};

// Fields of the updates that come from the envelope (MRT record, BMP header, RIS message).
struct UpdateEnvelope {
  int64_t time_us = 0;
  std::string source;
  IpAddress peer_ip;
  uint32_t peer_asn = 0;
};

// Non-fatal findings (RFC 7606 "attribute discard" cases) reported with the update.
struct DecodeWarnings {
  std::vector<std::string> items;
  void add(std::string w) { items.push_back(std::move(w)); }
};

// The path attributes of one UPDATE or RIB entry. MP_REACH/MP_UNREACH stay raw: their
// layout depends on the container (RIB entries abbreviate MP_REACH, RFC 6396 4.3.4).
struct PathAttributes {
  std::shared_ptr<RouteAttributes> attrs;
  ByteSpan mp_reach, mp_unreach;
  size_t mp_reach_at = 0, mp_unreach_at = 0;  // offsets of their values, for messages
  bool has_mp_reach = false, has_mp_unreach = false;
};

// Decodes a path attribute block. `base` is the offset of `data` within the message, for
// error messages. Malformed optional attributes become warnings (RFC 7606 attribute
// discard); a malformed AS_PATH or attribute framing is an error.
Result<PathAttributes> decode_path_attributes(ByteSpan data, size_t base,
                                              const BgpDecodeOptions& options,
                                              DecodeWarnings* warnings);

// The next hops of an MP_REACH next-hop field: the global address (and, for 32 bytes, the
// IPv6 link-local one). Nothing for a length no AFI uses.
void set_mp_next_hop(ByteSpan next_hop, RouteAttributes& attrs);

// Decodes a whole BGP message (marker, length, type). For an UPDATE appends one Update
// per announced or withdrawn prefix to `out`; other message types produce nothing.
// Returns the message type, or an error naming the byte offset within `message`.
Result<BgpMessageType> decode_bgp_message(ByteSpan message, const BgpDecodeOptions& options,
                                          const UpdateEnvelope& envelope, std::vector<Update>& out,
                                          DecodeWarnings* warnings = nullptr);

// Decodes an UPDATE body (after the 19-byte header).
Status decode_bgp_update(ByteSpan body, const BgpDecodeOptions& options,
                         const UpdateEnvelope& envelope, std::vector<Update>& out,
                         DecodeWarnings* warnings = nullptr);

}  // namespace bgpsentry
