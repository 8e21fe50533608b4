#include "storage/event_store.h"

#include <rocksdb/write_batch.h>

#include <memory>

#include "storage/codec.h"

namespace bgpsentry {

EventStore::EventStore(Database& db) : db_(db), acks_(db, db.acks(), "event acknowledgement") {
  std::unique_ptr<rocksdb::Iterator> it(db_.db().NewIterator(rocksdb::ReadOptions(), db_.events()));
  it->SeekToLast();
  if (it->Valid() && it->key().size() == 8) last_id_ = codec::get_be64(it->key().data());
}

Status EventStore::put(const std::vector<const Event*>& events) {
  if (events.empty()) return ok_status();
  rocksdb::WriteBatch batch;
  for (const Event* e : events)
    batch.Put(db_.events(), codec::event_key(e->id), codec::encode_event(*e));
  auto status = db_.db().Write(rocksdb::WriteOptions(), &batch);
  if (!status.ok()) return Error{"cannot store events: " + status.ToString()};
  return ok_status();
}

std::optional<Event> EventStore::get(uint64_t id) const {
  std::string value;
  if (!db_.db().Get(rocksdb::ReadOptions(), db_.events(), codec::event_key(id), &value).ok())
    return std::nullopt;
  Event event;
  if (!codec::decode_event(value, event)) return std::nullopt;
  return event;
}

Status EventStore::for_each_before(uint64_t before_id, size_t limit,
                                   const std::function<bool(const Event&)>& fn) const {
  std::unique_ptr<rocksdb::Iterator> it(db_.db().NewIterator(rocksdb::ReadOptions(), db_.events()));
  size_t n = 0;
  if (before_id == 0)
    it->SeekToLast();
  else
    it->SeekForPrev(codec::event_key(before_id - 1));
  for (; it->Valid(); it->Prev()) {
    if (limit && n == limit) break;
    Event event;
    if (it->key().size() != 8) return Error{"damaged event key in the store"};
    if (!codec::decode_event(it->value().ToStringView(), event))
      return Error{"damaged event record " + std::to_string(codec::get_be64(it->key().data()))};
    ++n;
    if (!fn(event)) break;
  }
  if (!it->status().ok()) return Error{"event scan failed: " + it->status().ToString()};
  return ok_status();
}

Result<std::vector<Event>> EventStore::ongoing() const {
  std::vector<Event> out;
  auto st = for_each_before(0, 0, [&](const Event& e) {
    if (e.status == EventStatus::kOngoing) out.push_back(e);
    return true;
  });
  if (!st) return Error{st.error()};
  return out;
}

Status EventStore::acknowledge(const EventAck& ack) {
  return acks_.put(ack.event_id, codec::encode_ack(ack));
}

std::optional<EventAck> EventStore::ack(uint64_t event_id) const {
  auto value = acks_.get(event_id);
  EventAck a;
  if (!value || !codec::decode_ack(*value, a)) return std::nullopt;
  a.event_id = event_id;
  return a;
}

}  // namespace bgpsentry
