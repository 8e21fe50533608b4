// Events by id. Written by the engine thread's EventBook whenever an event starts, changes
// or ends; read by the API. Ids are never reused, across restarts too.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "agent/core/result.h"
#include "agent/model/event.h"
#include "agent/model/silence.h"
#include "storage/database.h"
#include "storage/record_log.h"

namespace bgpsentry {

class EventStore {
 public:
  explicit EventStore(Database& db);

  // The id the next event gets (ids already written are never handed out again).
  uint64_t next_id() { return ++last_id_; }
  // Stores (or replaces) events in one atomic write.
  Status put(const std::vector<const Event*>& events);
  std::optional<Event> get(uint64_t id) const;
  // Events with id < before_id (0: from the newest), newest first, at most `limit`
  // (0: all); stops early when fn returns false.
  Status for_each_before(uint64_t before_id, size_t limit,
                         const std::function<bool(const Event&)>& fn) const;
  // Every ONGOING event, for the EventBook to go on with after a restart.
  Result<std::vector<Event>> ongoing() const;
  uint64_t last_id() const { return last_id_.load(); }

  // Acknowledgements, kept apart from the events (which the engine rewrites as they change).
  Status acknowledge(const EventAck& ack);
  std::optional<EventAck> ack(uint64_t event_id) const;

 private:
  Database& db_;
  std::atomic<uint64_t> last_id_{0};
  RecordLog acks_;
};

}  // namespace bgpsentry
