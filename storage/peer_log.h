// Which peers the store has heard from, and when their sessions went down: what turns
// stored updates into "who carries this route at time T" (a peer that goes down drops
// every route it announced).
#pragma once

#include <rocksdb/write_batch.h>

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "agent/core/result.h"
#include "agent/core/update.h"
#include "storage/codec.h"
#include "storage/database.h"

namespace bgpsentry {

struct PeerInfo {
  IpAddress ip;
  codec::PeerRecord record;
};

class PeerLog {
 public:
  explicit PeerLog(Database& db);

  // Adds what `update` tells about its peer to `batch`: a state change, a peer not seen
  // before (or seen earlier than known, when older archives are replayed later), or the
  // first route of an address family from it.
  void record(rocksdb::WriteBatch& batch, const Update& update, uint64_t sequence);

  // Every peer first seen at or before `at_us` whose session was not down at `at_us` (no
  // state change seen, or the last one before `at_us` reached Established); with `family`,
  // only peers that sent routes of that address family.
  Result<std::vector<PeerInfo>> peers_up(int64_t at_us, std::optional<Afi> family = {}) const;

  // True if the peer's session left Established in (after_us, upto_us].
  Result<bool> went_down(const IpAddress& peer, int64_t after_us, int64_t upto_us) const;

 private:
  void load();
  Database& db_;
  // Only the thread that encodes history writes uses these.
  std::map<IpAddress, codec::PeerRecord> known_;
  std::map<IpAddress, codec::PeerRecord>::iterator last_ = known_.end();
};

}  // namespace bgpsentry
