#include "storage/history_store.h"

#include <rocksdb/write_batch.h>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <tuple>

#include "storage/codec.h"
#include "storage/meta_store.h"
#include "storage/schema_migration.h"
#include "storage/stored_update_reader.h"
#include "storage/update_bucket.h"

namespace bgpsentry {
namespace {
constexpr const char* kSequenceKey = "history/next_sequence";

std::string to_hex(std::string_view bytes) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}

std::optional<std::string> from_hex(std::string_view hex) {
  if (hex.size() % 2) return std::nullopt;
  std::string out;
  for (size_t i = 0; i < hex.size(); i += 2) {
    int v = 0;
    for (size_t j = i; j < i + 2; ++j) {
      const char c = hex[j];
      const int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
      if (d < 0) return std::nullopt;
      v = v * 16 + d;
    }
    out += static_cast<char>(v);
  }
  return out;
}
}  // namespace

HistoryStore::HistoryStore(Database& db)
    : db_(db),
      peers_(db),
      checkpoints_(db, static_cast<int64_t>(MetaStore(db).counter(kNewestTimeKey))) {
  const MetaStore meta(db_);
  prepared_sequence_ = meta.counter(kSequenceKey);
  prepared_peer_event_ = meta.counter(kPeerEventKey);
  if (prepared_sequence_ > 0) {
    prepared_oldest_us_ = static_cast<int64_t>(meta.counter(kOldestTimeKey));
    prepared_newest_us_ = static_cast<int64_t>(meta.counter(kNewestTimeKey));
  }
  next_sequence_ = prepared_sequence_;
  oldest_us_ = prepared_oldest_us_;
  newest_us_ = prepared_newest_us_;
}

Status HistoryStore::write(const UpdateBatch& batch) {
  // A non-owning pointer: the batch outlives the call.
  return write(std::vector<BatchPtr>{BatchPtr(&batch, [](const UpdateBatch*) {})});
}

Status HistoryStore::write(std::vector<BatchPtr> batches) {
  if (write_failed_) return Error{"history write refused: an earlier write failed"};
  auto prepared = prepare(std::move(batches));
  auto status = commit(prepared);
  write_failed_ = !status;
  return status;
}

