// Route objects from IRR database dumps in RPSL (RFC 2622): RADB's, RIPE's and ARIN's split
// files (`ripe.db.route.gz`, `ripe.db.route6.gz`, …), plain or compressed. Only what origin
// checks need is read: `route:`/`route6:`, `origin:`, the first `mnt-by:` and `source:`;
// every other object and attribute is passed over.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "agent/core/prefix.h"
#include "agent/core/result.h"
#include "agent/ingest/byte_stream.h"

namespace bgpsentry {

struct RouteObject {
  Prefix prefix;
  uint32_t origin = 0;
  std::string_view mnt_by;  // the first maintainer named; empty when none
  std::string_view source;  // upper case as written ("RADB"); empty when none
  size_t line = 0;          // of the route:/route6: attribute
};

// One object that could not be read, and where; the rest of the dump still loads.
struct RpslProblem {
  size_t line = 0;
  std::string what;
};

// The longest object taken, in bytes: a dump's largest route objects are a few KiB (long
// remarks); beyond this the object is refused as malformed and the reader moves on.
inline constexpr size_t kMaxRpslObjectBytes = 1 << 20;

// Calls `on_route` for each well-formed route or route6 object in `in`, in file order, and
// `on_problem` for each malformed one (no origin, two, an unreadable prefix or AS number,
// host bits set, an object too large). The views in a RouteObject live until the callback
// returns. The error is the stream's (a truncated gzip, an unreadable file).
Status read_rpsl_routes(ByteStream& in, const std::function<void(const RouteObject&)>& on_route,
                        const std::function<void(const RpslProblem&)>& on_problem);

}  // namespace bgpsentry
