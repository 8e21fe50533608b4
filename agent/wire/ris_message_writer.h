// RIS Live's JSON from normalized updates: what the RIS Live replay server sends and what
// recordings of converted archives hold, so that MRT archives can be replayed through the
// RIS Live path (decoder, source, engine) like a live feed.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "agent/core/update.h"

namespace bgpsentry::wire {

// The updates of one BGP message (one MRT record: one peer, one time, one attribute set
// for the announcements) as one ris_message, appended to `out` without a newline: UPDATE
// with `announcements` and `withdrawals`, or RIS_PEER_STATE for a peer state change.
// `host` names the collector; `id` is the message's id.
void append_ris_message(std::span<const Update> message, const std::string& host, uint64_t id,
                        std::string& out);

// Calls fn(span) for each run of updates that one RIS Live message carries: consecutive
// updates of the same peer and time sharing the announcements' attributes (withdrawals
// travel with them), peer states alone.
template <typename Fn>
void for_each_ris_message(std::span<const Update> updates, Fn&& fn) {
  size_t start = 0;
  const RouteAttributes* attrs = nullptr;  // the current run's announcements'
  for (size_t i = 0; i < updates.size(); ++i) {
    const Update& u = updates[i];
    const Update& first = updates[start];
    const bool joins = u.kind != UpdateKind::kPeerState && first.kind != UpdateKind::kPeerState &&
                       u.time_us == first.time_us && u.peer_ip == first.peer_ip &&
                       u.peer_asn == first.peer_asn && u.source == first.source &&
                       (!u.attrs || !attrs || u.attrs.get() == attrs);
    if (i > start && !joins) {
      fn(updates.subspan(start, i - start));
      start = i;
      attrs = nullptr;
    }
    if (u.attrs && !attrs) attrs = u.attrs.get();
  }
  if (start < updates.size()) fn(updates.subspan(start));
}

}  // namespace bgpsentry::wire