PreparedWrite HistoryStore::prepare(std::vector<BatchPtr> batches) {
  PreparedWrite out;
  out.batches = std::move(batches);
  size_t total = 0;
  for (const auto& batch : out.batches) total += batch->updates.size();
  rocksdb::WriteBatch& wb = out.batch;
  uint64_t seq = prepared_sequence_;
  uint64_t peer_event = prepared_peer_event_;
  int64_t oldest = prepared_oldest_us_, newest = prepared_newest_us_;
  // Each update joins the fragment of its bucket (prefix, hour); the buckets' keys sit side
  // by side in one buffer, found through small handles: a string per update cost the writer
  // ~15% in allocation and moves.
  struct Pending {
    uint32_t key_offset;
    uint8_t key_size;
    codec::BucketEntry entry;  // its index: the order of arrival within this write
  };
  std::string keys;
  keys.reserve(total * 10);
  std::vector<Pending> pending;
  pending.reserve(total);
  out.routes.reserve(total);
  auto key_of = [&keys](const Pending& p) {
    return std::string_view(keys).substr(p.key_offset, p.key_size);
  };
  std::vector<std::string> origins;
  for (const auto& batch : out.batches)
    for (const auto& u : batch->updates) {
      if (scope_ && !scope_(u)) continue;
      if (u.kind == UpdateKind::kPeerState) {
        peers_.record(wb, u, peer_event++);
        continue;
      }
      peers_.record(wb, u, 0);
      oldest = std::min(oldest, u.time_us);
      newest = std::max(newest, u.time_us);
      const std::string prefix_key = codec::prefix_key(u.prefix);
      // Most announcements repeat an (AS, hour, prefix) entry written lately: checked on the
      // prefix itself, the key is built only for a new one.
      for_each_origin_entry(u, [&](uint32_t asn, uint32_t hour) {
        if (origin_keys_written_.insert({u.prefix, asn, hour}).second)
          origins.push_back(codec::origin_key(asn, hour, prefix_key));
      });
      out.routes.emplace_back(u.prefix, u.time_us);
      // Consecutive updates mostly come from one session: interned once per run of them.
      if (!last_session_ || u.peer_ip != last_session_->peer_ip ||
          u.peer_asn != last_session_->peer_asn || u.source != last_session_->source) {
        last_session_id_ = sessions_.intern(wb, codec::encode_session(u));
        last_session_ = u;
        last_session_->attrs.reset();
      }
      uint64_t attrs = 0;
      if (u.attrs) {
        if (u.attrs != last_attrs_) {
          last_attrs_id_ = attributes_.intern(wb, codec::encode_attributes(*u.attrs));
          last_attrs_ = u.attrs;
        }
        attrs = last_attrs_id_ + 1;
      }
      const int64_t time = std::max<int64_t>(u.time_us, 0);
      const auto offset = static_cast<uint32_t>(keys.size());
      codec::append_bucket_key(keys, prefix_key, codec::bucket_of(time));
      const codec::UpdateRef ref{u.kind,      u.safi, last_session_id_, u.path_id, u.old_state,
                                 u.new_state, attrs};
      pending.push_back({offset,
                         static_cast<uint8_t>(keys.size() - offset),
                         {time, ref, static_cast<uint32_t>(pending.size())}});
      ++seq;
    }
  // In key order, each insert lands next to the previous one in RocksDB's memtable skip
  // list, which then reuses its search path; within a bucket, in the order of arrival.
  // Sorted through 32-byte handles holding the key (at most 22 bytes) as three big-endian
  // words, zero-padded (keys of one family have one length): integer compares, no memcmp
  // calls, and no moves of the entries themselves.
  struct Order {
    uint64_t words[3];
    uint32_t index;  // into pending
    auto tied() const { return std::tie(words[0], words[1], words[2], index); }
  };
  std::vector<Order> order(pending.size());
  for (size_t i = 0; i < pending.size(); ++i) {
    const auto key = key_of(pending[i]);
    unsigned char padded[24] = {};
    std::memcpy(padded, key.data(), std::min(key.size(), sizeof padded));
    for (int w = 0; w < 3; ++w)
      order[i].words[w] = codec::get_be64(reinterpret_cast<const char*>(padded) + 8 * w);
    order[i].index = static_cast<uint32_t>(i);
  }
  std::sort(order.begin(), order.end(),
            [](const Order& a, const Order& b) { return a.tied() < b.tied(); });
  std::string fragment;
  std::vector<codec::BucketEntry> run;
  for (size_t i = 0; i < order.size();) {
    const auto key = key_of(pending[order[i].index]);
    run.clear();
    for (; i < order.size() && key_of(pending[order[i].index]) == key; ++i)
      run.push_back(pending[order[i].index].entry);
    fragment.clear();
    codec::append_fragment(fragment, codec::bucket_of(run.front().time_us), run.data(), run.size());
    wb.Merge(db_.updates(), rocksdb::Slice(key.data(), key.size()), fragment);
  }
  std::sort(origins.begin(), origins.end());
  for (const auto& key : origins) wb.Put(db_.by_origin(), key, {});
  if (origin_keys_written_.size() > (1u << 20)) origin_keys_written_.clear();  // bounded
  if (oldest != prepared_oldest_us_) wb.Put(db_.meta(), kOldestTimeKey, std::to_string(oldest));
  if (newest != prepared_newest_us_) wb.Put(db_.meta(), kNewestTimeKey, std::to_string(newest));
  wb.Put(db_.meta(), kSequenceKey, std::to_string(seq));
  if (peer_event != prepared_peer_event_)
    wb.Put(db_.meta(), kPeerEventKey, std::to_string(peer_event));
  for (const auto& batch : out.batches)  // in order: a later cursor of a source wins
    if (batch->cursor)
      wb.Put(db_.meta(), MetaStore::cursor_key(batch->cursor->key), batch->cursor->value);
  attributes_.add_next_id(wb);
  sessions_.add_next_id(wb);
  out.next_sequence = prepared_sequence_ = seq;
  prepared_peer_event_ = peer_event;
  out.oldest_us = prepared_oldest_us_ = oldest;
  out.newest_us = prepared_newest_us_ = newest;
  return out;
}

