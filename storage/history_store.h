// Every ingested update, keyed so that one prefix's history over a time range is one
// range scan. Written through one writer (prepare, then commit; StoreWriter runs them on two
// threads); read concurrently by queries.
#pragma once

#include <absl/container/flat_hash_set.h>
#include <rocksdb/write_batch.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "agent/core/result.h"
#include "agent/core/update_batch.h"
#include "agent/core/update_filter.h"
#include "storage/database.h"
#include "storage/dictionary.h"
#include "storage/peer_log.h"
#include "storage/route_checkpoints.h"
#include "storage/stored_update_reader.h"

namespace bgpsentry {

struct HistoryQuery {
  Prefix prefix;
  bool more_specific = false;  // also the prefix's more-specifics
  bool less_specific = false;  // also the prefixes covering it
  UpdateFilter filter;         // peers, origins, kinds (its prefix and time parts unused)
  int64_t from_us = 0;
  int64_t to_us = std::numeric_limits<int64_t>::max();  // inclusive
  size_t limit = 0;                                     // 0: no limit
  std::string page_token;                               // resume after the update this token names
  std::function<bool()> stop;  // optional; true ends the scan early (a reader that went away)
};

// What one AS originated over a time range, from the origin index.
struct OriginQuery {
  uint32_t asn = 0;
  int64_t from_us = 0;
  int64_t to_us = std::numeric_limits<int64_t>::max();  // inclusive
  size_t limit = 0;
  std::string page_token;
  UpdateFilter filter;  // peers and kinds
  std::function<bool()> stop;
};

// One history write, encoded but not yet stored (HistoryStore::prepare, then commit).
struct PreparedWrite {
  rocksdb::WriteBatch batch;
  // Held until stored: their completion tokens tell sources their updates are.
  std::vector<BatchPtr> batches;
  // Each stored update's prefix and time: what route checkpoints count (on commit).
  std::vector<std::pair<Prefix, int64_t>> routes;
  bool counted = false;  // by the checkpoints: once, however often the commit is retried
  // The history's counters once this write is stored.
  uint64_t next_sequence = 0;
  int64_t oldest_us = INT64_MAX, newest_us = INT64_MIN;
};

// A route as stored: the update, and its stored value bytes (what a checkpoint keeps).
struct StoredRoute {
  Update update;
  std::string value;
};

class HistoryStore {
 public:
  // Meta keys of the stored time span (written with every batch that widens it).
  static constexpr const char* kOldestTimeKey = "history/oldest_us";
  static constexpr const char* kNewestTimeKey = "history/newest_us";
  // Meta key numbering peer state changes (they are not counted as updates).
  static constexpr const char* kPeerEventKey = "history/next_peer_event";

  explicit HistoryStore(Database& db);

  // Only updates `keep` accepts are stored from now on (history.scope); unset: all.
  void set_scope(std::function<bool(const Update&)> keep) { scope_ = std::move(keep); }
  // How often busy prefixes get a route checkpoint (storage/route_checkpoints.h).
  void set_checkpoint_policy(const CheckpointPolicy& policy) { checkpoints_.set_policy(policy); }

  // One atomic write of the batches' updates and their source cursors, in two steps that
  // may run on two threads (StoreWriter), so that encoding the next write overlaps RocksDB's
  // insertion of this one: prepare() encodes (dictionary ids, buckets, origin index) and
  // commit() stores. Writes are committed in the order prepared, and a failed commit is
  // retried with the same write before any later one: a later write may refer to the
  // dictionary ids an earlier one adds.
  PreparedWrite prepare(std::vector<BatchPtr> batches);
  Status commit(PreparedWrite& write);
  // Both steps on the calling thread. A failed write cannot be retried this way: the store
  // refuses later writes (they could refer to what it did not store).
  Status write(std::vector<BatchPtr> batches);
  Status write(const UpdateBatch& batch);

  // Calls fn(update) for each match: covering prefixes first (shortest first), then the
  // prefix, then its more-specifics in address order; each prefix's updates in time order.
  // Returns a page token to continue from when `limit` stopped the scan, or "" when done.
  Result<std::string> scan(const HistoryQuery& query,
                           const std::function<void(const Update&)>& fn) const;

