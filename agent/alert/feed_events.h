// FEED events about the ingest sources themselves: each outage of a live feed (a gap:
// disconnected or stale) and each spell of shed updates is one event, ONGOING while it
// lasts and ENDED when the feed is back, with an alert when it starts and when it ends.
// Sources report from their own threads, so unlike the EventBook this is thread-safe and
// runs on the wall clock. Events are stored like the detectors' (bgpctl events, ListEvents).
#pragma once

#include <map>
#include <mutex>
#include <set>
#include <string>
#include <utility>

#include "agent/alert/event.h"
#include "agent/core/result.h"
#include "agent/detect/detector.h"
#include "agent/ingest/feed_observer.h"

namespace bgpsentry {

class EventStore;

class FeedEvents : public FeedObserver {
 public:
  // `store` may be null (events then live in memory only). Notices go to `notices`.
  FeedEvents(EventStore* store, AlertEmitter& notices);

  // Goes on with the ONGOING feed events of a previous run. An outage of a source in
  // `live_sources` goes on until that source has data again; the others (overload, a
  // source no longer configured) ended with the run that saw them, at `now_us`.
  Status restore(const std::set<std::string>& live_sources, int64_t now_us);

  void feed_problem_started(const std::string& source, FeedProblem problem, int64_t since_us,
                            const std::string& detail) override;
  void feed_problem_ended(const std::string& source, FeedProblem problem, int64_t at_us,
                          const std::string& detail) override;

  size_t ongoing() const;

 private:
  using Key = std::pair<std::string, FeedProblem>;
  void end(Event& e, int64_t at_us, const std::string& detail);  // under mu_
  void persist_and_notify(const Event& e, EventNotice notice);   // under mu_

  EventStore* store_;
  AlertEmitter& notices_;
  mutable std::mutex mu_;
  std::map<Key, Event> ongoing_;
  uint64_t memory_ids_ = 0;
};

// "SOURCE: PROBLEM" (see is_source_feed_event).
std::string feed_event_subject(const std::string& source, FeedProblem problem);

}  // namespace bgpsentry
