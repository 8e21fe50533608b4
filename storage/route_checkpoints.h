// Per-prefix checkpoints of the routing table, so that "the routes to P at time T" reads the
// latest checkpoint before T and the updates since, not P's whole history. A prefix gets a
// new checkpoint each time CheckpointPolicy::updates more of its updates were stored: busy
// prefixes often, quiet ones never (their whole history is short). The thread that commits
// history writes only, except latest(), which any reader may call.
#pragma once

#include <rocksdb/write_batch.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "agent/core/result.h"
#include "agent/core/update.h"
#include "storage/codec.h"
#include "storage/database.h"

namespace bgpsentry {

struct CheckpointPolicy {
  // A prefix's next checkpoint is due once this many more of its updates are stored.
  uint32_t updates = 1024;
  // A checkpoint is taken this far behind the newest stored update, so that sources a few
  // minutes behind one another do not arrive "late" for it.
  int64_t settle_us = 10 * 60 * 1000000ll;
};

class RouteCheckpoints {
 public:
  RouteCheckpoints(Database& db, int64_t newest_us);
  void set_policy(const CheckpointPolicy& policy) { policy_ = policy; }
  const CheckpointPolicy& policy() const { return policy_; }

  // For each stored update: counts it toward its prefix's next checkpoint. An update older
  // than a checkpoint of its prefix makes that checkpoint wrong: it is deleted in `batch`.
  void note(rocksdb::WriteBatch& batch, const Prefix& prefix, int64_t time_us);
  // The prefixes that became due since the last call.
  std::vector<Prefix> take_due();
  // A checkpoint of `prefix` at `time_us` was written.
  void stored(const Prefix& prefix, int64_t time_us);

  struct Checkpoint {
    int64_t time_us = 0;
    std::vector<codec::CheckpointRoute> routes;
  };
  // The latest checkpoint of the prefix in [not_before_us, at_us]; nullopt if none.
  Result<std::optional<Checkpoint>> latest(const Prefix& prefix, int64_t not_before_us,
                                           int64_t at_us) const;

 private:
  // Counters and checkpoint times per hash slot of the prefix, not per prefix: a fixed few
  // MiB whatever the table size. Prefixes sharing a slot only make checkpoints a little
  // earlier or a "late" check a little more frequent.
  static constexpr size_t kSlots = 1 << 18;
  static size_t slot_of(const Prefix& prefix) { return PrefixHash{}(prefix) % kSlots; }

  Database& db_;
  CheckpointPolicy policy_;
  std::vector<uint32_t> counts_;
  // Upper bound of the newest checkpoint time of the prefixes in each slot.
  std::vector<int64_t> newest_checkpoint_;
  bool any_ = false;  // some checkpoint may exist (skips the late check on a new store)
  std::vector<Prefix> due_;
};

}  // namespace bgpsentry
