// Writes updates as MRT (RFC 6396) BGP4MP records that bgpdump, BGPStream and our own
// reader read back: one BGP UPDATE per record, 4-byte AS numbers (MESSAGE_AS4), BGP4MP_ET
// when the time has microseconds. Peer state changes become STATE_CHANGE_AS4.
#pragma once

#include <string>

#include "agent/core/update.h"

namespace bgpsentry::wire {

// Appends the MRT record of `update` to `out`.
void append_mrt_record(const Update& update, std::string& out);

}  // namespace bgpsentry::wire