  // Calls fn(update) for each announcement `query.asn` originated, in time order (across
  // prefixes; equal times by prefix, then in order of arrival). Paged like scan().
  Result<std::string> scan_origin(const OriginQuery& query,
                                  const std::function<void(const Update&)>& fn) const;

  // The routes to exactly `prefix` at `at_us`: each (peer, path id, SAFI)'s last update at or
  // before then, in peer order, where that was an announcement (whether the peer's session
  // was up is route_view()'s business). Reads the latest route checkpoint before `at_us`
  // and the prefix's updates since.
  Result<std::vector<StoredRoute>> routes_at(const Prefix& prefix, int64_t at_us) const;

  // Calls fn(prefix) for each prefix with stored history within `root` (itself and its
  // more-specifics), in key order.
  Status for_each_prefix_within(const Prefix& root,
                                const std::function<void(const Prefix&)>& fn) const;
  // Calls fn(prefix) for each prefix `asn` originated per the origin index, once each.
  Status for_each_prefix_originated(uint32_t asn,
                                    const std::function<void(const Prefix&)>& fn) const;

  // Whether `origin` announced exactly `prefix` before `before_us`, per the stored history
  // (event scoring: an origin a prefix has had before is less likely a hijacker).
  Result<bool> announced_before(const Prefix& prefix, uint32_t origin, int64_t before_us) const;

  uint64_t count() const { return next_sequence_.load(); }

  // The times of the oldest (not yet expired) and newest stored updates; nullopt if none.
  struct TimeSpan {
    int64_t oldest_us = 0, newest_us = 0;
  };
  std::optional<TimeSpan> time_span() const;
  const PeerLog& peers() const { return peers_; }

 private:
  // Writes the checkpoints that became due (committing thread, after a write).
  void build_checkpoints();
  Result<std::vector<StoredRoute>> routes_at(const Prefix& prefix, int64_t at_us,
                                             StoredUpdateReader& reader, bool attributes) const;

  Database& db_;
  std::function<bool(const Update&)> scope_;
  // What prepare() uses (the encoding thread's); commit() only publishes its results.
  PeerLog peers_;
  Dictionary attributes_{db_, Dictionary::Kind::kAttributes};
  Dictionary sessions_{db_, Dictionary::Kind::kSession};
  // The prefixes of one message share their attributes (and session): interned once.
  std::shared_ptr<const RouteAttributes> last_attrs_;
  uint64_t last_attrs_id_ = 0;
  std::optional<Update> last_session_;  // its peer_ip, peer_asn and source
  uint64_t last_session_id_ = 0;
  // The counters as of the last write prepared.
  uint64_t prepared_sequence_ = 0, prepared_peer_event_ = 0;
  int64_t prepared_oldest_us_ = INT64_MAX, prepared_newest_us_ = INT64_MIN;
  // Origin index keys written lately: most announcements repeat one.
  struct OriginEntry {
    Prefix prefix;
    uint32_t asn, hour;
    bool operator==(const OriginEntry&) const = default;
  };
  struct OriginEntryHash {
    size_t operator()(const OriginEntry& e) const noexcept {
      return PrefixHash{}(e.prefix) ^
             (static_cast<uint64_t>(e.asn) << 32 | e.hour) * 0x9E3779B97F4A7C15ull;
    }
  };
  absl::flat_hash_set<OriginEntry, OriginEntryHash> origin_keys_written_;
  bool write_failed_ = false;  // by write(): later writes are refused

  // As of the last write committed; read by any thread.
  std::atomic<uint64_t> next_sequence_{0};
  std::atomic<int64_t> oldest_us_{INT64_MAX}, newest_us_{INT64_MIN};
  // The committing thread's.
  RouteCheckpoints checkpoints_;
  // The checkpoint builder's: sessions only, kept across builds.
  std::unique_ptr<StoredUpdateReader> checkpoint_reader_;
  uint64_t checkpoint_builds_ = 0;
};

}  // namespace bgpsentry
