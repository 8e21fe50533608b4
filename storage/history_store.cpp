#include "storage/history_store.h"

#include <rocksdb/write_batch.h>

#include <spdlog/spdlog.h>

#include <cstdlib>

#include "agent/core/parse_number.h"
#include "storage/codec.h"
#include "storage/meta_store.h"
#include "storage/schema_migration.h"

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

HistoryStore::HistoryStore(Database& db) : db_(db), peers_(db) {
  // Reusing sequence numbers would overwrite history: a damaged counter is refused loudly.
  auto load = [&](const char* key) -> uint64_t {
    std::string value;
    if (!db_.db().Get(rocksdb::ReadOptions(), db_.meta(), key, &value).ok()) return 0;
    const auto seq = parse_u64(value);
    if (!seq) {
      spdlog::critical("store {}: {} is damaged ('{}'); refusing to write", db_.dir(), key, value);
      std::abort();
    }
    return *seq;
  };
  next_sequence_ = load(kSequenceKey);
  next_peer_event_ = load(kPeerEventKey);
}

Status HistoryStore::write(const UpdateBatch& batch) {
  rocksdb::WriteBatch wb;
  uint64_t seq = next_sequence_.load();
  uint64_t peer_event = next_peer_event_;
  for (const auto& u : batch.updates) {
    if (u.kind == UpdateKind::kPeerState) {
      peers_.record(wb, u, peer_event++);
      continue;
    }
    peers_.record(wb, u, 0);
    const std::string prefix_key = codec::prefix_key(u.prefix);
    add_origin_index(wb, db_, u, prefix_key, seq);
    wb.Put(db_.updates(), codec::update_key(u.prefix, u.time_us, seq++),
           codec::encode_update_value(u));
  }
  wb.Put(db_.meta(), kSequenceKey, std::to_string(seq));
  if (peer_event != next_peer_event_) wb.Put(db_.meta(), kPeerEventKey, std::to_string(peer_event));
  if (batch.cursor)
    wb.Put(db_.meta(), MetaStore::cursor_key(batch.cursor->key), batch.cursor->value);
  auto status = db_.db().Write(rocksdb::WriteOptions(), &wb);
  if (!status.ok()) return Error{"history write failed: " + status.ToString()};
  next_sequence_ = seq;
  next_peer_event_ = peer_event;
  return ok_status();
}

Result<std::string> HistoryStore::scan(const HistoryQuery& query,
                                       const std::function<void(const Update&)>& fn) const {
  const Prefix& target = query.prefix;
  // Key ranges in key order: covering prefixes (a shorter length sorts first), then the
  // prefix alone or with its more-specifics (one contiguous subtree of keys).
  struct Range {
    std::string begin, end;
  };
  auto time_end = [&](const Prefix& p) {
    return query.to_us == std::numeric_limits<int64_t>::max()
               ? codec::prefix_key(p) + std::string(17, '\xff')
               : codec::update_key(p, query.to_us + 1, 0);
  };
  std::vector<Range> ranges;
  if (query.less_specific)
    for (int length = 0; length < target.length(); ++length) {
      const Prefix covering(target.address(), length);
      ranges.push_back({codec::update_key(covering, query.from_us, 0), time_end(covering)});
    }
  ranges.push_back({codec::update_key(target, query.from_us, 0),
                    query.more_specific ? codec::subtree_end_key(target) : time_end(target)});

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
        it->Seek(codec::prefix_key(parts->prefix) + std::string(17, '\xff'));
        continue;
      }
      Update u;
      if (!codec::decode_update_value(it->value().ToStringView(), u))
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

Result<std::string> HistoryStore::scan_origin(const OriginQuery& query,
                                              const std::function<void(const Update&)>& fn) const {
  std::string seek = codec::origin_key(query.asn, query.from_us, 0);
  if (!query.page_token.empty()) {
    auto key = from_hex(query.page_token);
    auto parts = key ? codec::parse_origin_key(*key) : std::nullopt;
    if (!parts || parts->asn != query.asn) return Error{"invalid page token"};
    seek = std::max(seek, *key + '\0');
  }
  const std::string end = query.to_us == std::numeric_limits<int64_t>::max()
                              ? codec::origin_key(query.asn, query.to_us, UINT64_MAX) + '\xff'
                              : codec::origin_key(query.asn, query.to_us + 1, 0);
  rocksdb::ReadOptions options;
  rocksdb::Slice upper(end);
  options.iterate_upper_bound = &upper;
  std::unique_ptr<rocksdb::Iterator> it(db_.db().NewIterator(options, db_.by_origin()));
  size_t n = 0;
  std::string last_key, value;
  for (it->Seek(seek); it->Valid(); it->Next()) {
    const auto key = it->key().ToStringView();
    const auto parts = codec::parse_origin_key(key);
    if (!parts) return Error{"damaged origin index key " + to_hex(key)};
    // The index value is the update's prefix key; time and sequence complete its key.
    std::string update_key(it->value().ToStringView());
    update_key.append(key.substr(4));
    auto status = db_.db().Get(rocksdb::ReadOptions(), db_.updates(), update_key, &value);
    if (status.IsNotFound()) continue;  // removed by retention after the index entry was read
    if (!status.ok()) return Error{"history read failed: " + status.ToString()};
    auto update_parts = codec::parse_update_key(update_key);
    Update u;
    if (!update_parts || !codec::decode_update_value(value, u))
      return Error{"damaged history record at key " + to_hex(update_key)};
    u.prefix = update_parts->prefix;
    u.time_us = update_parts->time_us;
    if (!query.filter.matches_route(u)) continue;
    if (query.limit && n == query.limit) return to_hex(last_key);
    if (query.stop && query.stop()) return std::string();
    fn(u);
    ++n;
    last_key.assign(key);
  }
  if (!it->status().ok()) return Error{"origin scan failed: " + it->status().ToString()};
  return std::string();
}

}  // namespace bgpsentry
