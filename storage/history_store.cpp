#include "storage/history_store.h"

#include <rocksdb/write_batch.h>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>
#include <tuple>

#include "storage/codec.h"
#include "storage/meta_store.h"
#include "storage/schema_migration.h"
#include "storage/stored_update_reader.h"

namespace bgpsentry {
namespace {
constexpr const char* kSequenceKey = "history/next_sequence";
constexpr const char* kPeerEventKey = "history/next_peer_event";

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
  next_sequence_ = meta.counter(kSequenceKey);
  next_peer_event_ = meta.counter(kPeerEventKey);
  if (next_sequence_ > 0) {
    oldest_us_ = static_cast<int64_t>(meta.counter(kOldestTimeKey));
    newest_us_ = static_cast<int64_t>(meta.counter(kNewestTimeKey));
  }
}

Status HistoryStore::write(const UpdateBatch& batch) {
  // A non-owning pointer: the batch outlives the call.
  return write(std::vector<BatchPtr>{BatchPtr(&batch, [](const UpdateBatch*) {})});
}

Status HistoryStore::write(const std::vector<BatchPtr>& batches) {
  size_t total = 0;
  for (const auto& batch : batches) total += batch->updates.size();
  rocksdb::WriteBatch wb;
  uint64_t seq = next_sequence_.load();
  uint64_t peer_event = next_peer_event_;
  int64_t oldest = oldest_us_.load(), newest = newest_us_.load();
  // Keys and values side by side in one buffer, sorted through small handles: a string
  // pair per update cost the writer ~15% in allocation and moves.
  struct Entry {
    size_t offset;
    uint8_t key_size, value_size;
  };
  std::string arena;
  arena.reserve(total * 40);
  std::vector<Entry> updates;
  updates.reserve(total);
  auto key_of = [&arena](const Entry& e) {
    return std::string_view(arena).substr(e.offset, e.key_size);
  };
  std::vector<std::string> origins;
  for (const auto& batch : batches)
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
      origin_index_keys(u, prefix_key, origins);
      checkpoints_.note(wb, u.prefix, prefix_key, u.time_us);
      // Consecutive updates mostly come from one session: interned once per run of them.
      if (!last_session_ || u.peer_ip != last_session_->peer_ip ||
          u.peer_asn != last_session_->peer_asn || u.source != last_session_->source) {
        last_session_id_ = sessions_.intern(wb, codec::encode_session(u));
        last_session_ = u;
        last_session_->attrs.reset();
      }
      const uint64_t session = last_session_id_;
      uint64_t attrs = 0;
      if (u.attrs) {
        if (u.attrs != last_attrs_) {
          last_attrs_id_ = attributes_.intern(wb, codec::encode_attributes(*u.attrs));
          last_attrs_ = u.attrs;
        }
        attrs = last_attrs_id_ + 1;
      }
      const size_t offset = arena.size();
      codec::append_update_key(arena, prefix_key, u.time_us, seq++);
      const auto key_size = static_cast<uint8_t>(arena.size() - offset);
      arena += codec::encode_update_ref(u, session, attrs);
      updates.push_back({offset, key_size, static_cast<uint8_t>(arena.size() - offset - key_size)});
    }
  // In key order, each insert lands next to the previous one in RocksDB's memtable skip
  // list, which then reuses its search path: inserting was most of the writer's time.
  std::sort(updates.begin(), updates.end(),
            [&](const Entry& a, const Entry& b) { return key_of(a) < key_of(b); });
  for (const auto& e : updates)
    wb.Put(db_.updates(), rocksdb::Slice(arena.data() + e.offset, e.key_size),
           rocksdb::Slice(arena.data() + e.offset + e.key_size, e.value_size));
  std::sort(origins.begin(), origins.end());
  if (origin_keys_written_.size() > (1u << 20)) origin_keys_written_.clear();  // bounded
  for (const auto& key : origins)
    if (origin_keys_written_.insert(key).second) wb.Put(db_.by_origin(), key, {});
  if (oldest != oldest_us_.load()) wb.Put(db_.meta(), kOldestTimeKey, std::to_string(oldest));
  if (newest != newest_us_.load()) wb.Put(db_.meta(), kNewestTimeKey, std::to_string(newest));
  wb.Put(db_.meta(), kSequenceKey, std::to_string(seq));
  if (peer_event != next_peer_event_) wb.Put(db_.meta(), kPeerEventKey, std::to_string(peer_event));
  for (const auto& batch : batches)  // in order: a later cursor of a source wins
    if (batch->cursor)
      wb.Put(db_.meta(), MetaStore::cursor_key(batch->cursor->key), batch->cursor->value);
  auto status = db_.db().Write(rocksdb::WriteOptions(), &wb);
  if (!status.ok()) {
    // What the caches learnt from this batch was not stored: forget it, so that the retry
    // writes it again.
    attributes_.rolled_back();
    sessions_.rolled_back();
    peers_.rolled_back();
    origin_keys_written_.clear();
    last_attrs_.reset();
    last_session_.reset();
    return Error{"history write failed: " + status.ToString()};
  }
  attributes_.committed();
  sessions_.committed();
  oldest_us_ = oldest;
  newest_us_ = newest;
  next_sequence_ = seq;
  next_peer_event_ = peer_event;
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
  std::vector<std::string> written;
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
    written.push_back(codec::prefix_key(prefix));
  }
  if (written.empty()) return;
  if (auto status = db_.db().Write(rocksdb::WriteOptions(), &wb); !status.ok()) {
    spdlog::warn("route checkpoints not written: {}", status.ToString());
    return;
  }
  for (const auto& key : written) checkpoints_.stored(key, at);
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
  std::map<std::pair<IpAddress, uint32_t>, StoredRoute> last;  // by peer, path id
  auto add = [&](std::string_view value, int64_t time_us) {
    Update u;
    if (!reader.read(value, u, attributes)) return false;
    if (u.kind == UpdateKind::kPeerState) return true;  // kept elsewhere since format 3
    u.prefix = prefix;
    u.time_us = time_us;
    auto& route = last[{u.peer_ip, u.path_id}];
    route.update = std::move(u);
    route.value.assign(value);
    return true;
  };

  int64_t from_us = cutoff;
  auto checkpoint = checkpoints_.latest(prefix, cutoff, at_us);
  if (!checkpoint) return Error{checkpoint.error()};
  if (*checkpoint) {
    for (const auto& route : (*checkpoint)->routes)
      if (!add(route.value, route.time_us))
        return Error{"damaged route checkpoint of " + prefix.to_string()};
    from_us = (*checkpoint)->time_us + 1;
  }
  const std::string end = codec::updates_end_key(prefix, at_us);
  rocksdb::ReadOptions options;
  rocksdb::Slice upper(end);
  options.iterate_upper_bound = &upper;
  std::unique_ptr<rocksdb::Iterator> it(db_.db().NewIterator(options, db_.updates()));
  for (it->Seek(codec::update_key(prefix, from_us, 0)); it->Valid(); it->Next()) {
    const auto key = it->key().ToStringView();
    auto parts = codec::parse_update_key(key);
    if (!parts || !add(it->value().ToStringView(), parts->time_us))
      return Error{"damaged history record at key " + to_hex(key)};
  }
  if (!it->status().ok()) return Error{"history scan failed: " + it->status().ToString()};
  std::vector<StoredRoute> routes;
  for (auto& [key, route] : last)
    if (route.update.kind != UpdateKind::kWithdraw) routes.push_back(std::move(route));
  return routes;
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
  // Key ranges in key order: covering prefixes (a shorter length sorts first), then the
  // prefix alone or with its more-specifics (one contiguous subtree of keys).
  struct Range {
    std::string begin, end;
  };
  std::vector<Range> ranges;
  if (query.less_specific)
    for (int length = 0; length < target.length(); ++length) {
      const Prefix covering(target.address(), length);
      ranges.push_back({codec::update_key(covering, query.from_us, 0),
                        codec::updates_end_key(covering, query.to_us)});
    }
  ranges.push_back({codec::update_key(target, query.from_us, 0),
                    query.more_specific ? codec::subtree_end_key(target)
                                        : codec::updates_end_key(target, query.to_us)});

  std::string resume;
  if (!query.page_token.empty()) {
    auto key = from_hex(query.page_token);
    auto parts = key ? codec::parse_update_key(*key) : std::nullopt;
    if (!parts || !(target.contains(parts->prefix) || parts->prefix.contains(target)))
      return Error{"invalid page token"};
    resume = *key;
    resume.push_back('\0');  // the smallest key after it
  }

  size_t n = 0;
  std::string last_key;
  StoredUpdateReader reader(attributes_, sessions_);
  for (const Range& range : ranges) {
    if (!resume.empty() && resume >= range.end) continue;
    rocksdb::ReadOptions options;
    rocksdb::Slice upper(range.end);
    options.iterate_upper_bound = &upper;
    std::unique_ptr<rocksdb::Iterator> it(db_.db().NewIterator(options, db_.updates()));
    it->Seek(std::max(resume, range.begin));
    while (it->Valid()) {
      const auto key = it->key().ToStringView();
      auto parts = codec::parse_update_key(key);
      if (!parts) return Error{"damaged history key " + to_hex(key)};
      // In a subtree range, other prefixes' updates outside the time window are skipped
      // by seeking past them rather than reading them.
      if (parts->time_us < query.from_us) {
        it->Seek(codec::update_key(parts->prefix, query.from_us, 0));
        continue;
      }
      const bool related = target.contains(parts->prefix) || parts->prefix.contains(target);
      if (parts->time_us > query.to_us || !related) {
        it->Seek(codec::updates_end_key(parts->prefix, std::numeric_limits<int64_t>::max()));
        continue;
      }
      Update u;
      if (!reader.read(it->value().ToStringView(), u))
        return Error{"damaged history record at key " + to_hex(key)};
      u.prefix = parts->prefix;
      u.time_us = parts->time_us;
      if (query.filter.matches_route(u)) {
        if (query.limit && n == query.limit) return to_hex(last_key);
        if (query.stop && query.stop()) return std::string();
        fn(u);
        ++n;
        last_key.assign(key);
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
  // Position of the last update returned: [time BE64][sequence BE64].
  int64_t after_time = -1;
  uint64_t after_seq = 0;
  if (!query.page_token.empty()) {
    auto key = from_hex(query.page_token);
    if (!key || key->size() != 16) return Error{"invalid page token"};
    after_time = static_cast<int64_t>(codec::get_be64(key->data()));
    after_seq = codec::get_be64(key->data() + 8);
  }
  const int64_t from_us = std::max({query.from_us, after_time, db_.retention_cutoff()});
  if (from_us > query.to_us) return std::string();
  const int64_t first_hour = from_us / codec::kOriginBucketUs;
  const int64_t last_hour = query.to_us / codec::kOriginBucketUs;
  const std::string end = codec::origin_key(query.asn, last_hour + 1);
  rocksdb::ReadOptions options;
  rocksdb::Slice upper(end);
  options.iterate_upper_bound = &upper;
  std::unique_ptr<rocksdb::Iterator> index(db_.db().NewIterator(options, db_.by_origin()));

  struct Match {
    int64_t time_us;
    uint64_t sequence;
    Update update;
  };
  std::vector<Match> hour;  // one hour's matches across prefixes, put in time order
  size_t n = 0;
  std::string last;
  auto flush_hour = [&]() -> std::optional<std::string> {
    std::sort(hour.begin(), hour.end(), [](const Match& a, const Match& b) {
      return std::tie(a.time_us, a.sequence) < std::tie(b.time_us, b.sequence);
    });
    for (const auto& m : hour) {
      if (query.limit && n == query.limit) return to_hex(last);
      if (query.stop && query.stop()) return std::string();
      fn(m.update);
      ++n;
      last.clear();
      codec::put_be64(last, static_cast<uint64_t>(m.time_us));
      codec::put_be64(last, m.sequence);
    }
    hour.clear();
    return std::nullopt;
  };

  int64_t current_hour = -1;
  StoredUpdateReader reader(attributes_, sessions_);
  for (index->Seek(codec::origin_key(query.asn, first_hour)); index->Valid(); index->Next()) {
    const auto parts = codec::parse_origin_key(index->key().ToStringView());
    if (!parts) return Error{"damaged origin index key " + to_hex(index->key().ToStringView())};
    if (parts->hour != current_hour) {
      if (auto token = flush_hour()) return *token;
      current_hour = parts->hour;
    }
    // That prefix's updates within this hour and the window.
    const int64_t t0 = std::max(from_us, parts->hour * codec::kOriginBucketUs);
    const int64_t t1 = std::min(query.to_us, (parts->hour + 1) * codec::kOriginBucketUs - 1);
    const std::string range_end = codec::update_key(parts->prefix, t1, UINT64_MAX);
    rocksdb::ReadOptions range_options;
    rocksdb::Slice range_upper(range_end);
    range_options.iterate_upper_bound = &range_upper;
    std::unique_ptr<rocksdb::Iterator> it(db_.db().NewIterator(range_options, db_.updates()));
    for (it->Seek(codec::update_key(parts->prefix, t0, 0)); it->Valid(); it->Next()) {
      const auto key = it->key().ToStringView();
      auto key_parts = codec::parse_update_key(key);
      if (!key_parts) return Error{"damaged history key " + to_hex(key)};
      if (key_parts->time_us == after_time && key_parts->sequence <= after_seq) continue;
      Update u;
      if (!reader.read(it->value().ToStringView(), u))
        return Error{"damaged history record at key " + to_hex(key)};
      u.prefix = key_parts->prefix;
      u.time_us = key_parts->time_us;
      if (u.kind != UpdateKind::kAnnounce && u.kind != UpdateKind::kRibEntry) continue;
      const auto origins = u.origins();
      if (std::find(origins.begin(), origins.end(), query.asn) == origins.end()) continue;
      if (!query.filter.matches_route(u)) continue;
      hour.push_back({u.time_us, key_parts->sequence, std::move(u)});
    }
    if (!it->status().ok()) return Error{"history scan failed: " + it->status().ToString()};
  }
  if (!index->status().ok()) return Error{"origin scan failed: " + index->status().ToString()};
  if (auto token = flush_hour()) return *token;
  return std::string();
}

}  // namespace bgpsentry
