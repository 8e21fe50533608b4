// RIPE RIS Live messages (https://ris-live.ripe.net/manual/): one JSON text, a WebSocket
// frame or a line of a recording, decoded into normalized updates. Pure: no I/O. Decoded
// with simdjson (kept out of this header). A `raw` BGP message, when the subscription asked
// for it, is decoded by the shared BGP decoder and wins over the JSON fields (it carries
// every attribute); a raw that does not decode falls back to the JSON with a warning.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "agent/core/result.h"
#include "agent/core/update.h"

namespace bgpsentry {

enum class RisMessageKind : uint8_t {
  kUpdate,     // ris_message UPDATE: updates per prefix
  kPeerState,  // ris_message RIS_PEER_STATE: one peer-state update
  kOpen,       // ris_message OPEN, NOTIFICATION, KEEPALIVE, ROUTE_REFRESH: counted only
  kNotification,
  kKeepalive,
  kRouteRefresh,
  kError,        // ris_error: `error` says what the server refused
  kSubscribeOk,  // ris_subscribe_ok
  kPong,         // pong
  kOther,        // a type this decoder does not know (the protocol grows): skipped
};

struct RisMessage {
  RisMessageKind kind = RisMessageKind::kOther;
  int64_t time_us = 0;
  std::string host;             // the collector, e.g. "rrc00"
  std::vector<Update> updates;  // appended to by decode()
  std::string error;            // kError: the server's message
  std::vector<std::string> warnings;
};

class RisMessageDecoder {
 public:
  RisMessageDecoder();
  ~RisMessageDecoder();
  RisMessageDecoder(RisMessageDecoder&&) noexcept;
  RisMessageDecoder& operator=(RisMessageDecoder&&) noexcept;

  // Decodes one message. `source` names the updates' source when the message names no
  // collector. Errors say what is wrong and where in the message ("data.path[3]: …").
  Result<RisMessage> decode(std::string_view json, const std::string& source);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

const char* to_string(RisMessageKind kind);

}  // namespace bgpsentry
