// Dense ids for vantage points (a collector's peer: source, address, ASN), so that per-peer
// state is a small integer rather than a string key. Engine thread only.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "agent/core/update.h"
#include "agent/model/event.h"

namespace bgpsentry {

using PeerId = uint32_t;

class PeerRegistry {
 public:
  PeerId id(const std::string& source, const IpAddress& ip, uint32_t asn) {
    // Updates come in runs from one peer (an MRT record, a RIS Live message): check the last.
    if (last_ < peers_.size() && peers_[last_].ip == ip && peers_[last_].asn == asn &&
        peers_[last_].source == source)
      return last_;
    std::string key = source;
    key.push_back('\0');
    key.append(reinterpret_cast<const char*>(ip.bytes.data()), ip.bytes.size());
    key.push_back(static_cast<char>(ip.afi));
    const auto [it, added] = ids_.try_emplace(std::move(key), static_cast<PeerId>(peers_.size()));
    if (added) peers_.push_back(EventPeer{source, ip, asn});
    peers_[it->second].asn = asn;  // a peer's ASN is what it said last
    return last_ = it->second;
  }
  PeerId id(const Update& u) { return id(u.source, u.peer_ip, u.peer_asn); }
  PeerId id(const EventPeer& p) { return id(p.source, p.ip, p.asn); }

  const EventPeer& peer(PeerId id) const { return peers_[id]; }
  size_t size() const { return peers_.size(); }

 private:
  std::unordered_map<std::string, PeerId> ids_;
  std::vector<EventPeer> peers_;
  PeerId last_ = UINT32_MAX;
};

}  // namespace bgpsentry
