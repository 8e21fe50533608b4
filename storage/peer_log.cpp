#include "storage/peer_log.h"

#include <spdlog/spdlog.h>

#include <memory>

#include "storage/codec.h"

namespace bgpsentry {
namespace {
constexpr uint8_t kEstablished = 6;  // RFC 6396 4.4.1 numbering of BGP FSM states

uint8_t family_bit(Afi afi) {
  return afi == Afi::kIpv4 ? 1 : 2;
}
}  // namespace

PeerLog::PeerLog(Database& db) : db_(db) {
  load();
}

void PeerLog::load() {
  known_.clear();
  last_ = known_.end();
  std::unique_ptr<rocksdb::Iterator> it(db_.db().NewIterator(rocksdb::ReadOptions(), db_.peers()));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    auto ip = codec::parse_peer_key(it->key().ToStringView());
    codec::PeerRecord record;
    if (ip && codec::decode_peer_record(it->value().ToStringView(), record))
      known_[*ip] = record;
    else
      spdlog::warn("store {}: damaged peer record skipped", db_.dir());
  }
}

void PeerLog::record(rocksdb::WriteBatch& batch, const Update& u, uint64_t sequence) {
  // The prefixes of one message arrive together: skip the map for them.
  if (last_ == known_.end() || last_->first != u.peer_ip)
    last_ = known_.try_emplace(u.peer_ip, codec::PeerRecord{INT64_MAX, u.peer_asn, 0}).first;
  codec::PeerRecord& known = last_->second;
  const uint8_t family = u.kind == UpdateKind::kPeerState ? 0 : family_bit(u.prefix.afi());
  if (u.time_us < known.first_seen_us || (known.families & family) != family) {
    known.first_seen_us = std::min(known.first_seen_us, u.time_us);
    known.families |= family;
    batch.Put(db_.peers(), codec::peer_key(u.peer_ip), codec::encode_peer_record(known));
  }
  if (u.kind == UpdateKind::kPeerState)
    batch.Put(db_.peer_events(), codec::peer_event_key(u.peer_ip, u.time_us, sequence),
              codec::encode_update_value(u));
}

Result<bool> PeerLog::went_down(const IpAddress& peer, int64_t after_us, int64_t upto_us) const {
  if (upto_us <= after_us) return false;
  const std::string end = codec::peer_event_key(peer, upto_us, UINT64_MAX);
  rocksdb::ReadOptions options;
  rocksdb::Slice upper(end);
  options.iterate_upper_bound = &upper;
  std::unique_ptr<rocksdb::Iterator> it(db_.db().NewIterator(options, db_.peer_events()));
  Update event;
  for (it->Seek(codec::peer_event_key(peer, after_us, UINT64_MAX)); it->Valid(); it->Next()) {
    if (!codec::decode_update_value(it->value().ToStringView(), event))
      return Error{"damaged peer state record for " + peer.to_string()};
    if (event.new_state != kEstablished) return true;
  }
  if (!it->status().ok()) return Error{"peer state scan failed: " + it->status().ToString()};
  // The upper bound excludes an event at exactly upto_us with the largest sequence; none
  // is ever written with UINT64_MAX.
  return false;
}

Result<std::vector<PeerInfo>> PeerLog::peers_up(int64_t at_us, std::optional<Afi> family) const {
  std::vector<PeerInfo> up;
  std::unique_ptr<rocksdb::Iterator> peers(
      db_.db().NewIterator(rocksdb::ReadOptions(), db_.peers()));
  std::unique_ptr<rocksdb::Iterator> events(
      db_.db().NewIterator(rocksdb::ReadOptions(), db_.peer_events()));
  Update event;
  for (peers->SeekToFirst(); peers->Valid(); peers->Next()) {
    PeerInfo info;
    auto ip = codec::parse_peer_key(peers->key().ToStringView());
    if (!ip || !codec::decode_peer_record(peers->value().ToStringView(), info.record))
      return Error{"damaged peer record"};
    info.ip = *ip;
    if (info.record.first_seen_us > at_us) continue;
    if (family && !(info.record.families & family_bit(*family))) continue;
    // The last state change at or before at_us decides.
    events->SeekForPrev(codec::peer_event_key(info.ip, at_us, UINT64_MAX));
    if (events->Valid() && events->key().starts_with(codec::peer_key(info.ip))) {
      if (!codec::decode_update_value(events->value().ToStringView(), event))
        return Error{"damaged peer state record for " + info.ip.to_string()};
      if (event.new_state != kEstablished) continue;
    }
    up.push_back(info);
  }
  if (!peers->status().ok()) return Error{"peer scan failed: " + peers->status().ToString()};
  return up;
}

}  // namespace bgpsentry
