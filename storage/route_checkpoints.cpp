#include "storage/route_checkpoints.h"

#include <memory>
#include <utility>

namespace bgpsentry {

RouteCheckpoints::RouteCheckpoints(Database& db, int64_t newest_us)
    : db_(db), counts_(kSlots, 0), newest_checkpoint_(kSlots, INT64_MIN) {
  // Which prefixes have checkpoints, and when, is not kept across restarts: every stored
  // checkpoint is older than the newest update, so that bound holds for all of them.
  std::unique_ptr<rocksdb::Iterator> it(
      db_.db().NewIterator(rocksdb::ReadOptions(), db_.checkpoints()));
  it->SeekToFirst();
  any_ = it->Valid();
  if (any_) newest_checkpoint_.assign(kSlots, newest_us);
}

void RouteCheckpoints::note(rocksdb::WriteBatch& batch, const Prefix& prefix, int64_t time_us) {
  const size_t slot = slot_of(prefix);
  if (any_ && time_us <= newest_checkpoint_[slot]) {
    // Rare (an archive replayed after newer data, or the first minutes after a restart).
    const std::string end = codec::prefix_key(prefix) + std::string(8, '\xff');
    rocksdb::ReadOptions options;
    rocksdb::Slice upper(end);
    options.iterate_upper_bound = &upper;
    std::unique_ptr<rocksdb::Iterator> it(db_.db().NewIterator(options, db_.checkpoints()));
    for (it->Seek(codec::checkpoint_key(prefix, time_us)); it->Valid(); it->Next())
      batch.Delete(db_.checkpoints(), it->key());
  }
  if (++counts_[slot] >= policy_.updates) {
    counts_[slot] = 0;
    due_.push_back(prefix);
  }
}

std::vector<Prefix> RouteCheckpoints::take_due() {
  return std::exchange(due_, {});
}

void RouteCheckpoints::stored(const Prefix& prefix, int64_t time_us) {
  any_ = true;
  auto& newest = newest_checkpoint_[slot_of(prefix)];
  newest = std::max(newest, time_us);
}

Result<std::optional<RouteCheckpoints::Checkpoint>> RouteCheckpoints::latest(const Prefix& prefix,
                                                                             int64_t not_before_us,
                                                                             int64_t at_us) const {
  if (at_us < not_before_us) return std::optional<Checkpoint>();
  const std::string lower = codec::checkpoint_key(prefix, not_before_us);
  rocksdb::ReadOptions options;
  rocksdb::Slice lower_bound(lower);
  options.iterate_lower_bound = &lower_bound;
  std::unique_ptr<rocksdb::Iterator> it(db_.db().NewIterator(options, db_.checkpoints()));
  // Between two keys of this prefix: a key of this prefix, if any.
  it->SeekForPrev(codec::checkpoint_key(prefix, at_us));
  if (!it->status().ok()) return Error{"checkpoint read failed: " + it->status().ToString()};
  if (!it->Valid()) return std::optional<Checkpoint>();
  const auto key = it->key().ToStringView();
  Checkpoint checkpoint;
  checkpoint.time_us = static_cast<int64_t>(codec::get_be64(key.data() + key.size() - 8));
  if (!codec::decode_checkpoint(it->value().ToStringView(), checkpoint.time_us, checkpoint.routes))
    return Error{"damaged route checkpoint of " + prefix.to_string()};
  return std::optional<Checkpoint>(std::move(checkpoint));
}

}  // namespace bgpsentry