Status HistoryStore::commit(PreparedWrite& write) {
  if (!write.counted) {
    // Counted in the order stored, on the thread that builds the checkpoints: an update
    // older than a checkpoint built from an earlier write deletes it in this one.
    for (const auto& [prefix, time_us] : write.routes)
      checkpoints_.note(write.batch, prefix, time_us);
    write.counted = true;
  }
  rocksdb::WriteOptions options;
  // Keys in order (above): each memtable insert starts its search where the last one ended.
  // Inserts are concurrent (unordered_write, database.cpp), where RocksDB keeps that
  // position only when asked; without it every insert searched the skip list from the top.
  options.memtable_insert_hint_per_batch = true;
  auto status = db_.db().Write(options, &write.batch);
  if (!status.ok()) return Error{"history write failed: " + status.ToString()};
  oldest_us_ = write.oldest_us;
  newest_us_ = write.newest_us;
  next_sequence_ = write.next_sequence;
  build_checkpoints();
  return ok_status();
}

void HistoryStore::build_checkpoints() {
  const auto due = checkpoints_.take_due();
  const int64_t newest = newest_us_.load();
  // Nothing stored yet (newest is INT64_MIN): no view to keep, and `newest - settle` would
  // overflow (UBSan caught it in HistoryStore.MonitoredScopeKeepsWhatMonitoringNeeds).
  if (due.empty() || newest == INT64_MIN) return;
  const int64_t at = newest - checkpoints_.policy().settle_us;
  if (at < std::max<int64_t>(db_.retention_cutoff(), 0)) return;
  rocksdb::WriteBatch wb;
  std::vector<Prefix> written;
  if (!checkpoint_reader_ || ++checkpoint_builds_ % 1024 == 0)  // its cache stays bounded
    checkpoint_reader_ = std::make_unique<StoredUpdateReader>(attributes_, sessions_);
  for (const Prefix& prefix : due) {
    auto existing = checkpoints_.latest(prefix, at, at);
    if (existing && *existing) continue;  // already one at that moment
    // A checkpoint keeps stored values as they are: their attribute sets need not be read.
    auto routes = routes_at(prefix, at, *checkpoint_reader_, false);
    if (!routes) {  // the history itself is fine; this prefix's views stay slower
      spdlog::warn("route checkpoint of {} not built: {}", prefix.to_string(), routes.error());
      continue;
    }
    std::vector<codec::CheckpointRoute> entries;
    entries.reserve(routes->size());
    for (auto& route : *routes) entries.push_back({route.update.time_us, std::move(route.value)});
    wb.Put(db_.checkpoints(), codec::checkpoint_key(prefix, at),
           codec::encode_checkpoint(at, entries));
    written.push_back(prefix);
  }
  if (written.empty()) return;
  if (auto status = db_.db().Write(rocksdb::WriteOptions(), &wb); !status.ok()) {
    spdlog::warn("route checkpoints not written: {}", status.ToString());
    return;
  }
  for (const auto& prefix : written) checkpoints_.stored(prefix, at);
}

Result<std::vector<StoredRoute>> HistoryStore::routes_at(const Prefix& prefix,
                                                         int64_t at_us) const {
  StoredUpdateReader reader(attributes_, sessions_);
  return routes_at(prefix, at_us, reader, true);
}

