#include "storage/history_store.h"

#include <rocksdb/write_batch.h>

#include <spdlog/spdlog.h>

#include <cstdlib>

#include "agent/core/parse_number.h"
#include "storage/codec.h"
#include "storage/meta_store.h"

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

HistoryStore::HistoryStore(Database& db) : db_(db) {
  std::string value;
  if (db_.db().Get(rocksdb::ReadOptions(), db_.meta(), kSequenceKey, &value).ok()) {
    const auto seq = parse_u64(value);
    if (!seq) {
      // Reusing sequence numbers would overwrite history: refuse loudly.
      spdlog::critical("store {}: {} is damaged ('{}'); refusing to write", db_.dir(), kSequenceKey,
                       value);
      std::abort();
    }
    next_sequence_ = *seq;
  }
}

Status HistoryStore::write(const UpdateBatch& batch) {
  rocksdb::WriteBatch wb;
  uint64_t seq = next_sequence_.load();
  for (const auto& u : batch.updates) {
    if (u.kind == UpdateKind::kPeerState) continue;  // peer state is kept by the route table
    wb.Put(db_.updates(), codec::update_key(u.prefix, u.time_us, seq++),
           codec::encode_update_value(u));
  }
  wb.Put(db_.meta(), kSequenceKey, std::to_string(seq));
  if (batch.cursor)
    wb.Put(db_.meta(), MetaStore::cursor_key(batch.cursor->key), batch.cursor->value);
  auto status = db_.db().Write(rocksdb::WriteOptions(), &wb);
  if (!status.ok()) return Error{"history write failed: " + status.ToString()};
  next_sequence_ = seq;
  return ok_status();
}

Result<std::string> HistoryStore::scan(const HistoryQuery& query,
                                       const std::function<void(const Update&)>& fn) const {
  const std::string start = codec::update_key(query.prefix, query.from_us, 0);
  std::string seek = start;
  if (!query.page_token.empty()) {
    auto key = from_hex(query.page_token);
    auto parts = key ? codec::parse_update_key(*key) : std::nullopt;
    if (!parts || parts->prefix != query.prefix) return Error{"invalid page token"};
    seek = *key;
    seek.push_back('\0');  // the smallest key after it
  }
  const std::string end = query.to_us == std::numeric_limits<int64_t>::max()
                              ? codec::prefix_key(query.prefix) + std::string(17, '\xff')
                              : codec::update_key(query.prefix, query.to_us + 1, 0);
  rocksdb::ReadOptions options;
  rocksdb::Slice upper(end);
  options.iterate_upper_bound = &upper;
  std::unique_ptr<rocksdb::Iterator> it(db_.db().NewIterator(options, db_.updates()));
  size_t n = 0;
  std::string last_key;
  for (it->Seek(std::max(seek, start)); it->Valid(); it->Next()) {
    const auto key = it->key().ToStringView();
    if (query.limit && n == query.limit) return to_hex(last_key);
    auto parts = codec::parse_update_key(key);
    Update u;
    if (!parts || !codec::decode_update_value(it->value().ToStringView(), u))
      return Error{"damaged history record at key " + to_hex(key)};
    u.prefix = parts->prefix;
    u.time_us = parts->time_us;
    fn(u);
    ++n;
    last_key.assign(key);
  }
  if (!it->status().ok()) return Error{"history scan failed: " + it->status().ToString()};
  return std::string();
}

}  // namespace bgpsentry
