// FEED events about the ingest sources themselves: each outage of a live feed (a gap:
// disconnected or stale) and each spell of shed updates is one event, ONGOING while it
// lasts and ENDED when the feed is back, with an alert when it starts and when it ends.
// Sources report from their own threads, so unlike the EventBook this is thread-safe and
// runs on the wall clock. Events are stored like the detectors' (bgpctl events, ListEvents),
// under the same rule: a failed write is retried through StoreHealth, never dropped. The
// store writes and notices run on a thread of its own, in order: a source (or the store's
// own recovery announcement, heard on whichever thread's write recovered) only queues a
// change, and never waits on the store or on a lock held across a retry.
#pragma once

#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <utility>

#include "agent/core/result.h"
#include "agent/ingest/feed_observer.h"
#include "agent/model/alert_emitter.h"
#include "agent/model/event.h"
#include "storage/store_health.h"

namespace bgpsentry {

class EventStore;

class FeedEvents : public FeedObserver {
 public:
  // `store` may be null (events then live in memory only). Notices go to `notices`. A
  // failed store write is retried through `health` (null: its own).
  FeedEvents(EventStore* store, AlertEmitter& notices, StoreHealth* health = nullptr);
  ~FeedEvents() override;
  FeedEvents(const FeedEvents&) = delete;
  FeedEvents& operator=(const FeedEvents&) = delete;

  // Goes on with the ONGOING feed events of a previous run. An outage of a source in
  // `live_sources` goes on until that source has data again; the others (overload, a
  // source no longer configured) ended with the run that saw them, at `now_us`.
  Status restore(const std::set<std::string>& live_sources, int64_t now_us);

  void feed_problem_started(const std::string& source, FeedProblem problem, int64_t since_us,
                            const std::string& detail) override;
  void feed_problem_ended(const std::string& source, FeedProblem problem, int64_t at_us,
                          const std::string& detail) override;

  size_t ongoing() const;
  // Waits until every change so far is stored and its notice sent.
  void drain();
  // Publishes what is queued (a failing store gives up after StoreHealth's grace), then
  // ends the thread. Later changes are kept in memory only.
  void stop();

 private:
  using Key = std::pair<std::string, FeedProblem>;
  struct Change {
    Event event;
    EventNotice notice;
  };
  // Under mu_: ends `e` and queues it.
  void end(Event& e, int64_t at_us, const std::string& detail);
  void run();
  // On the thread: stores the event, then sends its notice.
  void publish(const Change& change);

  EventStore* store_;
  AlertEmitter& notices_;
  StoreHealth own_health_;
  StoreHealth& health_;
  mutable std::mutex mu_;
  std::condition_variable wake_, drained_;
  std::map<Key, Event> ongoing_;
  std::deque<Change> queue_;
  bool publishing_ = false, stopping_ = false, stopped_ = false;
  uint64_t memory_ids_ = 0;
  std::thread thread_;
};

// "SOURCE: PROBLEM" (see is_source_feed_event).
std::string feed_event_subject(const std::string& source, FeedProblem problem);

}  // namespace bgpsentry