Result<std::vector<StoredRoute>> HistoryStore::routes_at(const Prefix& prefix, int64_t at_us,
                                                         StoredUpdateReader& reader,
                                                         bool attributes) const {
  const int64_t cutoff = db_.retention_cutoff();
  if (at_us < cutoff) return std::vector<StoredRoute>();
  // By peer and path id: its last update, and for one from a bucket what it refers to (its
  // stored value is built only for the routes kept).
  struct Last {
    StoredRoute route;
    std::optional<codec::UpdateRef> ref;
  };
  // By peer, path id and SAFI: a 2008 RouteViews peer announced some prefixes as unicast
  // and as multicast, two routes; kept as one, the later hid the other.
  std::map<std::tuple<IpAddress, uint32_t, Safi>, Last> last;
  auto keep = [&](Update& u, int64_t time_us) -> Last* {
    if (u.kind == UpdateKind::kPeerState) return nullptr;  // kept elsewhere since format 3
    u.prefix = prefix;
    u.time_us = time_us;
    auto& entry = last[{u.peer_ip, u.path_id, u.safi}];
    entry.route.update = std::move(u);
    return &entry;
  };

  int64_t from_us = cutoff;
  auto checkpoint = checkpoints_.latest(prefix, cutoff, at_us);
  if (!checkpoint) return Error{checkpoint.error()};
  if (*checkpoint) {
    for (const auto& route : (*checkpoint)->routes) {
      Update u;
      if (!reader.read(route.value, u, attributes))
        return Error{"damaged route checkpoint of " + prefix.to_string()};
      if (Last* entry = keep(u, route.time_us)) {
        entry->route.value = route.value;
        entry->ref.reset();
      }
    }
    from_us = (*checkpoint)->time_us + 1;
  }
  const std::string prefix_key = codec::prefix_key(prefix);
  const std::string end = codec::bucket_key(prefix_key, codec::bucket_of(at_us) + 1);
  rocksdb::ReadOptions options;
  rocksdb::Slice upper(end);
  options.iterate_upper_bound = &upper;
  std::unique_ptr<rocksdb::Iterator> it(db_.db().NewIterator(options, db_.updates()));
  std::vector<codec::BucketEntry> entries;
  for (it->Seek(codec::bucket_key(prefix_key, codec::bucket_of(from_us))); it->Valid();
       it->Next()) {
    const auto key = it->key().ToStringView();
    auto parts = codec::parse_bucket_key(key);
    if (!parts || !codec::decode_bucket(it->value().ToStringView(), parts->hour, entries))
      return Error{"damaged history bucket at key " + to_hex(key)};
    for (const auto& e : entries) {
      if (e.time_us < from_us || e.time_us > at_us) continue;
      Update u;
      if (!reader.read(e.ref, u, attributes))
        return Error{"damaged history record in bucket " + to_hex(key)};
      if (Last* entry = keep(u, e.time_us)) entry->ref = e.ref;
    }
  }
  if (!it->status().ok()) return Error{"history scan failed: " + it->status().ToString()};
  std::vector<StoredRoute> routes;
  for (auto& [key, entry] : last) {
    if (entry.route.update.kind == UpdateKind::kWithdraw) continue;
    if (entry.ref) entry.route.value = codec::encode_update_ref(*entry.ref);
    routes.push_back(std::move(entry.route));
  }
  return routes;
}

Status HistoryStore::for_each_prefix_within(const Prefix& root,
                                            const std::function<void(const Prefix&)>& fn) const {
  const std::string end = codec::subtree_end_key(root);
  rocksdb::ReadOptions options;
  rocksdb::Slice upper(end);
  options.iterate_upper_bound = &upper;
  std::unique_ptr<rocksdb::Iterator> it(db_.db().NewIterator(options, db_.updates()));
  // One seek per prefix: past its buckets to the next prefix's.
  for (it->Seek(codec::bucket_key(codec::prefix_key(root), 0)); it->Valid();) {
    const auto key = it->key().ToStringView();
    auto parts = codec::parse_bucket_key(key);
    if (!parts) return Error{"damaged history key " + to_hex(key)};
    if (root.contains(parts->prefix)) fn(parts->prefix);
    it->Seek(codec::prefix_end_key(key.substr(0, key.size() - 4)));
  }
  if (!it->status().ok()) return Error{"history scan failed: " + it->status().ToString()};
  return ok_status();
}

Status HistoryStore::for_each_prefix_originated(
    uint32_t asn, const std::function<void(const Prefix&)>& fn) const {
  const std::string begin = codec::origin_key(asn, 0);
  const std::string end = codec::origin_key(asn + 1, 0);
  rocksdb::ReadOptions options;
  rocksdb::Slice upper(end);
  if (asn != UINT32_MAX) options.iterate_upper_bound = &upper;
  std::unique_ptr<rocksdb::Iterator> it(db_.db().NewIterator(options, db_.by_origin()));
  absl::flat_hash_set<Prefix, PrefixHash> seen;  // an entry per hour it was announced
  for (it->Seek(begin); it->Valid(); it->Next()) {
    auto parts = codec::parse_origin_key(it->key().ToStringView());
    if (!parts || parts->asn != asn) break;
    if (seen.insert(parts->prefix).second) fn(parts->prefix);
  }
  if (!it->status().ok()) return Error{"origin index scan failed: " + it->status().ToString()};
  return ok_status();
}

std::optional<HistoryStore::TimeSpan> HistoryStore::time_span() const {
  const int64_t newest = newest_us_.load();
  if (newest == INT64_MIN) return std::nullopt;
  return TimeSpan{std::max(oldest_us_.load(), db_.retention_cutoff()), newest};
}

