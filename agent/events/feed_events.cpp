#include "agent/events/feed_events.h"

#include <spdlog/spdlog.h>

#include "agent/core/thread_name.h"
#include "storage/event_store.h"

namespace bgpsentry {
namespace {

// What a problem is called in an event's subject, and the evidence tag it carries.
struct ProblemNames {
  const char* word;
  const char* tag;
};
ProblemNames names_of(FeedProblem problem) {
  switch (problem) {
    case FeedProblem::kOutage:
      return {"outage", "no_data_from_feed"};
    case FeedProblem::kOverload:
      return {"updates shed", "pipeline_overloaded"};
    case FeedProblem::kStoreWrites:
      break;
  }
  return {"writes failing", "store_failing"};
}

const char* problem_word(FeedProblem problem) {
  return names_of(problem).word;
}

// "SOURCE: PROBLEM" (feed_event_subject) → SOURCE.
std::string source_of(const std::string& subject) {
  return subject.substr(0, subject.rfind(": "));
}

}  // namespace

std::string feed_event_subject(const std::string& source, FeedProblem problem) {
  return source + ": " + problem_word(problem);
}

FeedEvents::FeedEvents(EventStore* store, AlertEmitter& notices, StoreHealth* health)
    : store_(store), notices_(notices), health_(health ? *health : own_health_) {
  thread_ = named_thread("bgps-feed-events", [this] { run(); });
}

FeedEvents::~FeedEvents() {
  stop();
}

void FeedEvents::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void FeedEvents::drain() {
  std::unique_lock lock(mu_);
  drained_.wait(lock, [&] { return (queue_.empty() && !publishing_) || stopped_; });
}

void FeedEvents::run() {
  std::unique_lock lock(mu_);
  while (true) {
    wake_.wait(lock, [&] { return !queue_.empty() || stopping_; });
    if (queue_.empty()) {  // stopping, all published
      stopped_ = true;
      drained_.notify_all();
      return;
    }
    Change change = std::move(queue_.front());
    queue_.pop_front();
    publishing_ = true;
    lock.unlock();
    publish(change);
    lock.lock();
    publishing_ = false;
    drained_.notify_all();
  }
}

Status FeedEvents::restore(const std::set<std::string>& live_sources, int64_t now_us) {
  if (!store_) return ok_status();
  auto events = store_->ongoing();
  if (!events) return Error{events.error()};
  {
    std::lock_guard lock(mu_);
    for (auto& e : *events) {
      if (!is_source_feed_event(e)) continue;
      const bool outage = e.subject.ends_with(problem_word(FeedProblem::kOutage));
      const std::string source = source_of(e.subject);
      if (outage && live_sources.count(source)) {
        ongoing_.emplace(Key{source, FeedProblem::kOutage}, std::move(e));
        continue;
      }
      end(e, now_us, "the agent restarted");
    }
    if (!ongoing_.empty())
      spdlog::info("{} ongoing feed outages restored from the store", ongoing_.size());
  }
  wake_.notify_all();
  return ok_status();
}

void FeedEvents::feed_problem_started(const std::string& source, FeedProblem problem,
                                      int64_t since_us, const std::string& detail) {
  std::unique_lock lock(mu_);
  auto [it, added] = ongoing_.try_emplace(Key{source, problem});
  Event& e = it->second;
  if (!added) {  // e.g. a stale feed that then dropped: the same outage goes on
    e.last_seen_us = std::max(e.last_seen_us, since_us);
    return;
  }
  e.id = store_ ? store_->next_id() : ++memory_ids_;
  e.type = AlertType::kFeed;
  e.status = EventStatus::kOngoing;
  e.subject = feed_event_subject(source, problem);
  e.start_us = e.last_seen_us = since_us;
  // Nothing to weigh: the agent saw it itself.
  e.confidence = 10;
  e.tags = {{names_of(problem).tag, 10}};
  e.description =
      (problem == FeedProblem::kStoreWrites ? "the " : "source ") + source + ": " + detail;
  queue_.push_back({e, EventNotice::kStarted});
  lock.unlock();
  wake_.notify_all();
}

void FeedEvents::feed_problem_ended(const std::string& source, FeedProblem problem, int64_t at_us,
                                    const std::string& detail) {
  std::unique_lock lock(mu_);
  auto it = ongoing_.find(Key{source, problem});
  if (it == ongoing_.end()) return;
  end(it->second, at_us, detail);
  ongoing_.erase(it);
  lock.unlock();
  wake_.notify_all();
}

void FeedEvents::end(Event& e, int64_t at_us, const std::string& detail) {
  e.status = EventStatus::kEnded;
  e.end_us = std::max(at_us, e.start_us);
  e.last_seen_us = std::max(e.last_seen_us, e.end_us);
  e.description += "; ended: " + detail;
  queue_.push_back({e, EventNotice::kEnded});
}

void FeedEvents::publish(const Change& change) {
  const Event& e = change.event;
  const EventNotice notice = change.notice;
  // Stored before the alert that names it, as the EventBook does; given up only at
  // shutdown with the store failing (then the restart ends it).
  if (store_)
    if (auto st = health_.retry("event", [&] { return store_->put({&e}); }); !st)
      spdlog::error("feed event {} not stored: {}", e.id, st.error());
  Alert a;
  a.type = AlertType::kFeed;
  a.first_seen_us = e.start_us;
  a.last_seen_us = e.last_seen_us;
  a.description = e.description;
  a.source = source_of(e.subject);
  a.subject = e.subject;
  a.event_id = e.id;
  a.notice = notice;
  a.confidence = e.confidence;
  notices_.emit(std::move(a));
}

size_t FeedEvents::ongoing() const {
  std::lock_guard lock(mu_);
  return ongoing_.size();
}

}  // namespace bgpsentry