Result<std::string> HistoryStore::scan(const HistoryQuery& in,
                                       const std::function<void(const Update&)>& fn) const {
  HistoryQuery query = in;  // expired history is not answered, compacted away or not yet
  query.from_us = std::max(query.from_us, db_.retention_cutoff());
  if (query.from_us > query.to_us) return std::string();
  const Prefix& target = query.prefix;
  const int64_t first_hour = codec::bucket_of(query.from_us);
  const int64_t end_hour = codec::bucket_of(query.to_us) + 1;
  // Bucket ranges in key order: covering prefixes (a shorter length sorts first), then the
  // prefix alone or with its more-specifics (one contiguous subtree of keys).
  struct Range {
    std::string begin, end;
  };
  std::vector<Range> ranges;
  if (query.less_specific)
    for (int length = 0; length < target.length(); ++length) {
      const std::string covering = codec::prefix_key(Prefix(target.address(), length));
      ranges.push_back(
          {codec::bucket_key(covering, first_hour), codec::bucket_key(covering, end_hour)});
    }
  const std::string target_key = codec::prefix_key(target);
  ranges.push_back({codec::bucket_key(target_key, first_hour),
                    query.more_specific ? codec::subtree_end_key(target)
                                        : codec::bucket_key(target_key, end_hour)});

  // A page token is the position of the last update returned: its prefix, time and index
  // in its bucket, in the shape of a format-3 update key.
  std::optional<codec::UpdateKeyParts> after;
  std::string resume;
  if (!query.page_token.empty()) {
    auto key = from_hex(query.page_token);
    after = key ? codec::parse_update_key(*key) : std::nullopt;
    if (!after || !(target.contains(after->prefix) || after->prefix.contains(target)))
      return Error{"invalid page token"};
    resume = codec::bucket_key(codec::prefix_key(after->prefix), codec::bucket_of(after->time_us));
  }

  size_t n = 0;
  std::optional<codec::UpdateKeyParts> last;
  StoredUpdateReader reader(attributes_, sessions_);
  std::vector<codec::BucketEntry> entries;
  for (const Range& range : ranges) {
    if (!resume.empty() && resume >= range.end) continue;
    rocksdb::ReadOptions options;
    rocksdb::Slice upper(range.end);
    options.iterate_upper_bound = &upper;
    std::unique_ptr<rocksdb::Iterator> it(db_.db().NewIterator(options, db_.updates()));
    it->Seek(std::max(resume, range.begin));
    while (it->Valid()) {
      const auto key = it->key().ToStringView();
      auto parts = codec::parse_bucket_key(key);
      if (!parts) return Error{"damaged history key " + to_hex(key)};
      // In a subtree range, other prefixes' buckets outside the time window are skipped by
      // seeking past them rather than reading them.
      if (parts->hour < first_hour) {
        it->Seek(codec::bucket_key(key.substr(0, key.size() - 4), first_hour));
        continue;
      }
      const bool related = target.contains(parts->prefix) || parts->prefix.contains(target);
      if (parts->hour >= end_hour || !related) {
        it->Seek(codec::prefix_end_key(key.substr(0, key.size() - 4)));
        continue;
      }
      if (!codec::decode_bucket(it->value().ToStringView(), parts->hour, entries))
        return Error{"damaged history bucket at key " + to_hex(key)};
      const bool resumed_here = after && after->prefix == parts->prefix;
      for (const auto& e : entries) {
        if (e.time_us < query.from_us || e.time_us > query.to_us) continue;
        if (resumed_here &&
            std::tie(e.time_us, e.index) <= std::tie(after->time_us, after->sequence))
          continue;
        Update u;
        if (!reader.read(e.ref, u)) return Error{"damaged history record in bucket " + to_hex(key)};
        u.prefix = parts->prefix;
        u.time_us = e.time_us;
        if (!query.filter.matches_route(u)) continue;
        if (query.limit && n == query.limit)
          return to_hex(codec::update_key(last->prefix, last->time_us, last->sequence));
        if (query.stop && query.stop()) return std::string();
        fn(u);
        ++n;
        last = codec::UpdateKeyParts{u.prefix, e.time_us, e.index};
      }
      it->Next();
    }
    if (!it->status().ok()) return Error{"history scan failed: " + it->status().ToString()};
  }
  return std::string();
}

Result<bool> HistoryStore::announced_before(const Prefix& prefix, uint32_t origin,
                                            int64_t before_us) const {
  HistoryQuery q;
  q.prefix = prefix;
  q.filter.origins = {origin};
  q.filter.kinds = {UpdateKind::kAnnounce};
  q.to_us = before_us - 1;
  q.limit = 1;
  bool seen = false;
  auto scanned = scan(q, [&](const Update&) { seen = true; });
  if (!scanned) return Error{scanned.error()};
  return seen;
}

Result<std::string> HistoryStore::scan_origin(const OriginQuery& query,
                                              const std::function<void(const Update&)>& fn) const {
  // Position of the last update returned: [time BE64][index in its bucket BE64][prefix key].
  struct Position {
    int64_t time_us = -1;
    std::string prefix_key;
    uint64_t index = 0;
    auto tied() const { return std::tie(time_us, prefix_key, index); }
  };
  Position after;
  if (!query.page_token.empty()) {
    auto key = from_hex(query.page_token);
    if (!key || key->size() < 16 ||
        !codec::parse_bucket_key(key->substr(16) + std::string(4, '\0')))
      return Error{"invalid page token"};
    after.time_us = static_cast<int64_t>(codec::get_be64(key->data()));
    after.index = codec::get_be64(key->data() + 8);
    after.prefix_key = key->substr(16);
  }
  const int64_t from_us = std::max({query.from_us, after.time_us, db_.retention_cutoff()});
  if (from_us > query.to_us) return std::string();
  const int64_t first_hour = codec::bucket_of(from_us);
  const int64_t last_hour = codec::bucket_of(query.to_us);
  const std::string end = codec::origin_key(query.asn, last_hour + 1);
  rocksdb::ReadOptions options;
  rocksdb::Slice upper(end);
  options.iterate_upper_bound = &upper;
  std::unique_ptr<rocksdb::Iterator> index(db_.db().NewIterator(options, db_.by_origin()));

  struct Match {
    Position position;
    Update update;
  };
  std::vector<Match> hour;  // one hour's matches across prefixes, put in order
  size_t n = 0;
  Position last;
  auto flush_hour = [&]() -> std::optional<std::string> {
    std::sort(hour.begin(), hour.end(),
              [](const Match& a, const Match& b) { return a.position.tied() < b.position.tied(); });
    for (auto& m : hour) {
      if (query.limit && n == query.limit) {
        std::string token;
        codec::put_be64(token, static_cast<uint64_t>(last.time_us));
        codec::put_be64(token, last.index);
        return to_hex(token + last.prefix_key);
      }
      if (query.stop && query.stop()) return std::string();
      fn(m.update);
      ++n;
      last = std::move(m.position);
    }
    hour.clear();
    return std::nullopt;
  };

  int64_t current_hour = -1;
  StoredUpdateReader reader(attributes_, sessions_);
  std::vector<codec::BucketEntry> entries;
  std::string bucket;
  for (index->Seek(codec::origin_key(query.asn, first_hour)); index->Valid(); index->Next()) {
    const auto parts = codec::parse_origin_key(index->key().ToStringView());
    if (!parts) return Error{"damaged origin index key " + to_hex(index->key().ToStringView())};
    if (parts->hour != current_hour) {
      if (auto token = flush_hour()) return *token;
      current_hour = parts->hour;
    }
    // That prefix's bucket of this hour.
    const std::string prefix_key = codec::prefix_key(parts->prefix);
    const std::string key = codec::bucket_key(prefix_key, parts->hour);
    auto status = db_.db().Get(rocksdb::ReadOptions(), db_.updates(), key, &bucket);
    if (status.IsNotFound()) continue;  // expired, or only in the index
    if (!status.ok()) return Error{"history read failed: " + status.ToString()};
    if (!codec::decode_bucket(bucket, parts->hour, entries))
      return Error{"damaged history bucket at key " + to_hex(key)};
    for (const auto& e : entries) {
      if (e.time_us < from_us || e.time_us > query.to_us) continue;
      if (e.ref.kind != UpdateKind::kAnnounce && e.ref.kind != UpdateKind::kRibEntry) continue;
      Position position{e.time_us, prefix_key, e.index};
      if (position.tied() <= after.tied()) continue;
      Update u;
      if (!reader.read(e.ref, u)) return Error{"damaged history record in bucket " + to_hex(key)};
      u.prefix = parts->prefix;
      u.time_us = e.time_us;
      const auto origins = u.origins();
      if (std::find(origins.begin(), origins.end(), query.asn) == origins.end()) continue;
      if (!query.filter.matches_route(u)) continue;
      hour.push_back({std::move(position), std::move(u)});
    }
  }
  if (!index->status().ok()) return Error{"origin scan failed: " + index->status().ToString()};
  if (auto token = flush_hour()) return *token;
  return std::string();
}

}  // namespace bgpsentry
